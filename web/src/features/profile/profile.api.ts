import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ApiToken, SessionInfo } from '../../api/types';
import { sessionKey } from '../../auth/session';

const keys = {
  sessions: ['profile', 'sessions'] as const,
  tokens: ['profile', 'tokens'] as const,
};

export function useSessions() {
  return useQuery({ queryKey: keys.sessions, queryFn: () => api.get<{ items: SessionInfo[] }>('/auth/sessions') });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/auth/sessions/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.sessions }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: keys.tokens, queryFn: () => api.get<{ items: ApiToken[] }>('/auth/tokens') });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<{ data: ApiToken; token: string }>('/auth/tokens', { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.tokens }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/auth/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.tokens }),
  });
}

export function useTotpSetup() {
  return useMutation({ mutationFn: () => api.post<{ secret: string; otpauthUrl: string }>('/auth/totp/setup') });
}

export function useTotpToggle(action: 'enable' | 'disable') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post(`/auth/totp/${action}`, { code: code.trim() }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKey }),
  });
}
