import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import { useSession } from '../../auth/session';
import { postForm } from '../workstations/form-upload';

// Shapes of /api/cases/{id}/documents as the web uses them (see the OpenAPI document).

export const CONFIDENTIALITY_LEVELS = ['public', 'internal', 'confidential', 'trade_secret'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY_LEVELS)[number];

export interface NamedUser {
  userId: string;
  name: string;
}

export interface CaseDocument {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  confidentiality: Confidentiality;
  sharedWithEnterprise: boolean;
  fromEnterprise: boolean;
  uploader: { id: string; name: string | null } | null;
  createdAt: string;
  /** Only for those who decide who is named (otherwise null). */
  namedUsers: NamedUser[] | null;
  abilities: { canDownload: boolean; canDelete: boolean; canManageAccess: boolean };
}

export type CandidateKind = 'staff' | 'assignee' | 'enterprise';

export interface CaseDocuments {
  items: CaseDocument[];
  /** People who can open the case, who may be named on a trade secret. */
  candidates: (NamedUser & { kind: CandidateKind })[];
  abilities: { upload: boolean };
}

/** Under ['cases'], so every case mutation refreshes the documents too. */
const documentsKey = (id: string) => ['cases', 'documents', id] as const;
const base = (id: string) => `/cases/${encodeURIComponent(id)}/documents`;
const one = (id: string, documentId: string) => `${base(id)}/${encodeURIComponent(documentId)}`;

export function useCaseDocuments(id: string) {
  return useQuery({
    queryKey: documentsKey(id),
    queryFn: ({ signal }) => api.get<CaseDocuments>(base(id), undefined, signal),
  });
}

/** Address of a document; the browser downloads it with the session cookie. */
export const caseDocumentUrl = (id: string, documentId: string) => `/api${one(id, documentId)}`;

/** Every change may add a timeline entry: the case and its documents refresh. */
function useDocumentMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['cases'] }),
  });
}

export interface UploadCaseDocumentInput {
  file: File;
  confidentiality: Confidentiality;
  sharedWithEnterprise: boolean;
}

export function useUploadCaseDocument(id: string) {
  const { session } = useSession();
  return useDocumentMutation(async ({ file, confidentiality, sharedWithEnterprise }: UploadCaseDocumentInput) => {
    const form = new FormData();
    form.set('confidentiality', confidentiality);
    form.set('sharedWithEnterprise', String(sharedWithEnterprise));
    form.set('file', file, file.name);
    const { body } = await postForm<{ data: CaseDocument }>(base(id), form, session?.csrfToken ?? null);
    return body.data;
  });
}

export function useDeleteCaseDocument(id: string) {
  return useDocumentMutation((documentId: string) => api.delete(one(id, documentId)));
}

export function useDocumentAccess(id: string) {
  return useDocumentMutation(({ documentId, userId, named }: { documentId: string; userId: string; named: boolean }) => {
    const url = `${one(id, documentId)}/access/${encodeURIComponent(userId)}`;
    return request<{ data: CaseDocument }>(url, { method: named ? 'PUT' : 'DELETE' });
  });
}
