import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, buildUrl, type Query } from '../../api/client';
import type { Job, Page, User } from '../../api/types';
import { hasRole, useSession } from '../../auth/session';
import { postForm } from '../workstations/form-upload';

// Shapes of /api/patents, /api/saved-searches and /api/trademarks as the web uses them (see the
// OpenAPI document at /api/openapi.json).

export const SORTS = ['relevance', 'date'] as const;
export type SearchSort = (typeof SORTS)[number];

export const PATENT_TYPES = ['invention', 'utility_model', 'design'] as const;
export const LEGAL_STATUSES = [
  'pending_publication',
  'under_examination',
  'granted_valid',
  'lapsed_fee',
  'expired',
  'withdrawn_deemed',
  'rejected',
  'invalidated_full',
  'invalidated_partial',
  'transferred',
  'licensed',
  'pledged',
] as const;

export const TRADEMARK_STATUSES = ['pending', 'published', 'opposed', 'registered', 'rejected', 'invalidated', 'revoked', 'cancelled', 'expired'] as const;

/** X: relevant on its own; Y: relevant combined with another document; A: background. */
/** The judgements a cited record may carry: a patent X / Y / A (the report's categories), a trademark the same or a similar mark. */
export const CATEGORIES = ['X', 'Y', 'A', 'same', 'similar'] as const;
export type Category = (typeof CATEGORIES)[number];
export const categoriesOf = (kind: 'patent' | 'trademark'): readonly Category[] => (kind === 'patent' ? ['X', 'Y', 'A'] : ['same', 'similar']);

export interface PatentHit {
  id: string;
  externalId: string | null;
  publicationNumber: string | null;
  applicationNumber: string | null;
  title: string;
  applicants: string[];
  ipc: string[];
  publicationDate: string | null;
  /** HTML: matched text in <mark>…</mark>, everything else escaped by the server. */
  snippet: string;
}

export interface SearchPage<T> {
  items: T[];
  total: number;
  /** `total` is exact up to 10,000 and an estimate above. */
  totalIsEstimate: boolean;
  page: number;
  pageSize: number;
}

export interface Bucket {
  value: string;
  count: number;
}

export interface Facets {
  /** The counts come from the first part of a very large result set. */
  sampled: boolean;
  sections: Bucket[];
  subclasses: Bucket[];
  applicants: Bucket[];
  years: Bucket[];
}

export interface Patent {
  id: string;
  applicationNumber: string | null;
  publicationNumber: string | null;
  kindCode: string | null;
  grantNumber: string | null;
  type: (typeof PATENT_TYPES)[number] | null;
  title: string;
  abstract: string;
  mainClaim: string;
  claims: string;
  applicants: string[];
  inventors: string[];
  agency: string | null;
  mainIpc: string | null;
  ipc: string[];
  filingDate: string | null;
  publicationDate: string | null;
  grantDate: string | null;
  priority: { number: string; date: string | null; country: string | null }[];
  legalStatus: string | null;
  externalId: string | null;
  publications: { number: string; kind: string | null; date: string | null }[];
  version: number;
  updatedAt: string;
}

