import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { CLUSTER_VERSION_CURRENT } from '../../../../shared/src/clusters';
import type { DbOrTx } from '../../db/client';
import { arrayLiteral } from '../../db/array-literal';
import { countCapped } from '../../db/count';
import { sqlState } from '../../db/errors';
import { orderBy } from '../../db/order';
import { enterpriseMemberships, enterpriseProfiles, organizations, type EnterpriseContact } from '../../db/schema';

const columns = {
  id: organizations.id,
  uscc: organizations.uscc,
  name: organizations.name,
  districtCode: organizations.districtCode,
  address: organizations.address,
  active: organizations.active,
  createdAt: organizations.createdAt,
  clusterVersion: sql<string>`coalesce(${enterpriseProfiles.clusterVersion}, ${CLUSTER_VERSION_CURRENT})`,
  clusters: sql<string[]>`coalesce(${enterpriseProfiles.clusters}, '{}'::text[])`,
  flags: sql<string[]>`coalesce(${enterpriseProfiles.flags}, '{}'::text[])`,
  contacts: sql<EnterpriseContact[]>`coalesce(${enterpriseProfiles.contacts}, '[]'::jsonb)`,
  version: sql<number>`coalesce(${enterpriseProfiles.version}, 1)`,
  updatedAt: sql<string>`coalesce(${enterpriseProfiles.updatedAt}, ${organizations.updatedAt})`,
};

export type EnterpriseRow = {
  id: string;
  uscc: string | null;
  name: string;
  districtCode: string | null;
  address: string | null;
  active: boolean;
  createdAt: Date;
  clusterVersion: string;
  clusters: string[];
  flags: string[];
  contacts: EnterpriseContact[];
  version: number;
  updatedAt: string;
};

export interface EnterpriseFilter {
  /** undefined = all; else restrictions (any that apply are AND-ed). */
  memberOf?: string[];
  ids?: string[];
  districtScope?: string[];
  cluster?: string;
  district?: string;
  flag?: string;
  q?: string;
  workstationId?: string;
}

const uuidList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);

function where(f: EnterpriseFilter): SQL {
  const c: SQL[] = [eq(organizations.type, 'enterprise')];
  // A workstation's members as one array read first (an init plan), then fetched by primary key:
  // a workstation has hundreds of the 120,000 enterprises, and the planner, given a semi-join
  // instead, walked the enterprises in name order to find 20 members (32,000 rows, 170-450 ms at
  // Shenzhen scale, against 10-20 ms this way).
  if (f.memberOf) {
    c.push(f.memberOf.length
      ? sql`${organizations.id} = any(array(select em.enterprise_id from ${enterpriseMemberships} em where em.workstation_id in (${uuidList(f.memberOf)})))`
      : sql`false`);
  }
  if (f.ids) c.push(f.ids.length ? sql`${organizations.id} in (${uuidList(f.ids)})` : sql`false`);
  if (f.districtScope) c.push(f.districtScope.length ? sql`${organizations.districtCode} in (${sql.join(f.districtScope.map((d) => sql`${d}`), sql`, `)})` : sql`false`);
  if (f.workstationId) c.push(sql`${organizations.id} = any(array(select em.enterprise_id from ${enterpriseMemberships} em where em.workstation_id = ${f.workstationId}::uuid))`);
  if (f.cluster) c.push(sql`${enterpriseProfiles.clusters} @> array[${f.cluster}]::text[]`);
  if (f.flag) c.push(sql`${enterpriseProfiles.flags} @> array[${f.flag}]::text[]`);
  if (f.district) c.push(eq(organizations.districtCode, f.district));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    c.push(sql`(${organizations.name} ilike ${like} or ${organizations.uscc} = ${f.q.toUpperCase()})`);
  }
  return and(...c)!;
}

const sorts = {
  name: [organizations.nameSort, 'text'],
  uscc: [organizations.uscc, 'text'],
  createdAt: [organizations.createdAt, 'other'],
} as const;

