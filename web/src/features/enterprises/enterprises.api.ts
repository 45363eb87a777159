import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../api/client';
import { useSession } from '../../auth/session';
import { postForm } from '../workstations/form-upload';
import type { EnterprisePage, EnterpriseSingle, ImportMode, ImportResult, Invitation, InvitationStatus, Job } from './types';

export const enterpriseKeys = {
  all: ['enterprises'] as const,
  list: (query: Query) => ['enterprises', 'list', query] as const,
  one: (id: string) => ['enterprises', 'one', id] as const,
  invitations: (query: Query) => ['invitations', query] as const,
  job: (id: string) => ['jobs', id] as const,
};

const path = (id: string, rest = '') => `/enterprises/${encodeURIComponent(id)}${rest}`;

export function useEnterpriseList(query: Query) {
  return useQuery({
    queryKey: enterpriseKeys.list(query),
    queryFn: ({ signal }) => api.get<EnterprisePage>('/enterprises', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEnterprise(id: string | undefined) {
  return useQuery({
    queryKey: enterpriseKeys.one(id ?? ''),
    queryFn: () => api.get<EnterpriseSingle>(path(id ?? '')),
    enabled: !!id,
    meta: { silent: true },
  });
}

/** Names of several enterprises (e.g. for a list of invitations), one request each, cached. */
export function useEnterpriseNames(ids: string[]): Record<string, string> {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: enterpriseKeys.one(id),
      queryFn: () => api.get<EnterpriseSingle>(path(id)),
      staleTime: 60_000,
      meta: { silent: true },
    })),
  });
  return Object.fromEntries(results.flatMap((result) => (result.data ? [[result.data.data.id, result.data.data.name]] : [])));
}

export interface EnterpriseInput {
  uscc: string;
  name: string;
  districtCode?: string | null;
  address?: string | null;
  clusters?: string[];
  flags?: string[];
  contacts?: { name: string; phone?: string; email?: string; consentPurpose: string }[];
  workstationId?: string | null;
}

/**
 * Adds an enterprise by its code: `created` is false when the code was already registered and the
 * enterprise joined the caller's workstation instead (200).
 */
export function useAddEnterprise() {
  const queryClient = useQueryClient();
  const { session } = useSession();
  return useMutation({
    mutationFn: async (input: EnterpriseInput) => {
      const { status, body } = await postForm<EnterpriseSingle>('/enterprises', input, session?.csrfToken ?? null);
      return { ...body, created: status === 201 };
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: enterpriseKeys.all }),
  });
}

export function useUpdateEnterprise() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: Partial<Omit<EnterpriseInput, 'uscc' | 'workstationId'>> & { id: string; version: number }) =>
      api.patch<EnterpriseSingle>(path(id), patch),
    onSuccess: (result) => queryClient.setQueryData(enterpriseKeys.one(result.data.id), result),
    onSettled: () => queryClient.invalidateQueries({ queryKey: enterpriseKeys.all }),
  });
}

export function useInvitations(query: { enterpriseId?: string; status?: InvitationStatus | '' }, enabled = true) {
  return useQuery({
    queryKey: enterpriseKeys.invitations(query),
    queryFn: ({ signal }) => api.get<{ items: Invitation[] }>('/invitations', query, signal),
    enabled,
  });
}

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ enterpriseId, ...body }: { enterpriseId: string; name?: string | null; email?: string | null; workstationId?: string | null }) =>
      api.post<{ data: Invitation; code: string; emailed: boolean }>(path(enterpriseId, '/invitations'), body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['invitations'] }),
  });
}

export function useDecideInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; decision: 'approve' | 'reject' | 'revoke'; reason?: string | null }) =>
      api.post<{ data: Invitation }>(`/invitations/${encodeURIComponent(id)}/decision`, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['invitations'] }),
  });
}

/** What an import request answers: the result now (small files), or a job to poll (large ones). */
export type ImportStart = { result: ImportResult } | { jobId: string };

export function useImportEnterprises() {
  const queryClient = useQueryClient();
  const { session } = useSession();
  return useMutation({
    mutationFn: async ({ file, mode, workstationId }: { file: File; mode: ImportMode; workstationId?: string | null }): Promise<ImportStart> => {
      const form = new FormData();
      form.set('mode', mode);
      if (workstationId) form.set('workstationId', workstationId);
      form.set('file', file, file.name);
      // 400 with `data`: the import was refused (mode "all" with bad rows) and carries its report.
      const { status, body } = await postForm<{ data?: ImportResult; jobId?: string }>('/enterprises/imports', form, session?.csrfToken ?? null, [400]);
      if (status === 202 && body.jobId) return { jobId: body.jobId };
      return { result: body.data as ImportResult };
    },
    onSettled: (_data, _error, variables) => {
      if (variables.mode !== 'dry_run') void queryClient.invalidateQueries({ queryKey: enterpriseKeys.all });
    },
  });
}

/** A background job, polled every second until it ends. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: enterpriseKeys.job(id ?? ''),
    queryFn: () => api.get<{ data: Job }>(`/jobs/${encodeURIComponent(id ?? '')}`),
    enabled: !!id,
    select: (response) => response.data,
    refetchInterval: (query) => {
      const status = query.state.data?.data.status;
      return status === 'succeeded' || status === 'failed' ? false : 1000;
    },
  });
}