/** Which records a saved search searches: patents, or trademarks (with a Nice class). */
export const SEARCH_KINDS = ['patent', 'trademark'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** A record as a saved search lists it (its chosen results, its watch's alerts). */
export interface PatentRecord {
  patentId: string;
  publicationNumber: string | null;
  applicationNumber: string | null;
  title: string;
  applicants: string[];
  publicationDate: string | null;
}
export interface TrademarkRecord {
  trademarkId: string;
  registrationNumber: string;
  /** The mark name. */
  title: string;
  markName: string;
  niceClasses: number[];
  applicants: string[];
  filingDate: string | null;
  status: string | null;
}
export type SearchRecord = PatentRecord | TrademarkRecord;
export type ChosenResult = SearchRecord & { category: Category | null; note: string };

export const recordIdOf = (r: SearchRecord) => ('patentId' in r ? r.patentId : r.trademarkId);
export const recordNumberOf = (r: SearchRecord) => ('patentId' in r ? (r.publicationNumber ?? r.applicationNumber ?? '—') : r.registrationNumber);
export const recordPathOf = (r: SearchRecord) => ('patentId' in r ? `/patents/${r.patentId}` : `/trademarks/${r.trademarkId}`);
/** The field of a chosen result that names its record, by the saved search's kind. */
export const recordColumnOf = (kind: SearchKind) => (kind === 'patent' ? 'patentId' : 'trademarkId');

/** A chosen record as the save and add dialogs list it. */
export interface ChosenItem {
  id: string;
  number: string;
  title: string;
}
/** A chosen result as sent: its record (by the kind's field), category (patents) and note. */
export interface ResultInput {
  patentId?: string;
  trademarkId?: string;
  category?: Category | null;
  note?: string;
}

export interface SavedSearch {
  id: string;
  kind: SearchKind;
  name: string;
  query: string;
  niceClass: number | null;
  sort: SearchSort;
  enterpriseId: string | null;
  workstationId: string | null;
  watch: boolean;
  purpose: string;
  technicalSolution: string;
  databases: string[];
  searchElements: string[];
  /** Every query string of the search with its hit count when it was saved; the main query first. */
  queries: { q: string; hits: number; at: string }[];
  reviewer: string;
  conclusion: string;
  results: ChosenResult[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface SavedSearchSummary {
  id: string;
  kind: SearchKind;
  name: string;
  query: string;
  niceClass: number | null;
  watch: boolean;
  enterpriseId: string | null;
  workstationId: string | null;
  updatedAt: string;
  version: number;
}

export interface SavedSearchInput {
  kind?: SearchKind;
  name: string;
  query: string;
  niceClass?: number | null;
  sort?: SearchSort;
  workstationId?: string | null;
  enterpriseId?: string | null;
  watch?: boolean;
  purpose?: string;
  technicalSolution?: string;
  databases?: string[];
  searchElements?: string[];
  extraQueries?: string[];
  reviewer?: string;
  conclusion?: string;
  results?: ResultInput[];
}

export interface TrademarkHit {
  id: string;
  registrationNumber: string;
  markName: string;
  niceClasses: number[];
  applicants: string[];
  status: string | null;
  filingDate: string | null;
  registrationDate: string | null;
  expiryDate: string | null;
  /** HTML: matched text in <mark>…</mark>, everything else escaped by the server. */
  snippet: string;
}

export interface Trademark extends Omit<TrademarkHit, 'snippet'> {
  similarGroups: string[];
  goodsServices: string;
  version: number;
  updatedAt: string;
}

export const searchKeys = {
  patents: (query: Query) => ['patents', 'search', query] as const,
  facets: (q: string) => ['patents', 'facets', q] as const,
  patent: (id: string) => ['patents', 'one', id] as const,
  saved: ['saved-searches'] as const,
  savedList: (query: Query) => ['saved-searches', 'list', query] as const,
  savedOne: (id: string) => ['saved-searches', 'one', id] as const,
  alerts: (id: string) => ['saved-searches', 'alerts', id] as const,
  trademarks: (query: Query) => ['trademarks', 'search', query] as const,
  trademark: (id: string) => ['trademarks', 'one', id] as const,
  importJob: (id: string) => ['records-import', 'job', id] as const,
};

const enc = encodeURIComponent;

/**
 * One page of results. A malformed query is a 400 the page shows next to the query box, so the
 * query cache does not toast it.
 */
export function usePatentSearch(query: { q: string; page: number; pageSize: number; sort: SearchSort }) {
  return useQuery({
    queryKey: searchKeys.patents(query),
    queryFn: ({ signal }) => api.get<SearchPage<PatentHit>>('/patents/search', query, signal),
    enabled: query.q.trim() !== '',
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

/** Facets load on their own, so the result page never waits for them. */
export function usePatentFacets(q: string) {
  return useQuery({
    queryKey: searchKeys.facets(q),
    queryFn: ({ signal }) => api.get<Facets>('/patents/facets', { q }, signal),
    enabled: q.trim() !== '',
    staleTime: 60_000,
    meta: { silent: true },
  });
}

export const patentExportUrl = (q: string, sort: SearchSort) => buildUrl('/patents/export.xlsx', { q, sort });
export const trademarkExportUrl = (q: string, niceClass: string, sort: SearchSort) => buildUrl('/trademarks/export.xlsx', { q, niceClass, sort });

export function usePatent(id: string | undefined) {
  return useQuery({
    queryKey: searchKeys.patent(id ?? ''),
    queryFn: () => api.get<{ data: Patent }>(`/patents/${enc(id ?? '')}`),
    enabled: !!id,
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
}

export function useSavedSearches(query: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: searchKeys.savedList(query),
    queryFn: ({ signal }) => api.get<Page<SavedSearchSummary>>('/saved-searches', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSavedSearch(id: string | undefined) {
  return useQuery({
    queryKey: searchKeys.savedOne(id ?? ''),
    queryFn: () => api.get<{ data: SavedSearch }>(`/saved-searches/${enc(id ?? '')}`),
    enabled: !!id,
    meta: { silent: true },
  });
}

export interface WatchAlert {
  alertedAt: string;
  count: number;
  hits: SearchRecord[];
}

/** A watch's alerts, newest first: one per import run that alerted, with its new hits. */
export function useSavedSearchAlerts(id: string) {
  return useQuery({
    queryKey: searchKeys.alerts(id),
    queryFn: ({ signal }) => api.get<{ kind: SearchKind; items: WatchAlert[]; truncated: boolean }>(`/saved-searches/${enc(id)}/alerts`, undefined, signal),
  });
}

/** Form errors land on the form's fields, so the mutation does not toast them. */
export function useCreateSavedSearch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SavedSearchInput) => api.post<{ data: SavedSearch }>('/saved-searches', input),
    onSuccess: (result) => queryClient.setQueryData(searchKeys.savedOne(result.data.id), result),
    onSettled: () => queryClient.invalidateQueries({ queryKey: searchKeys.saved }),
    meta: { silent: true },
  });
}

/** Sends the version the user edited; a stale one is 409 VERSION_CONFLICT and changes nothing. */
export function useUpdateSavedSearch(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<SavedSearchInput> & { version: number }) => api.patch<{ data: SavedSearch }>(`/saved-searches/${enc(id)}`, patch),
    onSuccess: (result) => queryClient.setQueryData(searchKeys.savedOne(id), result),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['saved-searches', 'list'] }),
    meta: { silent: true },
  });
}

/** Adds chosen results to a saved search (no version: adding does not overwrite anyone's edit). */
export function useAddSavedSearchResults() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, results }: { id: string; results: ResultInput[] }) =>
      api.post<{ data: SavedSearch }>(`/saved-searches/${enc(id)}/results`, { results }),
    onSuccess: (result) => queryClient.setQueryData(searchKeys.savedOne(result.data.id), result),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['saved-searches', 'list'] }),
    meta: { silent: true },
  });
}

