import { and, asc, desc, eq, gte, inArray, isNull, lt, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { countCapped, EXACT_COUNT_LIMIT } from '../../db/count';
import { unionAll } from 'drizzle-orm/pg-core';
import { DUE_SOON_MS } from './case-clock';
import { CASE_TYPES } from './types';
import {
  caseAssignments,
  caseMessages,
  caseParties,
  cases,
  documents,
  memberships,
  organizations,
  professionalProfiles,
  serviceRecords,
  users,
  workflowEvents,
  workstationBranches,
} from '../../db/schema';

export type CaseRow = typeof cases.$inferSelect;
const uuids = (ids: string[]) => sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `);

export async function nextCaseNo(db: DbOrTx, prefix: string, year: number) {
  await db.execute(sql`select pg_advisory_xact_lock(7410020, hashtext(${prefix + year}))`);
  const like = `${prefix}-${year}-%`;
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(cases).where(sql`${cases.caseNo} like ${like}`);
  return `${prefix}-${year}-${String(Number(n) + 1).padStart(6, '0')}`;
}

export async function insertCase(db: DbOrTx, row: typeof cases.$inferInsert) {
  const [c] = await db.insert(cases).values(row).returning();
  return c;
}

export async function findCase(db: DbOrTx, id: string) {
  const [c] = await db.select().from(cases).where(eq(cases.id, id));
  return c;
}

/** Branch names by id, for a page of cases (read after the page, so the list's arms stay on their indexes). */
export async function branchNames(db: DbOrTx, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db.select({ id: workstationBranches.id, name: workstationBranches.name }).from(workstationBranches).where(inArray(workstationBranches.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A branch (分站) with the workstation it belongs to. */
export async function findBranch(db: DbOrTx, id: string) {
  const [b] = await db.select({ id: workstationBranches.id, workstationId: workstationBranches.workstationId, name: workstationBranches.name }).from(workstationBranches).where(eq(workstationBranches.id, id));
  return b;
}

export async function findByIdempotencyKey(db: DbOrTx, createdBy: string, key: string) {
  const [c] = await db.select().from(cases).where(and(eq(cases.createdBy, createdBy), eq(cases.idempotencyKey, key)));
  return c;
}

export async function updateCaseVersioned(db: DbOrTx, id: string, version: number, patch: Partial<typeof cases.$inferInsert>) {
  const [c] = await db
    .update(cases)
    .set({ ...patch, version: sql`${cases.version} + 1` })
    .where(and(eq(cases.id, id), eq(cases.version, version)))
    .returning();
  return c;
}

export interface CaseScope {
  workstationIds?: string[];
  clientEnterpriseIds?: string[];
  assigneeUserId?: string;
}

export interface CaseFilter {
  type?: string;
  status?: string;
  overdue?: boolean;
  /** As lists show it (case-clock.ts dueState): overdue, due within 24 h, or due later. */
  dueState?: 'due' | 'due_soon' | 'overdue';
  assigneeId?: string;
  unassigned?: boolean;
  workstationId?: string;
  /** A branch (分站): a plain condition inside every scope arm, so another workstation's branch matches only what the caller may list anyway. */
  branchId?: string;
  q?: string;
  now: Date;
}

/**
 * The caller's scope as disjoint arms, each served by an index in list order: their workstations'
 * cases, cases assigned to them elsewhere, their enterprises' cases elsewhere. One OR across the arms
 * made the planner read every case the list's filters allowed (200,000 at Shenzhen scale) and sort
 * them; an arm each, merged with UNION ALL, reads a page and counts from the indexes.
 */
function scopeArms(s: CaseScope): SQL[] {
  const arms: SQL[] = [];
  const ws = s.workstationIds?.length ? uuids(s.workstationIds) : null;
  const elsewhere = ws ? sql` and ${cases.workstationId} not in (${ws})` : sql``;
  if (ws) arms.push(sql`${cases.workstationId} in (${ws})`);
  let assigned: SQL | null = null;
  if (s.assigneeUserId) {
    // Staff see their workstations' cases anyway, and a handler is only assigned in the assignee's own
    // workstation: beyond it only assignments as expert, agency or mediator reach (a small partial index).
    const reach = ws ? sql` and a.role <> 'handler'` : sql``;
    assigned = sql`${cases.id} = any(array(select a.case_id from ${caseAssignments} a where a.user_id = ${s.assigneeUserId}::uuid and a.active${reach}))`;
    arms.push(sql`${assigned}${elsewhere}`);
  }
  if (s.clientEnterpriseIds?.length) {
    const clientOf = sql`${cases.id} = any(array(select p.case_id from ${caseParties} p where p.side = 'client' and p.enterprise_id in (${uuids(s.clientEnterpriseIds)})))`;
    arms.push(sql`${clientOf}${elsewhere}${assigned ? sql` and not (${assigned})` : sql``}`);
  }
  return arms;
}

const TERMINAL = ['closed', 'rejected', 'withdrawn', 'answered', 'delivered'];
/** Every other state of the registered types: named, so the (workstation, status) index finds open cases. */
const OPEN = [...new Set(Object.values(CASE_TYPES).flatMap((d) => d.workflow.states as readonly string[]))].filter((s) => !TERMINAL.includes(s));

/** What a list shows of a case: not its form or clock, which a page of twenty need not carry. */
const LIST_COLUMNS = {
  id: cases.id,
  caseNo: cases.caseNo,
  type: cases.type,
  workstationId: cases.workstationId,
  branchId: cases.branchId,
  status: cases.status,
  title: cases.title,
  channel: cases.channel,
  dueAt: cases.dueAt,
  version: cases.version,
  createdAt: cases.createdAt,
  // Every sort key is selected: a page taken from a union orders by its columns.
  updatedAt: cases.updatedAt,
};

export async function listCases(db: DbOrTx, scope: CaseScope, f: CaseFilter, page: { limit: number; offset: number }, sort: { field: string; desc: boolean }) {
  const c: SQL[] = [];
  if (f.type) c.push(eq(cases.type, f.type));
  if (f.status) c.push(eq(cases.status, f.status));
  if (f.workstationId) c.push(eq(cases.workstationId, f.workstationId));
  if (f.branchId) c.push(eq(cases.branchId, f.branchId));
  if (f.overdue !== undefined) c.push(f.overdue ? sql`${cases.dueAt} < ${f.now}` : sql`(${cases.dueAt} is null or ${cases.dueAt} >= ${f.now})`);
  if (f.dueState) {
    const soon = new Date(f.now.getTime() + DUE_SOON_MS);
    c.push(
      f.dueState === 'overdue'
        ? sql`${cases.dueAt} < ${f.now}`
        : f.dueState === 'due_soon'
          ? sql`${cases.dueAt} >= ${f.now} and ${cases.dueAt} <= ${soon}`
          : sql`${cases.dueAt} > ${soon}`,
    );
  }
  if (f.assigneeId) c.push(sql`exists (select 1 from ${caseAssignments} a where a.case_id = ${cases.id} and a.active and a.user_id = ${f.assigneeId}::uuid)`);
  if (f.unassigned) {
    c.push(sql`not exists (select 1 from ${caseAssignments} a where a.case_id = ${cases.id} and a.active)`);
    c.push(sql`${cases.status} in (${sql.join(OPEN.map((s) => sql`${s}`), sql`, `)})`);
  }
  if (f.q) c.push(sql`(${cases.title} ilike ${'%' + f.q.replace(/[\\%_]/g, (m) => `\\${m}`) + '%'} or ${cases.caseNo} = ${f.q})`);
  const arms = scopeArms(scope);
  if (!arms.length) return { rows: [], total: 0, totalIsEstimate: false };
  const where = (arm: SQL) => and(arm, ...c);
  const [first, second, ...more] = arms;
  const one = (a: SQL) => db.select({ one: sql`1` }).from(cases).where(where(a));
  const matching = second ? unionAll(one(first), one(second), ...more.map(one)) : one(first);
  // The total rides with the page, so a list is one round trip: counted once (exactly, up to the cap)
  // when the first row is read; the planner's estimate above the cap (countCapped).
  const total = sql<number>`(select count(*)::int from (${matching} limit ${EXACT_COUNT_LIMIT + 1}) as matching)`.mapWith(Number);
  const key: 'dueAt' | 'createdAt' | 'updatedAt' = sort.field === 'dueAt' || sort.field === 'updatedAt' ? sort.field : 'createdAt';
  const order = (col: SQLWrapper) => (key === 'dueAt' ? sql`${col} ${sort.desc ? sql`desc` : sql`asc`} nulls last` : sort.desc ? desc(col) : asc(col));
  // Equal keys (cases due at the same close of day) keep the older case first, then a stable id order.
  const ties = (t: { createdAt: SQLWrapper; id: SQLWrapper }) => (key === 'createdAt' ? [asc(t.id)] : [asc(t.createdAt), asc(t.id)]);
  let found;
  if (!second) {
    found = await db.select({ ...LIST_COLUMNS, total }).from(cases).where(where(first)).orderBy(order(cases[key]), ...ties(cases)).limit(page.limit).offset(page.offset);
  } else {
    // Each arm gives its first offset + limit rows in list order; the page is taken from their union.
    const arm = (a: SQL) => db.select(LIST_COLUMNS).from(cases).where(where(a)).orderBy(order(cases[key]), ...ties(cases)).limit(page.offset + page.limit);
    const p = unionAll(arm(first), arm(second), ...more.map(arm)).as('page');
    found = await db
      .select({ id: p.id, caseNo: p.caseNo, type: p.type, workstationId: p.workstationId, branchId: p.branchId, status: p.status, title: p.title, channel: p.channel, dueAt: p.dueAt, version: p.version, createdAt: p.createdAt, updatedAt: p.updatedAt, total })
      .from(p)
      .orderBy(order(p[key]), ...ties(p))
      .limit(page.limit)
      .offset(page.offset);
  }
  const rows = found.map(({ total: _total, ...row }) => row);
  const n = found[0]?.total;
  if (n !== undefined && n <= EXACT_COUNT_LIMIT) return { rows, total: n, totalIsEstimate: false };
  if (n === undefined && page.offset === 0) return { rows, total: 0, totalIsEstimate: false };
  return { rows, ...(await countCapped(db, matching)) };
}

export const partiesOf = (db: DbOrTx, caseIds: string[]) =>
  caseIds.length ? db.select().from(caseParties).where(inArray(caseParties.caseId, caseIds)).orderBy(asc(caseParties.createdAt)) : Promise.resolve([]);

export async function insertParty(db: DbOrTx, row: typeof caseParties.$inferInsert) {
  const [p] = await db.insert(caseParties).values(row).onConflictDoNothing().returning();
  return p;
}

export const assignmentsOf = (db: DbOrTx, caseId: string) =>
  db
    .select({ a: caseAssignments, name: users.displayName })
    .from(caseAssignments)
    .innerJoin(users, eq(users.id, caseAssignments.userId))
    .where(eq(caseAssignments.caseId, caseId))
    .orderBy(asc(caseAssignments.createdAt));

export async function endAssignments(db: DbOrTx, caseId: string, now: Date) {
  await db.update(caseAssignments).set({ active: false, endedAt: now }).where(and(eq(caseAssignments.caseId, caseId), eq(caseAssignments.active, true)));
}

export async function insertAssignment(db: DbOrTx, row: typeof caseAssignments.$inferInsert) {
  const [a] = await db.insert(caseAssignments).values(row).returning();
  return a;
}

export async function insertMessage(db: DbOrTx, row: typeof caseMessages.$inferInsert) {
  const [m] = await db.insert(caseMessages).values(row).returning();
  return m;
}

export const messagesOf = (db: DbOrTx, caseId: string) =>
  db
    .select({ m: caseMessages, author: users.displayName })
    .from(caseMessages)
    .leftJoin(users, eq(users.id, caseMessages.authorId))
    .where(eq(caseMessages.caseId, caseId))
    .orderBy(asc(caseMessages.createdAt));

export const eventsOf = (db: DbOrTx, caseId: string) =>
  db
    .select({ e: workflowEvents, actor: users.displayName })
    .from(workflowEvents)
    .leftJoin(users, eq(users.id, workflowEvents.actorId))
    .where(and(eq(workflowEvents.recordType, 'case'), eq(workflowEvents.recordId, caseId)))
    .orderBy(asc(workflowEvents.id));

export async function insertEvent(db: DbOrTx, row: typeof workflowEvents.$inferInsert) {
  await db.insert(workflowEvents).values(row);
}

/** Roles a user holds, and the agencies they belong to (for conflict declarations). */
/**
 * Who a person is, for an assignment: whether the account is active, every role and organization
 * they hold, and the agencies among them (their declarations count in the conflict check). An
 * unknown id is an inactive nobody.
 */
export async function assigneeOf(db: DbOrTx, userId: string) {
  const rows = await db
    .select({ active: users.active, role: memberships.role, orgId: memberships.organizationId, orgType: organizations.type })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(users.id, userId));
  const held = rows.flatMap((r) => (r.role && r.orgId ? [{ role: r.role, orgId: r.orgId, orgType: r.orgType }] : []));
  return {
    active: rows[0]?.active ?? false,
    roles: held.map((r) => r.role),
    agencyIds: held.filter((r) => r.orgType === 'agency').map((r) => r.orgId),
    orgIds: held.map((r) => r.orgId),
  };
}

/**
 * The network-wide conflict check, answered as a boolean only: an adverse party of this case that
 * the assignee declared or serves as a client in any of their cases, or a client of this case that
 * is adverse in any of their cases.
 */
export async function hasConflict(db: DbOrTx, caseId: string, userId: string, agencyIds: string[]): Promise<boolean> {
  const subjects = sql`(p.subject_type = 'user' and p.subject_id = ${userId}::uuid)${agencyIds.length ? sql` or (p.subject_type = 'agency' and p.subject_id in (${uuids(agencyIds)}))` : sql``}`;
  const res = await db.execute(sql`
    with mine as (
      select cp.uscc, cp.side from ${caseParties} cp
      join ${caseAssignments} a on a.case_id = cp.case_id and a.user_id = ${userId}::uuid
      where cp.case_id <> ${caseId}::uuid
    ),
    declared as (select unnest(p.conflict_usccs) as uscc from ${professionalProfiles} p where ${subjects}),
    here as (select uscc, side from ${caseParties} where case_id = ${caseId}::uuid)
    select exists (
      select 1 from here h where
        (h.side = 'adverse' and (h.uscc in (select uscc from declared) or h.uscc in (select uscc from mine where side = 'client')))
        or (h.side = 'client' and h.uscc in (select uscc from mine where side = 'adverse'))
    ) as conflict`);
  return Boolean((res as unknown as { rows: { conflict: boolean }[] }).rows[0].conflict);
}

export async function insertServiceRecords(db: DbOrTx, rows: (typeof serviceRecords.$inferInsert)[]) {
  if (!rows.length) return 0;
  const inserted = await db.insert(serviceRecords).values(rows).onConflictDoNothing().returning({ id: serviceRecords.id });
  return inserted.length;
}

export async function rateServiceRecords(db: DbOrTx, caseId: string, score: number) {
  await db.update(serviceRecords).set({ satisfaction: score }).where(eq(serviceRecords.caseId, caseId));
}

/** The case's branch on the ledger rows it counted (a branch set or changed after counting). */
export async function setLedgerBranch(db: DbOrTx, caseId: string, branch: { id: string; name: string } | null) {
  await db.update(serviceRecords).set({ branchId: branch?.id ?? null, branchName: branch?.name ?? null }).where(eq(serviceRecords.caseId, caseId));
}

/**
 * The ledger row's confidentiality, derived from its case: the most restrictive level among the
 * case's documents, never below `internal` (a row names an enterprise and what it asked for, which a
 * workstation does not publish). Written when the case counts and again whenever a document of the
 * case is added or removed, so the ledger never shows a trade-secret case as merely internal.
 */
export async function syncLedgerConfidentiality(db: DbOrTx, caseId: string) {
  const rank = sql`case d.confidentiality when 'trade_secret' then 3 when 'confidential' then 2 else 1 end`;
  const level = sql`(select case max(${rank}) when 3 then 'trade_secret' when 2 then 'confidential' else 'internal' end
    from ${documents} d where d.record_type = 'case' and d.record_id = ${caseId}::uuid)`;
  await db.update(serviceRecords).set({ confidentiality: level }).where(eq(serviceRecords.caseId, caseId));
}

export interface LedgerFilter {
  workstationIds?: string[];
  districtCodes?: string[];
  from?: Date;
  to?: Date;
  type?: string;
  workstationId?: string;
  branchId?: string;
  channel?: string;
  cluster?: string;
  district?: string;
  /** Keyset: only rows after this one in list order (delivered latest first, then id). */
  after?: { deliveredAt: Date; id: string };
}

function ledgerWhere(f: LedgerFilter): SQL | undefined {
  const c: SQL[] = [];
  if (f.workstationIds) c.push(f.workstationIds.length ? sql`${serviceRecords.workstationId} in (${uuids(f.workstationIds)})` : sql`false`);
  if (f.districtCodes) c.push(f.districtCodes.length ? sql`${serviceRecords.districtCode} in (${sql.join(f.districtCodes.map((d) => sql`${d}`), sql`, `)})` : sql`false`);
  if (f.from) c.push(sql`${serviceRecords.deliveredAt} >= ${f.from}`);
  if (f.to) c.push(sql`${serviceRecords.deliveredAt} <= ${f.to}`);
  if (f.type) c.push(eq(serviceRecords.serviceType, f.type));
  if (f.workstationId) c.push(eq(serviceRecords.workstationId, f.workstationId));
  if (f.branchId) c.push(eq(serviceRecords.branchId, f.branchId));
  if (f.channel) c.push(eq(serviceRecords.channel, f.channel));
  if (f.cluster) c.push(sql`${serviceRecords.clusters} @> array[${f.cluster}]::text[]`);
  if (f.district) c.push(eq(serviceRecords.districtCode, f.district));
  if (f.after) c.push(sql`(${serviceRecords.deliveredAt} < ${f.after.deliveredAt} or (${serviceRecords.deliveredAt} = ${f.after.deliveredAt} and ${serviceRecords.id} > ${f.after.id}::uuid))`);
  return c.length ? and(...c) : undefined;
}

/** How the case ended, on the ledger rows it counted. */
export async function setLedgerOutcome(db: DbOrTx, caseId: string, outcome: string) {
  await db.update(serviceRecords).set({ outcome }).where(eq(serviceRecords.caseId, caseId));
}

/**
 * A page of the ledger in list order. With `count`, the total rides with the page (one round trip);
 * an export pages by keyset (`f.after`) without it, so 500,000 rows cost 5,000 index range reads
 * rather than 5,000 ever longer offsets each with a count of every row.
 */
export async function listLedger(db: DbOrTx, f: LedgerFilter, page: { limit: number; offset: number }, opts: { count: boolean } = { count: true }) {
  const w = ledgerWhere(f);
  // Every ledger row is one enterprise-time by construction (see the unique key on service_records), so
  // the total is exact; it is counted from an index.
  const total = opts.count ? sql<number>`(select count(*)::int from ${serviceRecords} where ${w ?? sql`true`})`.mapWith(Number) : sql<number>`0`.mapWith(Number);
  // The case number and the handlers' names, as a workstation's ledger lists them (metadata only).
  const handlerNames = sql<string[]>`array(select u.display_name from ${users} u where u.id = any(${serviceRecords.handlerIds}) order by u.display_name)`;
  const found = await db
    .select({ r: serviceRecords, workstationName: organizations.name, caseNo: cases.caseNo, handlerNames, total })
    .from(serviceRecords)
    .innerJoin(organizations, eq(organizations.id, serviceRecords.workstationId))
    .leftJoin(cases, eq(cases.id, serviceRecords.caseId))
    .where(w)
    .orderBy(desc(serviceRecords.deliveredAt), asc(serviceRecords.id))
    .limit(page.limit)
    .offset(page.offset);
  const n = !opts.count ? 0 : found.length ? found[0].total : page.offset === 0 ? 0 : Number((await db.select({ n: sql<number>`count(*)::int` }).from(serviceRecords).where(w))[0].n);
  return { rows: found.map(({ r, workstationName, caseNo, handlerNames: handlers }) => ({ r, workstationName, caseNo, handlers })), total: n, enterpriseTimes: n };
}

export async function overdueUnnotified(db: DbOrTx, now: Date) {
  return db
    .select()
    .from(cases)
    .where(and(lt(cases.dueAt, now), isNull(cases.breachNotifiedAt)))
    .limit(500);
}

/** Cases with a running clock that falls due at or after `from`: those a calendar change can move. */
export async function runningClocksDueFrom(db: DbOrTx, from: Date) {
  return db.select({ id: cases.id, version: cases.version, clock: cases.clock }).from(cases).where(gte(cases.dueAt, from));
}

/**
 * Sets a recounted clock without taking a step (the version stays: no one's edit is refused for
 * it). Only when the case is still at the version it was read at, so a step taken meanwhile, which
 * counted its own clock, wins. A due date moved later clears the breach notice so it can come again.
 */
export async function setRecountedClock(db: DbOrTx, id: string, version: number, clock: NonNullable<typeof cases.$inferInsert.clock>, now: Date) {
  const dueAt = new Date(clock.dueAt!);
  const rows = await db
    .update(cases)
    .set({ clock, dueAt, ...(dueAt > now ? { breachNotifiedAt: null } : {}) })
    .where(and(eq(cases.id, id), eq(cases.version, version)))
    .returning({ id: cases.id });
  return rows.length > 0;
}

export async function markBreachNotified(db: DbOrTx, ids: string[], now: Date) {
  if (ids.length) await db.update(cases).set({ breachNotifiedAt: now }).where(inArray(cases.id, ids));
}

export async function enterpriseFacts(db: DbOrTx, enterpriseId: string) {
  const res = await db.execute(sql`
    select o.id, o.name, o.uscc, o.district_code as "districtCode", coalesce(p.clusters, '{}'::text[]) as clusters
    from ${organizations} o left join enterprise_profiles p on p.organization_id = o.id where o.id = ${enterpriseId}::uuid and o.type = 'enterprise'`);
  return (res as unknown as { rows: { id: string; name: string; uscc: string; districtCode: string | null; clusters: string[] }[] }).rows[0];
}

export async function isMember(db: DbOrTx, enterpriseId: string, workstationId: string) {
  const res = await db.execute(sql`select 1 from enterprise_memberships where enterprise_id = ${enterpriseId}::uuid and workstation_id = ${workstationId}::uuid`);
  return (res as unknown as { rows: unknown[] }).rows.length > 0;
}

export async function membershipsOf(db: DbOrTx, enterpriseId: string) {
  const res = await db.execute(sql`select workstation_id as "workstationId" from enterprise_memberships where enterprise_id = ${enterpriseId}::uuid order by joined_on, workstation_id`);
  return (res as unknown as { rows: { workstationId: string }[] }).rows.map((r) => r.workstationId);
}

/**
 * The workstation for an enterprise that belongs to none (the intake fallback): an active workstation
 * (organization active, filing active) serving one of the enterprise's clusters in its district; else
 * one serving one of its clusters anywhere. Among several, the one sharing most of its clusters, then
 * by name. Undefined when none fits.
 */
export async function workstationForEnterprise(db: DbOrTx, ent: { clusters: string[]; districtCode: string | null }) {
  if (!ent.clusters.length) return undefined;
  const clusters = sql`array[${sql.join(ent.clusters.map((c) => sql`${c}`), sql`, `)}]::text[]`;
  const inDistrict = sql`p.districts @> array[${ent.districtCode ?? ''}]::text[]`;
  const res = await db.execute(sql`
    select o.id, (${inDistrict}) as "inDistrict"
    from ${organizations} o join workstation_profiles p on p.organization_id = o.id
    where o.type = 'workstation' and o.active and p.filing_status = 'active' and p.clusters && ${clusters}
    order by (${inDistrict}) desc, cardinality(array(select unnest(p.clusters) intersect select unnest(${clusters}))) desc, o.name_sort, o.id
    limit 1`);
  const row = (res as unknown as { rows: { id: string; inDistrict: boolean }[] }).rows[0];
  return row ? { id: row.id, match: row.inDistrict ? ('cluster_district' as const) : ('cluster' as const) } : undefined;
}

/** Open cases of the workstations where a user holds an active assignment. */
export async function openAssignmentsOf(db: DbOrTx, userId: string, workstationIds: string[]) {
  if (!workstationIds.length) return [];
  return db
    .select({ caseId: caseAssignments.caseId, role: caseAssignments.role, status: cases.status, workstationId: cases.workstationId })
    .from(caseAssignments)
    .innerJoin(cases, eq(cases.id, caseAssignments.caseId))
    .where(
      and(
        eq(caseAssignments.userId, userId),
        eq(caseAssignments.active, true),
        sql`${cases.workstationId} in (${uuids(workstationIds)})`,
        sql`${cases.status} not in (${sql.join(TERMINAL.map((s) => sql`${s}`), sql`, `)})`,
      ),
    );
}
