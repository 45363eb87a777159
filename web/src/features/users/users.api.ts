import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../api/client';
import type { Membership, Page, Role, Single, User, UserAbilities, UserRow } from '../../api/types';

export const userKeys = {
  all: ['users'] as const,
  list: (query: Query) => ['users', 'list', query] as const,
  one: (id: string) => ['users', 'one', id] as const,
};

export function useUserList(query: Query) {
  return useQuery({
    queryKey: userKeys.list(query),
    queryFn: ({ signal }) => api.get<Page<UserRow>>('/users', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useUser(id: string | null) {
  return useQuery({
    queryKey: userKeys.one(id ?? ''),
    queryFn: () => api.get<Single<User, UserAbilities>>(`/users/${encodeURIComponent(id ?? '')}`),
    enabled: !!id,
  });
}

function useUserMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

const path = (id: string, rest = '') => `/users/${encodeURIComponent(id)}${rest}`;

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string;
  password: string;
  organizationId: string;
  role: Role;
}

export function useCreateUser() {
  return useUserMutation((input: CreateUserInput) => api.post<Single<User, UserAbilities>>('/users', input));
}

export function useUpdateUser() {
  return useUserMutation(
    ({ id, ...patch }: { id: string; version: number; displayName?: string; email?: string | null; locale?: string }) =>
      api.patch<Single<User, UserAbilities>>(path(id), patch),
  );
}

export function useSetUserActive() {
  return useUserMutation(({ id, version, active }: { id: string; version: number; active: boolean }) =>
    api.post<Single<User, UserAbilities>>(path(id, active ? '/activate' : '/deactivate'), { version }),
  );
}

export function useResetPassword() {
  return useUserMutation((id: string) => api.post<{ temporaryPassword: string }>(path(id, '/reset-password')));
}

export function useAddRole() {
  return useUserMutation(({ id, organizationId, role }: { id: string; organizationId: string; role: Role }) =>
    api.post<Membership | Single<Membership, unknown>>(path(id, '/roles'), { organizationId, role }),
  );
}

export function useRemoveRole() {
  return useUserMutation(({ id, membershipId }: { id: string; membershipId: string }) =>
    api.delete(path(id, `/roles/${encodeURIComponent(membershipId)}`)),
  );
}