export function useDeleteSavedSearch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/saved-searches/${enc(id)}`),
    onSuccess: (_result, id) => queryClient.removeQueries({ queryKey: searchKeys.savedOne(id) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['saved-searches', 'list'] }),
  });
}

/** Puts the report PDF on a retrieval case as a case document. */
export function useAttachReport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { caseId: string; sharedWithEnterprise: boolean }) =>
      api.post<{ data: { id: string; filename: string } }>(`/saved-searches/${enc(id)}/report/attach`, body),
    onSuccess: (_data, body) => queryClient.invalidateQueries({ queryKey: ['cases', 'one', body.caseId] }),
  });
}

export const reportUrl = (id: string) => buildUrl(`/saved-searches/${enc(id)}/report.pdf`);
export const chosenResultsUrl = (id: string) => buildUrl(`/saved-searches/${enc(id)}/results.xlsx`);

export function useTrademarkSearch(query: { q: string; niceClass: string; page: number; pageSize: number; sort: SearchSort }) {
  return useQuery({
    queryKey: searchKeys.trademarks(query),
    queryFn: ({ signal }) => api.get<SearchPage<TrademarkHit>>('/trademarks/search', query, signal),
    enabled: query.q.trim() !== '',
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

export function useTrademark(id: string | undefined) {
  return useQuery({
    queryKey: searchKeys.trademark(id ?? ''),
    queryFn: () => api.get<{ data: Trademark }>(`/trademarks/${enc(id ?? '')}`),
    enabled: !!id,
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
}

/** What is imported: patent records (/api/patents/imports) or trademark records (/api/trademarks/imports). */
export const IMPORT_KINDS = ['patents', 'trademarks'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Who may import records (the server's patent and trademark policies): the bureau and workstation administrators. */
export const canImportRecords = (user: User) => hasRole(user, 'bureau_admin', 'workstation_admin');

export type ImportJob = Job;

/** Uploads a records file; the import runs as a job (202) the page then follows. */
export function useStartRecordsImport() {
  const queryClient = useQueryClient();
  const { session } = useSession();
  return useMutation({
    mutationFn: async ({ kind, file }: { kind: ImportKind; file: File }) => {
      const form = new FormData();
      form.set('file', file, file.name);
      const { body } = await postForm<{ data: ImportJob }>(`/${kind}/imports`, form, session?.csrfToken ?? null);
      return body.data;
    },
    onSuccess: (job) => queryClient.setQueryData(searchKeys.importJob(job.id), { data: job }),
    meta: { silent: true },
  });
}

/** An import job, polled every second until it ends; a finished import refreshes the searches. */
export function useImportJob(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: searchKeys.importJob(id ?? ''),
    queryFn: async () => {
      const response = await api.get<{ data: ImportJob }>(`/jobs/${enc(id ?? '')}`);
      if (response.data.status === 'succeeded') void queryClient.invalidateQueries({ queryKey: [response.data.type.split('.')[0]] });
      return response;
    },
    enabled: !!id,
    select: (response) => response.data,
    refetchInterval: (query) => {
      const status = query.state.data?.data.status;
      return status === 'succeeded' || status === 'failed' ? false : 1000;
    },
    meta: { silent: true },
  });
}
