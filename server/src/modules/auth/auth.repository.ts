import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { apiTokens, loginAttempts, memberships, mfaChallenges, organizations, sessions, users, type OrganizationType, type RoleName } from '../../db/schema';

export async function insertSession(db: DbOrTx, row: typeof sessions.$inferInsert) {
  const [s] = await db.insert(sessions).values(row).returning();
  return s;
}

export async function findLiveSession(db: DbOrTx, idHash: string, now: Date) {
  const [s] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, idHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  return s;
}

export async function touchSession(db: DbOrTx, idHash: string, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, idHash));
}

export async function revokeSessionByHash(db: DbOrTx, idHash: string, now: Date) {
  await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, idHash));
}

export async function revokeSessionByPublicId(db: DbOrTx, userId: string, publicId: string, now: Date) {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), eq(sessions.publicId, publicId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.publicId });
  return rows.length > 0;
}

export async function revokeAllSessions(db: DbOrTx, userId: string, now: Date, exceptHash?: string) {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptHash ? sql`${sessions.id} <> ${exceptHash}` : sql`true`));
}

export async function liveSessionsOf(db: DbOrTx, userId: string, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
}

export async function recordAttempt(db: DbOrTx, row: typeof loginAttempts.$inferInsert) {
  await db.insert(loginAttempts).values(row);
}

/** Failures counted toward a username's lock (attempts refused because already locked do not count). */
export async function recentFailures(db: DbOrTx, username: string, since: Date) {
  return db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(
      and(
        sql`lower(${loginAttempts.username}) = lower(${username})`,
        eq(loginAttempts.success, false),
        sql`coalesce(${loginAttempts.reason}, '') not in ('locked', 'ip_limited')`,
        gt(loginAttempts.at, since),
      ),
    )
    .orderBy(desc(loginAttempts.at));
}

export async function attemptsFromIp(db: DbOrTx, ip: string, since: Date) {
  const [{ count }] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), gt(loginAttempts.at, since)));
  return count;
}

export async function loginLog(db: DbOrTx, filter: { userId?: string }, page: { limit: number; offset: number }) {
  const w = filter.userId ? eq(loginAttempts.userId, filter.userId) : undefined;
  const rows = await db.select().from(loginAttempts).where(w).orderBy(desc(loginAttempts.id)).limit(page.limit).offset(page.offset);
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(loginAttempts).where(w);
  return { rows, total: count };
}

export async function insertMfaChallenge(db: DbOrTx, row: typeof mfaChallenges.$inferInsert) {
  await db.insert(mfaChallenges).values(row);
}

/** Takes a challenge exactly once. */
export async function consumeMfaChallenge(db: DbOrTx, idHash: string, now: Date) {
  const [row] = await db
    .update(mfaChallenges)
    .set({ usedAt: now })
    .where(and(eq(mfaChallenges.id, idHash), isNull(mfaChallenges.usedAt), gt(mfaChallenges.expiresAt, now)))
    .returning();
  return row;
}

export async function insertToken(db: DbOrTx, row: typeof apiTokens.$inferInsert) {
  const [t] = await db.insert(apiTokens).values(row).returning();
  return t;
}

export async function findLiveToken(db: DbOrTx, tokenHash: string, now: Date) {
  const [t] = await db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        sql`(${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > ${now})`,
      ),
    );
  return t;
}

export async function touchToken(db: DbOrTx, id: string, now: Date) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function tokensOf(db: DbOrTx, userId: string) {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeToken(db: DbOrTx, userId: string, id: string, now: Date) {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** A signed-in caller's user row and roles, as one request resolves them. */
export interface CallerRow {
  userId: string;
  username: string;
  displayName: string;
  active: boolean;
  isDemo: boolean;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  roles: { id: string; role: RoleName; organizationId: string; organizationType: OrganizationType }[];
}

/** The caller's user fields and roles (in the order they were given) as columns of one row. */
const callerColumns = {
  userId: users.id,
  username: users.username,
  displayName: users.displayName,
  active: users.active,
  isDemo: users.isDemo,
  totpEnabled: users.totpEnabled,
  mustChangePassword: users.mustChangePassword,
  roles: sql<CallerRow['roles']>`(
    select coalesce(json_agg(json_build_object(
      'id', ${memberships.id}, 'role', ${memberships.role},
      'organizationId', ${memberships.organizationId}, 'organizationType', ${organizations.type}
    ) order by ${memberships.createdAt}), '[]'::json)
    from ${memberships} join ${organizations} on ${organizations.id} = ${memberships.organizationId}
    where ${memberships.userId} = ${users.id})`,
};

/**
 * A live session with its user and roles in one round trip: every signed-in request resolves its
 * caller through here, so this is the one query on the path of every API call.
 */
export async function findLiveSessionCaller(db: DbOrTx, idHash: string, now: Date) {
  let statement = sessionCallerStatements.get(db);
  if (!statement) sessionCallerStatements.set(db, (statement = prepareSessionCaller(db)));
  const [row] = await statement.execute({ idHash, now: now.toISOString() });
  return row ? { ...row, roles: parseJson(row.roles) } : undefined;
}

/**
 * The caller lookup as a named prepared statement, one per database handle: it is built once
 * instead of on every request, and PostgreSQL parses and plans it once per connection.
 */
const prepareSessionCaller = (db: DbOrTx) =>
  db
    .select({
      publicId: sessions.publicId,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ...callerColumns,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('idHash')), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > ${sql.placeholder('now')}::timestamptz`))
    .prepare('session_caller');
const sessionCallerStatements = new WeakMap<DbOrTx, ReturnType<typeof prepareSessionCaller>>();

/** A live API token with its user and roles in one round trip. */
export async function findLiveTokenCaller(db: DbOrTx, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, ...callerColumns })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        sql`(${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > ${now})`,
      ),
    );
  return row ? { ...row, roles: parseJson(row.roles) } : undefined;
}

/** json columns arrive parsed from both drivers; a text fallback keeps a driver change harmless. */
const parseJson = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
