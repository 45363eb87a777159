import { aliasedTable, and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { CLUSTER_VERSION_CURRENT } from '../../../../shared/src/clusters';
import type { DbOrTx } from '../../db/client';
import { orderBy } from '../../db/order';
import {
  documents,
  memberships,
  organizations,
  workflowEvents,
  workstationBranches,
  workstationChanges,
  workstationProfiles,
  workstationStaff,
  type FilingState,
} from '../../db/schema';

const host = aliasedTable(organizations, 'host');

const columns = {
  id: organizations.id,
  name: organizations.name,
  nameSort: organizations.nameSort,
  active: organizations.active,
  districtCode: organizations.districtCode,
  address: organizations.address,
  contactPhone: organizations.contactPhone,
  contactEmail: organizations.contactEmail,
  orgVersion: organizations.version,
  createdAt: organizations.createdAt,
  hostId: host.id,
  hostName: host.name,
  hostUscc: host.uscc,
  hostFoundedOn: host.foundedOn,
  filingStatus: sql<FilingState>`coalesce(${workstationProfiles.filingStatus}, 'draft')`,
  filingNumber: workstationProfiles.filingNumber,
  filingDate: workstationProfiles.filingDate,
  clusterVersion: sql<string>`coalesce(${workstationProfiles.clusterVersion}, ${CLUSTER_VERSION_CURRENT})`,
  clusters: sql<string[]>`coalesce(${workstationProfiles.clusters}, '{}'::text[])`,
  districts: sql<string[]>`coalesce(${workstationProfiles.districts}, '{}'::text[])`,
  services: sql<string[]>`coalesce(${workstationProfiles.services}, '{}'::text[])`,
  premises: workstationProfiles.premises,
  funding: workstationProfiles.funding,
  leader: workstationProfiles.leader,
  partnerAgencyIds: workstationProfiles.partnerAgencyIds,
  allianceMember: workstationProfiles.allianceMember,
  selfDisciplineSigned: workstationProfiles.selfDisciplineSigned,
  lastReason: workstationProfiles.lastReason,
  version: sql<number>`coalesce(${workstationProfiles.version}, 1)`,
  updatedAt: sql<Date>`coalesce(${workstationProfiles.updatedAt}, ${organizations.updatedAt})`,
};

export type WorkstationRow = {
  [K in keyof typeof columns]: (typeof columns)[K] extends { _: { data: infer D } } ? D : (typeof columns)[K] extends SQL<infer T> ? T : never;
};

export interface WorkstationFilter {
  /** undefined = every workstation; otherwise only these ids (or, with activeOnly, active ones too). */
  scopeIds?: string[];
  activeOnly?: boolean;
  status?: FilingState;
  cluster?: string;
  district?: string;
  q?: string;
  hostId?: string;
}

const arr = (codes: string[]) => sql`array[${sql.join(codes.map((c) => sql`${c}`), sql`, `)}]::text[]`;

function where(f: WorkstationFilter): SQL {
  const c: SQL[] = [eq(organizations.type, 'workstation')];
  const scope: SQL[] = [];
  if (f.scopeIds) scope.push(f.scopeIds.length ? sql`${organizations.id} in (${sql.join(f.scopeIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`);
  if (f.activeOnly) scope.push(sql`coalesce(${workstationProfiles.filingStatus}, 'draft') = 'active'`);
  if (scope.length) c.push(sql`(${sql.join(scope, sql` or `)})`);
  if (f.status) c.push(sql`coalesce(${workstationProfiles.filingStatus}, 'draft') = ${f.status}`);
  if (f.cluster) c.push(sql`${workstationProfiles.clusters} @> ${arr([f.cluster])}`);
  if (f.district) c.push(sql`${workstationProfiles.districts} @> ${arr([f.district])}`);
  if (f.hostId) c.push(eq(organizations.parentId, f.hostId));
  if (f.q) c.push(sql`(${organizations.name} ilike ${'%' + f.q.replace(/[\\%_]/g, (m) => `\\${m}`) + '%'} or ${host.name} ilike ${'%' + f.q.replace(/[\\%_]/g, (m) => `\\${m}`) + '%'})`);
  return and(...c)!;
}

const base = (db: DbOrTx) =>
  db
    .select(columns)
    .from(organizations)
    .leftJoin(workstationProfiles, eq(workstationProfiles.organizationId, organizations.id))
    .leftJoin(host, eq(host.id, organizations.parentId));

const sorts = {
  name: [organizations.nameSort, 'text'],
  filingNumber: [workstationProfiles.filingNumber, 'text'],
  createdAt: [organizations.createdAt, 'other'],
} as const;

export async function list(db: DbOrTx, f: WorkstationFilter, page: { limit: number; offset: number }, sort: { field: string; desc: boolean }) {
  const w = where(f);
  const [col, kind] = sorts[sort.field as keyof typeof sorts] ?? sorts.name;
  const rows = (await base(db).where(w).orderBy(orderBy(col, kind, sort.desc), asc(organizations.id)).limit(page.limit).offset(page.offset)) as WorkstationRow[];
  const counted: { count: number }[] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(organizations)
    .leftJoin(workstationProfiles, eq(workstationProfiles.organizationId, organizations.id))
    .leftJoin(host, eq(host.id, organizations.parentId))
    .where(w);
  return { rows, total: Number(counted[0].count) };
}

export async function findById(db: DbOrTx, id: string): Promise<WorkstationRow | undefined> {
  const [row] = await base(db).where(and(eq(organizations.id, id), eq(organizations.type, 'workstation')));
  return row as WorkstationRow | undefined;
}

/** Makes sure the profile row exists (workstations made as plain organizations start as drafts). */
export async function ensureProfile(db: DbOrTx, id: string) {
  await db.insert(workstationProfiles).values({ organizationId: id }).onConflictDoNothing();
}

export async function insertProfile(db: DbOrTx, row: typeof workstationProfiles.$inferInsert) {
  await db.insert(workstationProfiles).values(row);
}

export async function updateProfileVersioned(db: DbOrTx, id: string, version: number, patch: Partial<typeof workstationProfiles.$inferInsert>) {
  const [row] = await db
    .update(workstationProfiles)
    .set({ ...patch, version: sql`${workstationProfiles.version} + 1`, updatedAt: new Date() })
    .where(and(eq(workstationProfiles.organizationId, id), eq(workstationProfiles.version, version)))
    .returning({ id: workstationProfiles.organizationId });
  return row;
}

export async function updateOrganizationFields(db: DbOrTx, id: string, patch: Partial<typeof organizations.$inferInsert>) {
  if (Object.keys(patch).length === 0) return;
  await db.update(organizations).set({ ...patch, version: sql`${organizations.version} + 1`, updatedAt: new Date() }).where(eq(organizations.id, id));
}

/** The next filing number of a year; called under the filing lock so numbers never repeat. */
export async function nextFilingNumber(db: DbOrTx, year: number) {
  await db.execute(sql`select pg_advisory_xact_lock(7410010, ${year})`);
  const prefix = `深知保备〔${year}〕`;
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(workstationProfiles)
    .where(sql`${workstationProfiles.filingNumber} like ${prefix + '%'}`);
  return `${prefix}${String(n + 1).padStart(3, '0')}号`;
}

export async function insertEvent(db: DbOrTx, row: typeof workflowEvents.$inferInsert) {
  await db.insert(workflowEvents).values(row);
}

export async function eventsOf(db: DbOrTx, recordType: string, recordId: string) {
  return db
    .select()
    .from(workflowEvents)
    .where(and(eq(workflowEvents.recordType, recordType), eq(workflowEvents.recordId, recordId)))
    .orderBy(asc(workflowEvents.id));
}

export const staffOf = (db: DbOrTx, workstationId: string) =>
  db.select().from(workstationStaff).where(eq(workstationStaff.workstationId, workstationId)).orderBy(asc(workstationStaff.createdAt));

export async function insertStaff(db: DbOrTx, row: typeof workstationStaff.$inferInsert) {
  const [s] = await db.insert(workstationStaff).values(row).returning();
  return s;
}

export async function findStaff(db: DbOrTx, workstationId: string, id: string) {
  const [s] = await db.select().from(workstationStaff).where(and(eq(workstationStaff.id, id), eq(workstationStaff.workstationId, workstationId)));
  return s;
}

export async function updateStaffVersioned(db: DbOrTx, id: string, version: number, patch: Partial<typeof workstationStaff.$inferInsert>) {
  const [s] = await db
    .update(workstationStaff)
    .set({ ...patch, version: sql`${workstationStaff.version} + 1`, updatedAt: new Date() })
    .where(and(eq(workstationStaff.id, id), eq(workstationStaff.version, version)))
    .returning();
  return s;
}

export const branchesOf = (db: DbOrTx, workstationId: string) =>
  db.select().from(workstationBranches).where(eq(workstationBranches.workstationId, workstationId)).orderBy(asc(workstationBranches.createdAt));

export async function insertBranch(db: DbOrTx, row: typeof workstationBranches.$inferInsert) {
  const [b] = await db.insert(workstationBranches).values(row).returning();
  return b;
}

export async function findBranch(db: DbOrTx, workstationId: string, id: string) {
  const [b] = await db.select().from(workstationBranches).where(and(eq(workstationBranches.id, id), eq(workstationBranches.workstationId, workstationId)));
  return b;
}

export async function updateBranchVersioned(db: DbOrTx, id: string, version: number, patch: Partial<typeof workstationBranches.$inferInsert>, now: Date) {
  const [b] = await db
    .update(workstationBranches)
    .set({ ...patch, version: sql`${workstationBranches.version} + 1`, updatedAt: now })
    .where(and(eq(workstationBranches.id, id), eq(workstationBranches.version, version)))
    .returning();
  return b;
}

export async function deleteBranchVersioned(db: DbOrTx, id: string, version: number) {
  const rows = await db
    .delete(workstationBranches)
    .where(and(eq(workstationBranches.id, id), eq(workstationBranches.version, version)))
    .returning({ id: workstationBranches.id });
  return rows.length > 0;
}

export async function pendingChange(db: DbOrTx, workstationId: string) {
  const [c] = await db
    .select()
    .from(workstationChanges)
    .where(and(eq(workstationChanges.workstationId, workstationId), eq(workstationChanges.status, 'pending')))
    .orderBy(desc(workstationChanges.createdAt))
    .limit(1);
  return c;
}

export async function insertChange(db: DbOrTx, row: typeof workstationChanges.$inferInsert) {
  const [c] = await db.insert(workstationChanges).values(row).returning();
  return c;
}

export async function decideChange(db: DbOrTx, id: string, patch: Partial<typeof workstationChanges.$inferInsert>) {
  const [c] = await db
    .update(workstationChanges)
    .set(patch)
    .where(and(eq(workstationChanges.id, id), eq(workstationChanges.status, 'pending')))
    .returning();
  return c;
}

export const documentsOf = (db: DbOrTx, workstationId: string) =>
  db
    .select()
    .from(documents)
    .where(and(eq(documents.recordType, 'workstation'), eq(documents.recordId, workstationId)))
    .orderBy(asc(documents.createdAt));

export async function insertDocument(db: DbOrTx, row: typeof documents.$inferInsert) {
  const [d] = await db.insert(documents).values(row).returning();
  return d;
}

export async function findDocument(db: DbOrTx, workstationId: string, id: string) {
  const [d] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.recordType, 'workstation'), eq(documents.recordId, workstationId)));
  return d;
}

export async function idsUnderHosts(db: DbOrTx, hostIds: string[]) {
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.type, 'workstation'), sql`${organizations.parentId} in (${sql.join(hostIds.map((id) => sql`${id}::uuid`), sql`, `)})`));
  return rows.map((r) => r.id);
}

export async function insertWorkstationOrganization(db: DbOrTx, row: typeof organizations.$inferInsert) {
  const [created] = await db.insert(organizations).values(row).returning();
  return created;
}

/** Of the given organization ids, those that are active agencies, with their names. */
export async function activeAgencies(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(and(inArray(organizations.id, ids), eq(organizations.type, 'agency'), eq(organizations.active, true)));
}

/** Whether the user holds a role in the workstation (the only accounts a staff record may link). */
export async function holdsRoleIn(db: DbOrTx, userId: string, workstationId: string) {
  const [m] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, workstationId)))
    .limit(1);
  return Boolean(m);
}
