import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Query } from '../../api/client';
import type { Page, Single } from '../../api/types';
import type { CaseDocument } from './case-documents.api';

// Shapes of /api/cases as the web uses them (see the OpenAPI document).

export const CASE_TYPES = ['consultation', 'retrieval'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STATUSES: Record<CaseType, readonly string[]> = {
  consultation: ['submitted', 'needs_info', 'accepted', 'assigned', 'answered', 'closed', 'rejected', 'withdrawn'],
  retrieval: ['submitted', 'needs_info', 'accepted', 'assigned', 'searching', 'report_drafted', 'reviewed', 'delivered', 'closed', 'rejected', 'withdrawn'],
};
/** Every status of every type, in workflow order, without repeats. */
export const ALL_CASE_STATUSES = [...new Set([...CASE_STATUSES.retrieval, ...CASE_STATUSES.consultation])];

export const CHANNELS = ['online', 'walk_in', 'phone', 'onsite_visit', 'campaign_event'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels a clerk may log for a quick consultation. */
export const QUICK_CHANNELS = ['walk_in', 'phone', 'onsite_visit', 'campaign_event'] as const;

export const IP_TYPES = [
  'patent_invention',
  'utility_model',
  'design',
  'trademark',
  'copyright',
  'software_copyright',
  'trade_secret',
  'geographical_indication',
  'layout_design',
  'plant_variety',
] as const;
export type IpType = (typeof IP_TYPES)[number];

export const RETRIEVAL_PURPOSES = ['novelty', 'fto', 'invalidation', 'navigation', 'competitor', 'trademark'] as const;
export type RetrievalPurpose = (typeof RETRIEVAL_PURPOSES)[number];

export type DueState = 'none' | 'due' | 'due_soon' | 'overdue';
export type PartySide = 'client' | 'adverse';

export interface CaseListItem {
  id: string;
  caseNo: string;
  type: CaseType;
  workstationId: string;
  /** The branch (分站) of the workstation serving the case, when its staff chose one. */
  branchId: string | null;
  branchName: string | null;
  status: string;
  title: string;
  channel: Channel;
  dueAt: string | null;
  dueState: DueState;
  version: number;
  createdAt: string;
}

export interface CaseParty {
  id: string;
  enterpriseId: string | null;
  uscc: string;
  name: string;
  side: PartySide;
}

export interface CaseAssignment {
  id: string;
  userId: string;
  name: string;
  role: string;
  active: boolean;
}

export interface CaseEvent {
  id: number;
  action: string;
  from: string | null;
  to: string;
  actor: string | null;
  reason: string | null;
  at: string;
}

/** What the other case is to this one. */
export const LINK_KINDS = ['parent', 'child', 'related'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** A link to another case the caller may open (links to cases they may not open are not sent). */
export interface CaseLink {
  id: string;
  kind: LinkKind;
  case: { id: string; caseNo: string; title: string; type: CaseType; status: string };
}

export type MessageKind = 'message' | 'note' | 'answer';

export interface CaseMessage {
  id: string;
  kind: MessageKind;
  author: string | null;
  body: string;
  at: string;
}

export interface CaseDetail extends CaseListItem {
  form: Record<string, unknown>;
  clock: unknown;
  countedAt: string | null;
  outcome: string | null;
  rating: number | null;
  ratingComment: string | null;
  updatedAt: string;
  parties: CaseParty[];
  assignments: CaseAssignment[];
  timeline: CaseEvent[];
  messages: CaseMessage[];
  /** The documents the caller may see. */
  documents: CaseDocument[];
  links: CaseLink[];
}

/** A field a step asks for (the case type's table says which: `abilities.inputs`). */
export type StepField = 'reason' | 'assignee' | 'answer' | 'outcome';

export interface CaseAbilities {
  actions: string[];
  /** The fields each action asks for. */
  inputs: Record<string, StepField[]>;
  addParty: boolean;
  note: boolean;
  message: boolean;
  rate: boolean;
  uploadDocument: boolean;
  /** Link this case to others and remove links (the workstation's staff). */
  link: boolean;
  /** Edit the case itself, i.e. its branch (the workstation's staff). */
  edit: boolean;
}

export type CaseSingle = Single<CaseDetail, CaseAbilities>;

export const caseKeys = {
  all: ['cases'] as const,
  list: (query: Query) => ['cases', 'list', query] as const,
  one: (id: string) => ['cases', 'one', id] as const,
};

export function useCaseList(query: Query, enabled = true) {
  return useQuery({
    queryKey: caseKeys.list(query),
    queryFn: ({ signal }) => api.get<Page<CaseListItem> & { totalIsEstimate?: boolean }>('/cases', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: caseKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<CaseSingle>(`/cases/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: !!id,
    // A missing or hidden case is shown as the 404 page, not as a toast.
    meta: { silent: true },
  });
}

const path = (id: string, rest = '') => `/cases/${encodeURIComponent(id)}${rest}`;

/** Mutations that return the case: the answer goes straight into the cache; lists refresh. */
function useCaseMutation<V>(mutationFn: (variables: V) => Promise<CaseSingle>, options: { silent?: boolean } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    meta: { silent: options.silent },
    onSuccess: (result) => queryClient.setQueryData(caseKeys.one(result.data.id), result),
    onSettled: () => queryClient.invalidateQueries({ queryKey: caseKeys.all }),
  });
}

export interface CreateCaseInput {
  type: CaseType;
  /** Left out: the enterprise's only workstation, or the one for its cluster and district (see POST /api/cases). */
  workstationId?: string;
  enterpriseId?: string;
  /** Staff only: a branch of the workstation. */
  branchId?: string | null;
  channel?: Channel;
  form: Record<string, unknown>;
  /** One key per opened form: a repeated submission returns the same case. */
  idempotencyKey: string;
}

export function useCreateCase() {
  return useCaseMutation(
    ({ idempotencyKey, ...body }: CreateCaseInput) => api.post<CaseSingle>('/cases', body, { 'Idempotency-Key': idempotencyKey }),
    { silent: true },
  );
}

export interface QuickConsultationInput {
  workstationId: string;
  enterpriseId: string;
  branchId?: string | null;
  channel: (typeof QUICK_CHANNELS)[number];
  form: Record<string, unknown>;
  answer: string;
}

export function useQuickConsultation() {
  return useCaseMutation((input: QuickConsultationInput) => api.post<CaseSingle>('/cases/quick-consultation', input), { silent: true });
}

export interface TransitionInput {
  id: string;
  action: string;
  version: number;
  reason?: string;
  assigneeId?: string;
  overrideReason?: string;
  answer?: string;
  outcome?: string;
}

/** Silent: the action dialog shows the server's answer itself (e.g. the conflict-of-interest refusal). */
export function useTransition() {
  return useCaseMutation(({ id, ...body }: TransitionInput) => api.post<CaseSingle>(path(id, '/transitions'), body), { silent: true });
}

/** Sets or clears the case's branch (PATCH /api/cases/{id}); the ledger rows of the case follow. */
export function useSetCaseBranch() {
  return useCaseMutation(({ id, version, branchId }: { id: string; version: number; branchId: string | null }) => api.patch<CaseSingle>(path(id), { version, branchId }));
}

export interface Branch {
  id: string;
  name: string;
}

const branchesQuery = (workstationId: string) => ({
  queryKey: ['workstations', 'branches', workstationId],
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Single<{ branches: Branch[] }, unknown>>(`/workstations/${encodeURIComponent(workstationId)}`, undefined, signal),
  select: (single: Single<{ branches: Branch[] }, unknown>) => single.data.branches,
});

/** A workstation's branches (分站), from its record (the workstation's staff and the network's officers read it). */
export function useWorkstationBranches(workstationId: string | undefined, enabled = true) {
  return useQuery({ ...branchesQuery(workstationId ?? ''), enabled: enabled && !!workstationId });
}

/** The branches of several workstations (a clerk's own), each with its workstation's id, in the given order. */
export function useBranchesOf(workstationIds: string[]): (Branch & { workstationId: string })[] {
  return useQueries({
    queries: workstationIds.map((id) => branchesQuery(id)),
    combine: (results) => results.flatMap((r, i) => (r.data ?? []).map((b) => ({ ...b, workstationId: workstationIds[i] ?? '' }))),
  });
}

export type AddPartyInput = { id: string; side: PartySide } & ({ enterpriseId: string } | { uscc: string; name: string });

export function useAddParty() {
  return useCaseMutation(({ id, ...body }: AddPartyInput) => api.post<CaseSingle>(path(id, '/parties'), body), { silent: true });
}

export function usePostMessage() {
  return useCaseMutation(({ id, kind, body }: { id: string; kind: 'message' | 'note'; body: string }) =>
    api.post<CaseSingle>(path(id, '/messages'), { kind, body }),
  );
}

export function useRateCase() {
  return useCaseMutation(({ id, score, comment }: { id: string; score: number; comment?: string | null }) =>
    api.post<CaseSingle>(path(id, '/rating'), { score, comment: comment || null }),
  );
}

/** Silent: the link dialog shows the server's refusal itself (a cycle, a second parent, ...). */
export function useLinkCase() {
  return useCaseMutation(({ id, caseId, kind }: { id: string; caseId: string; kind: LinkKind }) => api.post<CaseSingle>(path(id, '/links'), { caseId, kind }), { silent: true });
}

export function useUnlinkCase() {
  return useCaseMutation(({ id, linkId }: { id: string; linkId: string }) => api.delete<CaseSingle>(path(id, `/links/${encodeURIComponent(linkId)}`)));
}

export const NOTICE_KINDS = ['acceptance', 'refusal', 'record'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Address of a printed document (PDF); the browser opens it with the session cookie. */
export function noticeUrl(id: string, kind: NoticeKind): string {
  return `/api${path(id, `/notices/${kind}`)}`;
}

/** The printed documents that exist for this case, judged from what happened to it. */
export function availableNotices(c: CaseDetail): NoticeKind[] {
  const happened = (action: string) => c.timeline.some((event) => event.action === action);
  const kinds: NoticeKind[] = [];
  if (happened('accept')) kinds.push('acceptance');
  if (happened('reject')) kinds.push('refusal');
  if (c.type === 'consultation' && c.messages.some((message) => message.kind === 'answer')) kinds.push('record');
  return kinds;
}

// People a case can be assigned to.

export interface ProfessionalRow {
  subjectType: 'user' | 'agency';
  subjectId: string;
  name: string;
  roles: string[];
  organizationName: string | null;
  profile: { available?: boolean | null } | null;
}

export function useProfessionals(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['professionals', 'list', q],
    queryFn: ({ signal }) => api.get<Page<ProfessionalRow>>('/professionals', { q, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
}

export function useWorkstationUsers(organizationId: string | undefined, q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'list', { organizationId, q, active: true, pageSize: 50, for: 'cases' }],
    queryFn: ({ signal }) => api.get<Page<StaffUser>>('/users', { organizationId, q, active: true, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
    enabled: enabled && !!organizationId,
  });
}

// Enterprises, for parties, quick entry and the portal.

export interface EnterpriseSummary {
  id: string;
  uscc: string;
  name: string;
  districtCode: string | null;
}

export interface EnterpriseDetail extends EnterpriseSummary {
  memberships: { workstationId: string; workstationName: string; joinedOn: string | null }[];
}

export function useEnterpriseOptions(query: Query, enabled = true) {
  return useQuery({
    queryKey: ['enterprises', 'list', query],
    queryFn: ({ signal }) => api.get<Page<EnterpriseSummary>>('/enterprises', { pageSize: 20, ...query }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEnterprise(id: string | undefined) {
  return useQuery({
    queryKey: ['enterprises', 'one', id ?? ''],
    queryFn: ({ signal }) => api.get<Single<EnterpriseDetail, unknown>>(`/enterprises/${encodeURIComponent(id ?? '')}`, undefined, signal),
    enabled: !!id,
  });
}
