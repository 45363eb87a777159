import { and, asc, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { countCapped } from '../../db/count';
import { DUE_SOON_MS } from './case-clock';
import {
  caseAssignments,
  caseMessages,
  caseParties,
  cases,
  memberships,
  organizations,
  professionalProfiles,
  serviceRecords,
  users,
  workflowEvents,
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
  q?: string;
  now: Date;
}

function scopeSql(s: CaseScope): SQL {
  const parts: SQL[] = [];
  if (s.workstationIds?.length) parts.push(sql`${cases.workstationId} in (${uuids(s.workstationIds)})`);
  if (s.clientEnterpriseIds?.length) {
    parts.push(sql`exists (select 1 from ${caseParties} p where p.case_id = ${cases.id} and p.side = 'client' and p.enterprise_id in (${uuids(s.clientEnterpriseIds)}))`);
  }
  if (s.assigneeUserId) parts.push(sql`exists (select 1 from ${caseAssignments} a where a.case_id = ${cases.id} and a.active and a.user_id = ${s.assigneeUserId}::uuid)`);
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

const TERMINAL = ['closed', 'rejected', 'withdrawn', 'answered', 'delivered'];

export async function listCases(db: DbOrTx, scope: CaseScope, f: CaseFilter, page: { limit: number; offset: number }, sort: { field: string; desc: boolean }) {
  const c: SQL[] = [scopeSql(scope)];
  if (f.type) c.push(eq(cases.type, f.type));
  if (f.status) c.push(eq(cases.status, f.status));
  if (f.workstationId) c.push(eq(cases.workstationId, f.workstationId));
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
    c.push(sql`${cases.status} not in (${sql.join(TERMINAL.map((s) => sql`${s}`), sql`, `)})`);
  }
  if (f.q) c.push(sql`(${cases.title} ilike ${'%' + f.q.replace(/[\\%_]/g, (m) => `\\${m}`) + '%'} or ${cases.caseNo} = ${f.q})`);
  const w = and(...c);
  const col = { dueAt: cases.dueAt, createdAt: cases.createdAt, updatedAt: cases.updatedAt }[sort.field] ?? cases.createdAt;
  const order = sort.field === 'dueAt' ? sql`${col} ${sort.desc ? sql`desc` : sql`asc`} nulls last` : sort.desc ? desc(col) : asc(col);
  const rows = await db.select().from(cases).where(w).orderBy(order, asc(cases.id)).limit(page.limit).offset(page.offset);
  const count = await countCapped(db, db.select({ one: sql`1` }).from(cases).where(w));
  return { rows, ...count };
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
export async function rolesAndAgencies(db: DbOrTx, userId: string) {
  const rows = await db
    .select({ role: memberships.role, orgId: memberships.organizationId, orgType: organizations.type })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId));
  return { roles: rows.map((r) => r.role), agencyIds: rows.filter((r) => r.orgType === 'agency').map((r) => r.orgId), orgIds: rows.map((r) => r.orgId) };
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

export interface LedgerFilter {
  workstationIds?: string[];
  districtCodes?: string[];
  from?: Date;
  to?: Date;
  type?: string;
  workstationId?: string;
  channel?: string;
  cluster?: string;
  district?: string;
}

function ledgerWhere(f: LedgerFilter): SQL | undefined {
  const c: SQL[] = [];
  if (f.workstationIds) c.push(f.workstationIds.length ? sql`${serviceRecords.workstationId} in (${uuids(f.workstationIds)})` : sql`false`);
  if (f.districtCodes) c.push(f.districtCodes.length ? sql`${serviceRecords.districtCode} in (${sql.join(f.districtCodes.map((d) => sql`${d}`), sql`, `)})` : sql`false`);
  if (f.from) c.push(sql`${serviceRecords.deliveredAt} >= ${f.from}`);
  if (f.to) c.push(sql`${serviceRecords.deliveredAt} <= ${f.to}`);
  if (f.type) c.push(eq(serviceRecords.serviceType, f.type));
  if (f.workstationId) c.push(eq(serviceRecords.workstationId, f.workstationId));
  if (f.channel) c.push(eq(serviceRecords.channel, f.channel));
  if (f.cluster) c.push(sql`${serviceRecords.clusters} @> array[${f.cluster}]::text[]`);
  if (f.district) c.push(eq(serviceRecords.districtCode, f.district));
  return c.length ? and(...c) : undefined;
}

export async function listLedger(db: DbOrTx, f: LedgerFilter, page: { limit: number; offset: number }) {
  const w = ledgerWhere(f);
  const rows = await db
    .select({ r: serviceRecords, workstationName: organizations.name })
    .from(serviceRecords)
    .innerJoin(organizations, eq(organizations.id, serviceRecords.workstationId))
    .where(w)
    .orderBy(desc(serviceRecords.deliveredAt), asc(serviceRecords.id))
    .limit(page.limit)
    .offset(page.offset);
  // Every ledger row is one enterprise-time by construction (see the unique key on service_records).
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(serviceRecords).where(w);
  return { rows, total: Number(n), enterpriseTimes: Number(n) };
}

export async function overdueUnnotified(db: DbOrTx, now: Date) {
  return db
    .select()
    .from(cases)
    .where(and(lt(cases.dueAt, now), isNull(cases.breachNotifiedAt)))
    .limit(500);
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
