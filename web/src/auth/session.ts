import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from '../api/client';
import type { Role, Session, User } from '../api/types';

export const sessionKey = ['auth', 'me'] as const;

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/auth/me');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The signed-in user, or null; undefined while the first /auth/me is in flight. */
export function useSession() {
  const query = useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Infinity, retry: false });
  return { session: query.data, isPending: query.isPending };
}

/** The signed-in user; only for components rendered behind RequireAuth. */
export function useCurrentUser(): User {
  const { session } = useSession();
  if (!session) throw new Error('useCurrentUser outside a signed-in route');
  return session.user;
}

export function storeSession(queryClient: QueryClient, session: Session | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  queryClient.setQueryData(sessionKey, session);
}

export function markMfaEnrolmentRequired(queryClient: QueryClient): void {
  queryClient.setQueryData<Session | null>(sessionKey, (current) => (current ? { ...current, mfaEnrolmentRequired: true } : current));
}

export function markPasswordChangeRequired(queryClient: QueryClient): void {
  queryClient.setQueryData<Session | null>(sessionKey, (current) =>
    current ? { ...current, user: { ...current.user, mustChangePassword: true } } : current,
  );
}

/**
 * Signs out and reloads on the sign-in page, so nothing of this user's data stays in memory for
 * whoever signs in next.
 */
export async function signOut(): Promise<void> {
  try {
    await api.post('/auth/logout');
  } catch {
    // Signing out locally is what matters; an expired session is already gone on the server.
  }
  setCsrfToken(null);
  window.location.replace('/login');
}

export function hasRole(user: User, ...roles: Role[]): boolean {
  return user.roles.some((membership) => roles.includes(membership.role));
}
