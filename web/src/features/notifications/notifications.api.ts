import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page } from '../../api/types';

// GET /api/notifications and marking them read, as the header's bell uses them.

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  /** Where the notification leads in the app (a case, an import's report, a watch's alerts). */
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

const key = ['notifications'] as const;
/** How often the bell asks for new notifications while the app is open. */
const POLL_MS = 60_000;

/** The newest notifications and the unread count. */
export function useNotifications() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<Page<Notification> & { unread: number }>('/notifications', { pageSize: 10 }, signal),
    refetchInterval: POLL_MS,
    meta: { silent: true },
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string | 'all') => api.post<{ updated: number }>(id === 'all' ? '/notifications/read-all' : `/notifications/${encodeURIComponent(id)}/read`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
