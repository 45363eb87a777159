import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { orderBy } from '../../db/order';
import { organizations, type OrganizationType } from '../../db/schema';

export type OrganizationRow = typeof organizations.$inferSelect;

export interface OrganizationFilter {
  /** Scope: undefined = every organization; otherwise only these ids. */
  scopeIds?: string[];
  type?: OrganizationType;
  parentId?: string;
  q?: string;
  active?: boolean;
  districtCode?: string;
}

const idsIn = (ids: string[]) =>
  ids.length ? sql`${organizations.id} in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`;

function where(f: OrganizationFilter): SQL | undefined {
  const c: SQL[] = [];
  if (f.scopeIds) c.push(idsIn(f.scopeIds));
  if (f.type) c.push(eq(organizations.type, f.type));
  if (f.parentId) c.push(eq(organizations.parentId, f.parentId));
  if (f.districtCode) c.push(eq(organizations.districtCode, f.districtCode));
  if (f.active !== undefined) c.push(eq(organizations.active, f.active));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    c.push(or(ilike(organizations.name, like), ilike(organizations.uscc, like))!);
  }
  return c.length ? and(...c) : undefined;
}

const sortColumns = {
  name: [organizations.nameSort, 'text'],
  type: [organizations.type, 'text'],
  createdAt: [organizations.createdAt, 'other'],
  updatedAt: [organizations.updatedAt, 'other'],
} as const;

export async function list(db: DbOrTx, f: OrganizationFilter, page: { limit: number; offset: number }, sort: { field: string; desc: boolean }) {
  const w = where(f);
  const [col, kind] = sortColumns[sort.field as keyof typeof sortColumns] ?? sortColumns.name;
  const rows = await db
    .select()
    .from(organizations)
    .where(w)
    .orderBy(orderBy(col, kind, sort.desc), asc(organizations.id))
    .limit(page.limit)
    .offset(page.offset);
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(organizations).where(w);
  return { rows, total: count };
}

export async function findById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row;
}

export async function findByUscc(db: DbOrTx, uscc: string, type: OrganizationType) {
  const [row] = await db.select().from(organizations).where(and(eq(organizations.uscc, uscc), eq(organizations.type, type)));
  return row;
}

/** Organizations of a type whose name is exactly `name` (names are not unique, so a list). */
export async function findByName(db: DbOrTx, name: string, type: OrganizationType) {
  return db.select().from(organizations).where(and(eq(organizations.name, name), eq(organizations.type, type))).limit(2);
}

export async function findFirstOfType(db: DbOrTx, type: OrganizationType) {
  const [row] = await db.select().from(organizations).where(eq(organizations.type, type)).orderBy(asc(organizations.createdAt)).limit(1);
  return row;
}

/** True when `err` is PostgreSQL's unique violation of `constraint` (drizzle wraps driver errors in `cause`). */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return e.constraint === constraint || String((e as Error).message ?? '').includes(constraint);
  }
  return false;
}

export const USCC_UNIQUE = 'organizations_uscc_type_uq';

export async function insert(db: DbOrTx, row: typeof organizations.$inferInsert) {
  const [created] = await db.insert(organizations).values(row).returning();
  return created;
}

/** Optimistic update: only when the version matches; undefined on a stale version. Pass `updatedAt` from the clock. */
export async function updateVersioned(db: DbOrTx, id: string, version: number, patch: Partial<typeof organizations.$inferInsert>) {
  const [row] = await db
    .update(organizations)
    .set({ updatedAt: new Date(), ...patch, version: sql`${organizations.version} + 1` })
    .where(and(eq(organizations.id, id), eq(organizations.version, version)))
    .returning();
  return row;
}

export async function childrenIds(db: DbOrTx, parentIds: string[]) {
  if (!parentIds.length) return [];
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(sql`${organizations.parentId} in (${sql.join(parentIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
  return rows.map((r) => r.id);
}

export async function parentIdsOf(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db
    .select({ parentId: organizations.parentId })
    .from(organizations)
    .where(idsIn(ids));
  return rows.map((r) => r.parentId).filter((x): x is string => !!x);
}
