import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { orderBy } from '../../db/order';
import { memberships, organizations, passwordHistory, users, type RoleName } from '../../db/schema';

export type UserRow = typeof users.$inferSelect;

export interface RoleRow {
  id: string;
  userId: string;
  role: RoleName;
  organizationId: string;
  organizationName: string;
  organizationType: (typeof organizations.$inferSelect)['type'];
  organizationParentId: string | null;
}

export async function findById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findByUsername(db: DbOrTx, username: string) {
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

export async function rolesOf(db: DbOrTx, userIds: string[]): Promise<RoleRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select({
      id: memberships.id,
      userId: memberships.userId,
      role: memberships.role,
      organizationId: memberships.organizationId,
      organizationName: organizations.name,
      organizationType: organizations.type,
      organizationParentId: organizations.parentId,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(inArray(memberships.userId, userIds))
    .orderBy(asc(memberships.createdAt));
}

export interface UserListFilter {
  /** Scope: only users with a membership in one of these organizations (undefined = everyone)... */
  scopeOrgIds?: string[];
  /** ...and, when given, with one of these roles there. */
  scopeRoles?: RoleName[];
  organizationId?: string;
  role?: RoleName;
  q?: string;
  active?: boolean;
}

function listWhere(f: UserListFilter): SQL | undefined {
  const c: SQL[] = [];
  const memberOf = (orgIds: string[], roles?: RoleName[]) =>
    sql`exists (select 1 from ${memberships} m where m.user_id = ${users.id} and m.organization_id in (${sql.join(
      orgIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})${roles?.length ? sql` and m.role in (${sql.join(roles.map((r) => sql`${r}`), sql`, `)})` : sql``})`;
  if (f.scopeOrgIds) c.push(f.scopeOrgIds.length ? memberOf(f.scopeOrgIds, f.scopeRoles) : sql`false`);
  if (f.organizationId) c.push(memberOf([f.organizationId], f.role ? [f.role] : undefined));
  else if (f.role) c.push(sql`exists (select 1 from ${memberships} m where m.user_id = ${users.id} and m.role = ${f.role})`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    c.push(or(ilike(users.username, like), ilike(users.displayName, like), ilike(users.email, like))!);
  }
  if (f.active !== undefined) c.push(eq(users.active, f.active));
  return c.length ? and(...c) : undefined;
}

const sortColumns = {
  username: [users.username, 'text'],
  displayName: [users.displayNameSort, 'text'],
  createdAt: [users.createdAt, 'other'],
} as const;

export async function list(
  db: DbOrTx,
  f: UserListFilter,
  page: { limit: number; offset: number },
  sort: { field: string; desc: boolean },
) {
  const w = listWhere(f);
  const [col, kind] = sortColumns[sort.field as keyof typeof sortColumns] ?? sortColumns.displayName;
  const rows = await db
    .select()
    .from(users)
    .where(w)
    .orderBy(orderBy(col, kind, sort.desc), asc(users.id))
    .limit(page.limit)
    .offset(page.offset);
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(users).where(w);
  return { rows, total: count };
}

export const USERNAME_UNIQUE = 'users_username_uq';

/** True when `err` is PostgreSQL's unique violation of `constraint` (drizzle wraps driver errors in `cause`). */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return e.constraint === constraint || String((e as Error).message ?? '').includes(constraint);
  }
  return false;
}

export async function insert(db: DbOrTx, row: typeof users.$inferInsert) {
  const [created] = await db.insert(users).values(row).returning();
  return created;
}

/** Optimistic update: only when the version matches; returns undefined on a stale version. Pass `updatedAt` from the clock. */
export async function updateVersioned(db: DbOrTx, id: string, version: number, patch: Partial<typeof users.$inferInsert>) {
  const [row] = await db
    .update(users)
    .set({ updatedAt: new Date(), ...patch, version: sql`${users.version} + 1` })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning();
  return row;
}

export async function update(db: DbOrTx, id: string, patch: Partial<typeof users.$inferInsert>) {
  const [row] = await db
    .update(users)
    .set({ updatedAt: new Date(), ...patch, version: sql`${users.version} + 1` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

export async function insertMembership(db: DbOrTx, row: typeof memberships.$inferInsert) {
  const [created] = await db.insert(memberships).values(row).onConflictDoNothing().returning();
  return created;
}

export async function findMembership(db: DbOrTx, id: string) {
  const [row] = await db.select().from(memberships).where(eq(memberships.id, id));
  return row;
}

export async function deleteMembership(db: DbOrTx, id: string) {
  await db.delete(memberships).where(eq(memberships.id, id));
}

/**
 * Serialises changes to who holds `role` (transaction-scoped), so two admins removing each other at
 * once cannot both see the other one still active.
 */
export async function lockRoleHolders(tx: DbOrTx, role: RoleName) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ipstation.role.${role}`}))`);
}

export async function countActiveWithRole(db: DbOrTx, role: RoleName) {
  const [{ count }] = await db
    .select({ count: sql<number>`count(distinct ${users.id})::int` })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(memberships.role, role), eq(users.active, true)));
  return count;
}

export async function recentPasswordHashes(db: DbOrTx, userId: string, n: number) {
  const rows = await db
    .select({ hash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.createdAt))
    .limit(n);
  return rows.map((r) => r.hash);
}

export async function addPasswordHistory(db: DbOrTx, userId: string, passwordHash: string) {
  await db.insert(passwordHistory).values({ userId, passwordHash });
}

/** Active users holding one of the roles in one of the organizations (whom to notify). */
/** Active users holding any of the roles in those organizations, or in any organization when `orgIds` is null. */
export async function userIdsWithRole(db: DbOrTx, orgIds: string[] | null, roles: string[]) {
  if (orgIds && !orgIds.length) return [];
  const inOrgs = orgIds ? sql`and m.organization_id in (${sql.join(orgIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
  const rows = await db.execute(sql`
    select distinct m.user_id as id from memberships m join users u on u.id = m.user_id
    where u.active ${inOrgs}
      and m.role in (${sql.join(roles.map((r) => sql`${r}`), sql`, `)})`);
  return (rows as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
}

