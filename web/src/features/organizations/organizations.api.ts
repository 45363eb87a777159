import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../api/client';
import type { Organization, OrganizationAbilities, OrganizationRow, OrganizationType, Page, Single } from '../../api/types';

export const organizationKeys = {
  all: ['organizations'] as const,
  list: (query: Query) => ['organizations', 'list', query] as const,
  one: (id: string) => ['organizations', 'one', id] as const,
};

export function useOrganizationList(query: Query, enabled = true) {
  return useQuery({
    queryKey: organizationKeys.list(query),
    queryFn: ({ signal }) => api.get<Page<OrganizationRow>>('/organizations', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOrganization(id: string | undefined) {
  return useQuery({
    queryKey: organizationKeys.one(id ?? ''),
    queryFn: () => api.get<Single<Organization, OrganizationAbilities>>(`/organizations/${encodeURIComponent(id ?? '')}`),
    enabled: !!id,
  });
}

export interface OrganizationInput {
  type: OrganizationType;
  name: string;
  parentId?: string | null;
  uscc?: string | null;
  districtCode?: string | null;
}

function useInvalidatingMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: organizationKeys.all }),
  });
}

export function useCreateOrganization() {
  return useInvalidatingMutation((input: OrganizationInput) =>
    api.post<Single<Organization, OrganizationAbilities>>('/organizations', input),
  );
}

export function useUpdateOrganization() {
  return useInvalidatingMutation(({ id, ...patch }: { id: string; version: number } & Omit<Partial<OrganizationInput>, 'type'>) =>
    api.patch<Single<Organization, OrganizationAbilities>>(`/organizations/${encodeURIComponent(id)}`, patch),
  );
}

export function useSetOrganizationActive() {
  return useInvalidatingMutation(({ id, version, active }: { id: string; version: number; active: boolean }) =>
    api.post<Single<Organization, OrganizationAbilities>>(
      `/organizations/${encodeURIComponent(id)}/${active ? 'activate' : 'deactivate'}`,
      { version },
    ),
  );
}
