import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Query } from '../../api/client';
import type { AuditEvent, Page } from '../../api/types';

export function useAuditList(query: Query) {
  return useQuery({
    queryKey: ['audit', 'list', query],
    queryFn: ({ signal }) => api.get<Page<AuditEvent>>('/audit', query, signal),
    placeholderData: keepPreviousData,
  });
}
