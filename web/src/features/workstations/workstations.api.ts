import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../api/client';
import type { Page } from '../../api/types';
import { useSession } from '../../auth/session';
import { postForm } from './form-upload';
import type {
  Branch,
  PublicWorkstation,
  StaffMember,
  TrainingRecord,
  WorkstationDocument,
  WorkstationProfileInput,
  WorkstationRow,
  WorkstationSingle,
} from './types';

export const workstationKeys = {
  all: ['workstations'] as const,
  list: (query: Query) => ['workstations', 'list', query] as const,
  one: (id: string) => ['workstations', 'one', id] as const,
  directory: (query: Query) => ['public', 'workstations', query] as const,
};

const path = (id: string, rest = '') => `/workstations/${encodeURIComponent(id)}${rest}`;

export function useWorkstationList(query: Query) {
  return useQuery({
    queryKey: workstationKeys.list(query),
    queryFn: ({ signal }) => api.get<Page<WorkstationRow>>('/workstations', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useWorkstation(id: string | undefined) {
  return useQuery({
    queryKey: workstationKeys.one(id ?? ''),
    queryFn: () => api.get<WorkstationSingle>(path(id ?? '')),
    enabled: !!id,
    meta: { silent: true },
  });
}

/** The public directory (no login): active workstations only. */
export function usePublicDirectory(query: Query) {
  return useQuery({
    queryKey: workstationKeys.directory(query),
    queryFn: ({ signal }) => api.get<Page<PublicWorkstation>>('/public/workstations', query, signal),
    placeholderData: keepPreviousData,
  });
}

/** Mutations answer with the whole detail; it replaces the cached one and lists refetch. */
function useWorkstationMutation<V>(mutationFn: (variables: V) => Promise<WorkstationSingle>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result) => queryClient.setQueryData(workstationKeys.one(result.data.id), result),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workstationKeys.all }),
  });
}

export function useCreateWorkstation() {
  return useWorkstationMutation((input: WorkstationProfileInput & { hostId: string; name: string }) =>
    api.post<WorkstationSingle>('/workstations', input),
  );
}

export function useUpdateWorkstation() {
  return useWorkstationMutation(({ id, ...patch }: WorkstationProfileInput & { id: string; version: number }) =>
    api.patch<WorkstationSingle>(path(id), patch),
  );
}

export function useTransition() {
  return useWorkstationMutation(({ id, ...body }: { id: string; action: string; version: number; reason?: string | null }) =>
    api.post<WorkstationSingle>(path(id, '/transitions'), body),
  );
}

export function useDecideChange() {
  return useWorkstationMutation(
    ({ id, changeId, ...body }: { id: string; changeId: string; decision: 'approve' | 'reject'; reason?: string | null }) =>
      api.post<WorkstationSingle>(path(id, `/changes/${encodeURIComponent(changeId)}/decision`), body),
  );
}

/** Invalidate the detail after a change that answers with a part of it (a document, staff, a branch). */
function usePartMutation<V, R>(id: string, mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: workstationKeys.one(id) }),
  });
}

export function useUploadDocument(id: string) {
  const { session } = useSession();
  return usePartMutation(id, async ({ file, kind }: { file: File; kind: string }) => {
    const form = new FormData();
    form.set('kind', kind);
    form.set('file', file, file.name);
    const { body } = await postForm<{ data: WorkstationDocument }>(path(id, '/documents'), form, session?.csrfToken ?? null);
    return body.data;
  });
}

export const documentUrl = (id: string, documentId: string) => `/api${path(id, `/documents/${encodeURIComponent(documentId)}`)}`;

export interface StaffInput {
  name: string;
  title?: string | null;
  fullTime: boolean;
  qualifications: string[];
  training: TrainingRecord[];
  active?: boolean;
  userId?: string | null;
}

export function useSaveStaff(id: string) {
  return usePartMutation(id, ({ staffId, version, ...body }: StaffInput & { staffId?: string; version?: number }) =>
    staffId
      ? api.patch<{ data: StaffMember }>(path(id, `/staff/${encodeURIComponent(staffId)}`), { ...body, version })
      : api.post<{ data: StaffMember }>(path(id, '/staff'), body),
  );
}

export function useSaveBranch(id: string) {
  return usePartMutation(id, ({ branchId, version, ...body }: { branchId?: string; version?: number; name: string; hostUnit?: string | null; address?: string | null }) =>
    branchId
      ? api.patch<{ data: Branch }>(path(id, `/branches/${encodeURIComponent(branchId)}`), { ...body, version })
      : api.post<{ data: Branch }>(path(id, '/branches'), body),
  );
}

export function useRemoveBranch(id: string) {
  return usePartMutation(id, ({ branchId, version }: { branchId: string; version: number }) =>
    api.delete(path(id, `/branches/${encodeURIComponent(branchId)}?version=${version}`)),
  );
}

export interface AgencyOption {
  subjectType: 'user' | 'agency';
  subjectId: string;
  name: string;
}

/** Agencies on the platform, to choose a workstation's partners from (GET /api/professionals). */
export function useAgencies(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['professionals', 'list', { kind: 'agency', q }],
    queryFn: ({ signal }) => api.get<{ items: AgencyOption[] }>('/professionals', { kind: 'agency', q, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface AccountOption {
  id: string;
  username: string;
  displayName: string;
}

/** The accounts holding a role in the workstation: the ones a staff record may be linked to. */
export function useWorkstationAccounts(workstationId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'list', { organizationId: workstationId, active: true, pageSize: 100, for: 'staff' }],
    queryFn: ({ signal }) => api.get<{ items: AccountOption[] }>('/users', { organizationId: workstationId, active: true, pageSize: 100 }, signal),
    enabled,
  });
}
