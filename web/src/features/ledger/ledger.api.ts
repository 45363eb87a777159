import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Query } from '../../api/client';
import type { Page } from '../../api/types';
import type { Confidentiality } from '../cases/case-documents.api';

/** One delivered service: one client enterprise, one service type, one case (服务台账 row). */
export interface LedgerRow {
  id: string;
  caseId: string;
  caseNo: string | null;
  handlers: string[];
  workstationId: string;
  workstationName: string;
  branchId: string | null;
  branchName: string | null;
  enterpriseId: string | null;
  enterpriseName: string;
  uscc: string;
  serviceType: string;
  channel: string;
  ipType: string | null;
  rightNumbers: string[];
  districtCode: string | null;
  clusters: string[];
  startedAt: string;
  deliveredAt: string;
  outcome: string | null;
  satisfaction: number | null;
  /** The most restrictive level among the case's documents, never below internal. */
  confidentiality: Confidentiality;
}

export type LedgerPage = Page<LedgerRow> & { enterpriseTimes: number };

export function useLedger(query: Query) {
  return useQuery({
    queryKey: ['ledger', 'list', query],
    queryFn: ({ signal }) => api.get<LedgerPage>('/ledger', query, signal),
    placeholderData: keepPreviousData,
  });
}