export async function list(db: DbOrTx, f: EnterpriseFilter, page: { limit: number; offset: number }, sort: { field: string; desc: boolean }) {
  const w = where(f);
  const [col, kind] = sorts[sort.field as keyof typeof sorts] ?? sorts.name;
  const rows = (await db
    .select(columns)
    .from(organizations)
    .leftJoin(enterpriseProfiles, eq(enterpriseProfiles.organizationId, organizations.id))
    .where(w)
    .orderBy(orderBy(col, kind, sort.desc), asc(organizations.id))
    .limit(page.limit)
    .offset(page.offset)) as EnterpriseRow[];
  const count = await countCapped(
    db,
    db.select({ one: sql`1` }).from(organizations).leftJoin(enterpriseProfiles, eq(enterpriseProfiles.organizationId, organizations.id)).where(w),
  );
  return { rows, ...count };
}

export async function findById(db: DbOrTx, id: string) {
  const [row] = await db
    .select(columns)
    .from(organizations)
    .leftJoin(enterpriseProfiles, eq(enterpriseProfiles.organizationId, organizations.id))
    .where(and(eq(organizations.id, id), eq(organizations.type, 'enterprise')));
  return row as EnterpriseRow | undefined;
}

export async function findByUscc(db: DbOrTx, uscc: string) {
  const [row] = await db
    .select(columns)
    .from(organizations)
    .leftJoin(enterpriseProfiles, eq(enterpriseProfiles.organizationId, organizations.id))
    .where(and(eq(organizations.uscc, uscc), eq(organizations.type, 'enterprise')));
  return row as EnterpriseRow | undefined;
}

export async function insert(db: DbOrTx, org: typeof organizations.$inferInsert, profile: Omit<typeof enterpriseProfiles.$inferInsert, 'organizationId'>) {
  const [created] = await db.insert(organizations).values(org).returning({ id: organizations.id });
  await db.insert(enterpriseProfiles).values({ organizationId: created.id, ...profile });
  return created.id;
}

/** Bulk insert for imports and seeds: organizations and profiles, in one statement each. */
export async function insertMany(
  db: DbOrTx,
  rows: { org: typeof organizations.$inferInsert; profile: Omit<typeof enterpriseProfiles.$inferInsert, 'organizationId'> }[],
) {
  if (!rows.length) return [];
  const created = await db.insert(organizations).values(rows.map((r) => r.org)).returning({ id: organizations.id, uscc: organizations.uscc });
  const byUscc = new Map(created.map((c) => [c.uscc, c.id]));
  await db.insert(enterpriseProfiles).values(rows.map((r) => ({ organizationId: byUscc.get(r.org.uscc!)!, ...r.profile })));
  return created;
}

export async function memberships(db: DbOrTx, enterpriseId: string) {
  return db
    .select({ workstationId: enterpriseMemberships.workstationId, workstationName: organizations.name, joinedOn: enterpriseMemberships.joinedOn, source: enterpriseMemberships.source })
    .from(enterpriseMemberships)
    .innerJoin(organizations, eq(organizations.id, enterpriseMemberships.workstationId))
    .where(eq(enterpriseMemberships.enterpriseId, enterpriseId))
    .orderBy(asc(enterpriseMemberships.joinedOn));
}

/** Adds a membership; false when it already existed. */
export async function join(db: DbOrTx, row: typeof enterpriseMemberships.$inferInsert) {
  const inserted = await db.insert(enterpriseMemberships).values(row).onConflictDoNothing().returning({ id: enterpriseMemberships.enterpriseId });
  return inserted.length > 0;
}

export async function joinMany(db: DbOrTx, rows: (typeof enterpriseMemberships.$inferInsert)[]) {
  if (!rows.length) return 0;
  const inserted = await db.insert(enterpriseMemberships).values(rows).onConflictDoNothing().returning({ id: enterpriseMemberships.enterpriseId });
  return inserted.length;
}

export async function existingUsccs(db: DbOrTx, usccs: string[]) {
  if (!usccs.length) return new Map<string, string>();
  const rows = await db
    .select({ id: organizations.id, uscc: organizations.uscc })
    .from(organizations)
    .where(and(eq(organizations.type, 'enterprise'), sql`${organizations.uscc} in (${sql.join(usccs.map((u) => sql`${u}`), sql`, `)})`));
  return new Map(rows.map((r) => [r.uscc!, r.id]));
}

/** Replaces one workstation's contacts with `contacts`, keeping everyone else's, in one statement. */
export async function replaceContactsOf(db: DbOrTx, id: string, workstationId: string, contacts: EnterpriseContact[]) {
  await db.insert(enterpriseProfiles).values({ organizationId: id }).onConflictDoNothing();
  await db
    .update(enterpriseProfiles)
    .set({
      contacts: sql`(select coalesce(jsonb_agg(c), '[]'::jsonb) from jsonb_array_elements(${enterpriseProfiles.contacts}) c where c->>'workstationId' is distinct from ${workstationId}) || ${JSON.stringify(contacts)}::jsonb`,
      version: sql`${enterpriseProfiles.version} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(enterpriseProfiles.organizationId, id));
}

export async function updateVersioned(db: DbOrTx, id: string, version: number, org: Partial<typeof organizations.$inferInsert>, profile: Partial<typeof enterpriseProfiles.$inferInsert>) {
  await db.insert(enterpriseProfiles).values({ organizationId: id }).onConflictDoNothing();
  const [row] = await db
    .update(enterpriseProfiles)
    .set({ ...profile, version: sql`${enterpriseProfiles.version} + 1`, updatedAt: new Date() })
    .where(and(eq(enterpriseProfiles.organizationId, id), eq(enterpriseProfiles.version, version)))
    .returning({ id: enterpriseProfiles.organizationId });
  if (row && Object.keys(org).length) {
    await db.update(organizations).set({ ...org, version: sql`${organizations.version} + 1`, updatedAt: new Date() }).where(eq(organizations.id, id));
  }
  return row;
}

export async function districtOf(db: DbOrTx, orgIds: string[]) {
  if (!orgIds.length) return [];
  const rows = await db.select({ d: organizations.districtCode }).from(organizations).where(sql`${organizations.id} in (${uuidList(orgIds)})`);
  return rows.map((r) => r.d).filter((d): d is string => !!d);
}

// Imports and exports. The bulk statements pass one array per column and unnest them, so a batch
// of any size is a single statement with a handful of parameters: on PGlite this is about three
// times faster than a VALUES list with a parameter per cell.

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * Ids of registered enterprises by 统一社会信用代码: one probe of the code index per code. The type
 * is checked here, not in SQL: during a bulk load the planner's statistics are stale (PGlite has no
 * autovacuum, and PostgreSQL's lags), and a `type = ...` condition made it walk every enterprise
 * through a type index. For the same reason the codes are probed one by one (`offset 0` keeps the
 * lateral subquery a parameterised scan the planner cannot turn into a join): given
 * `uscc = any(array of 1,000 codes)`, PostgreSQL scanned the whole table for each import batch,
 * planned from statistics taken when it held the seed's 12,000 enterprises (5 → 45 ms a batch as a
 * 120,000-row import grew it, 2.3 s of the database's CPU, against ~2 ms a batch by the index).
 */
export async function idsByUscc(db: DbOrTx, usccs: string[]) {
  if (!usccs.length) return new Map<string, string>();
  const result = await db.execute(sql`
    select o.id, o.uscc, o.type from unnest(${sql.param(arrayLiteral(usccs))}::text[]) as k(uscc)
    cross join lateral (select id, uscc, type from organizations where uscc = k.uscc offset 0) as o`);
  return new Map(rowsOf<{ id: string; uscc: string; type: string }>(result).filter((r) => r.type === 'enterprise').map((r) => [r.uscc, r.id]));
}

export interface BulkEnterprise {
  id: string;
  uscc: string;
  name: string;
  nameSort: string;
  districtCode: string | null;
  clusters: string[];
  flags: string[];
  contacts: EnterpriseContact[];
}

/**
 * Registers new enterprises with their profiles. A code registered meanwhile by someone else is
 * skipped, not an error; the answer holds the codes actually inserted, with their ids.
 *
 * The import looked the codes up just before, so the batch is first written as it is: organizations
 * and profiles in one statement, without `on conflict` (a speculative insert probes the unique
 * indexes once more for every row: ~20% of the database's CPU per row, measured on PostgreSQL 15).
 * Only when that meets a code registered since the look-up (a unique violation) is it undone, to
 * its savepoint, and the batch written again with `on conflict do nothing`, which skips those codes.
 */
export async function insertEnterprisesBulk(db: DbOrTx, rows: BulkEnterprise[], now: Date) {
  if (!rows.length) return new Map<string, string>();
  try {
    await db.transaction((sp) => sp.execute(sql`
      with t as (
        select * from unnest(${ids(rows)}::uuid[], ${col(rows, 'name')}::text[], ${col(rows, 'nameSort')}::text[], ${col(rows, 'uscc')}::text[],
          ${col(rows, 'districtCode')}::text[], ${arrays(rows, 'clusters')}::text[], ${arrays(rows, 'flags')}::text[], ${contactsOf(rows)}::text[])
          as t(id, name, name_sort, uscc, district_code, clusters, flags, contacts)
      ), o as (
        insert into organizations (id, type, name, name_sort, uscc, district_code, created_at, updated_at)
        select id, 'enterprise', name, name_sort, uscc, district_code, ${now}, ${now} from t
      )
      insert into enterprise_profiles (organization_id, clusters, flags, contacts, updated_at)
      select id, clusters::text[], flags::text[], contacts::jsonb, ${now} from t`));
    return new Map(rows.map((r) => [r.uscc, r.id]));
  } catch (err) {
    if (sqlState(err) !== '23505') throw err;
  }
  const inserted = new Map<string, string>();
  const result = await db.execute(sql`
    insert into organizations (id, type, name, name_sort, uscc, district_code, created_at, updated_at)
    select id, 'enterprise', name, name_sort, uscc, district_code, ${now}, ${now}
    from unnest(${ids(rows)}::uuid[], ${col(rows, 'name')}::text[], ${col(rows, 'nameSort')}::text[], ${col(rows, 'uscc')}::text[], ${col(rows, 'districtCode')}::text[])
      as t(id, name, name_sort, uscc, district_code)
    on conflict do nothing
    returning id, uscc`);
  for (const r of rowsOf<{ id: string; uscc: string }>(result)) inserted.set(r.uscc, r.id);
  const kept = rows.filter((r) => inserted.get(r.uscc) === r.id);
  if (!kept.length) return inserted;
  await db.execute(sql`
    insert into enterprise_profiles (organization_id, clusters, flags, contacts, updated_at)
    select id, clusters::text[], flags::text[], contacts::jsonb, ${now}
    from unnest(${ids(kept)}::uuid[], ${arrays(kept, 'clusters')}::text[], ${arrays(kept, 'flags')}::text[], ${contactsOf(kept)}::text[])
      as t(id, clusters, flags, contacts)`);
  return inserted;
}

// Each array travels as the text of an array literal (see arrayLiteral).
const col = (rows: BulkEnterprise[], k: 'id' | 'uscc' | 'name' | 'nameSort' | 'districtCode') => sql.param(arrayLiteral(rows.map((r) => r[k])));
const ids = (rows: BulkEnterprise[]) => col(rows, 'id');
// Codes and flags are plain [A-Z0-9_] words, so a row's array travels as an array literal.
const arrays = (rows: BulkEnterprise[], k: 'clusters' | 'flags') => sql.param(arrayLiteral(rows.map((r) => `{${r[k].join(',')}}`)));
const contactsOf = (rows: BulkEnterprise[]) => sql.param(arrayLiteral(rows.map((r) => JSON.stringify(r.contacts))));

/** Joins enterprises to a workstation; the answer holds the ids that were not members before. */
export async function joinBulk(db: DbOrTx, workstationId: string, enterpriseIds: string[], joinedOn: string, source: 'import', now: Date) {
  if (!enterpriseIds.length) return new Set<string>();
  const result = await db.execute(sql`
    insert into enterprise_memberships (enterprise_id, workstation_id, joined_on, source, created_at)
    select id, ${workstationId}::uuid, ${joinedOn}::date, ${source}, ${now} from unnest(${sql.param(arrayLiteral(enterpriseIds))}::uuid[]) as t(id)
    on conflict do nothing
    returning enterprise_id`);
  return new Set(rowsOf<{ enterprise_id: string }>(result).map((r) => r.enterprise_id));
}

/** Which of these enterprises are already members of the workstation. */
export async function memberIdsAmong(db: DbOrTx, workstationId: string, enterpriseIds: string[]) {
  if (!enterpriseIds.length) return new Set<string>();
  const result = await db.execute(sql`
    select enterprise_id from enterprise_memberships
    where workstation_id = ${workstationId}::uuid and enterprise_id = any(${sql.param(arrayLiteral(enterpriseIds))}::uuid[])`);
  return new Set(rowsOf<{ enterprise_id: string }>(result).map((r) => r.enterprise_id));
}

export async function isWorkstation(db: DbOrTx, id: string) {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.id, id), eq(organizations.type, 'workstation')));
  return !!row;
}

export type ExportRow = EnterpriseRow & { joinedOn: string | null; cursor: string };

const exportSorts = {
  name: { col: organizations.nameSort, text: true },
  uscc: { col: organizations.uscc, text: true },
  createdAt: { col: organizations.createdAt, text: false },
} as const;

/**
 * One page of the list in the order of `list` (sort column, then id), continued after `after`
 * (the previous page's last cursor), so an export of any length reads each row once.
 * `joinedOn` is the earliest date the enterprise joined one of `joinedIn` (any workstation if null).
 */
export async function exportPage(
  db: DbOrTx,
  f: EnterpriseFilter,
  sort: { field: string; desc: boolean },
  after: { cursor: string; id: string } | null,
  limit: number,
  joinedIn: string[] | null,
) {
  const s = exportSorts[sort.field as keyof typeof exportSorts] ?? exportSorts.name;
  const key = s.text ? sql`${s.col} collate "C"` : sql`${s.col}`;
  const cursorValue = s.text ? sql`${after?.cursor ?? ''} collate "C"` : sql`${after?.cursor ?? null}::timestamptz`;
  const conds = [where(f)];
  if (after) {
    conds.push(sort.desc
      ? sql`(${key} < ${cursorValue} or (${key} = ${cursorValue} and ${organizations.id} > ${after.id}::uuid))`
      : sql`(${key} > ${cursorValue} or (${key} = ${cursorValue} and ${organizations.id} > ${after.id}::uuid))`);
  }
  const joinedScope = joinedIn ? (joinedIn.length ? sql` and em.workstation_id in (${uuidList(joinedIn)})` : sql` and false`) : sql``;
  const rows = await db
    .select({
      ...columns,
      cursor: sql<string>`${s.col}::text`,
      joinedOn: sql<string | null>`(select min(em.joined_on)::text from ${enterpriseMemberships} em where em.enterprise_id = ${organizations.id}${joinedScope})`,
    })
    .from(organizations)
    .leftJoin(enterpriseProfiles, eq(enterpriseProfiles.organizationId, organizations.id))
    .where(and(...conds))
    .orderBy(orderBy(s.col, s.text ? 'text' : 'other', sort.desc), asc(organizations.id))
    .limit(limit);
  return rows as ExportRow[];
}

/**
 * This transaction commits without waiting for its WAL to reach the disk. Only for a batch of an
 * import that a later, ordinary commit of the same import follows: WAL is flushed in order, so when
 * that commit returns every earlier batch is durable too, and a crash before it loses only batches
 * nobody was told about (the import then reports nothing, and running it again completes it).
 */
export async function commitWithoutFlush(tx: DbOrTx) {
  await tx.execute(sql`set local synchronous_commit = off`);
}

/**
 * Fresh planner statistics after a bulk load (PGlite has no autovacuum), as the seed does, so the
 * list and lookup queries keep their indexes once the registry has grown.
 */
export async function analyzeRegistry(db: DbOrTx) {
  // One statement per table, at the same time: on PostgreSQL each runs on a connection (and a core)
  // of its own, ~0.7 s each for organizations and profiles at 130,000 enterprises, one after the
  // other before; PGlite runs them in turn.
  await Promise.all(['organizations', 'enterprise_profiles', 'enterprise_memberships'].map((t) => db.execute(sql`analyze ${sql.identifier(t)}`)));
}
