import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { invitations, passwordResets, users } from '../../db/schema';

export type InvitationRow = typeof invitations.$inferSelect;

export async function insert(db: DbOrTx, row: typeof invitations.$inferInsert) {
  const [r] = await db.insert(invitations).values(row).returning();
  return r;
}

export async function findByCode(db: DbOrTx, codeHash: string) {
  const [r] = await db.select().from(invitations).where(eq(invitations.codeHash, codeHash));
  return r;
}

export async function findById(db: DbOrTx, id: string) {
  const [r] = await db.select().from(invitations).where(eq(invitations.id, id));
  return r;
}

export async function listFor(db: DbOrTx, f: { enterpriseId?: string; workstationIds?: string[]; status?: string }) {
  const c = [];
  if (f.enterpriseId) c.push(eq(invitations.enterpriseId, f.enterpriseId));
  if (f.workstationIds) c.push(f.workstationIds.length ? sql`${invitations.workstationId} in (${sql.join(f.workstationIds.map((i) => sql`${i}::uuid`), sql`, `)})` : sql`false`);
  if (f.status) c.push(eq(invitations.status, f.status as InvitationRow['status']));
  return db
    .select({ inv: invitations, username: users.username, displayName: users.displayName })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.userId))
    .where(and(...c))
    .orderBy(desc(invitations.createdAt))
    .limit(200);
}

/** Moves an invitation from one status to another exactly once (concurrent requests: one wins). */
export async function move(db: DbOrTx, id: string, from: InvitationRow['status'], patch: Partial<typeof invitations.$inferInsert>) {
  const [r] = await db.update(invitations).set(patch).where(and(eq(invitations.id, id), eq(invitations.status, from))).returning();
  return r;
}

export async function insertReset(db: DbOrTx, row: typeof passwordResets.$inferInsert) {
  await db.insert(passwordResets).values(row);
}

export async function consumeReset(db: DbOrTx, idHash: string, now: Date) {
  const [r] = await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.id, idHash), sql`${passwordResets.usedAt} is null`, sql`${passwordResets.expiresAt} > ${now}`))
    .returning();
  return r;
}

export async function userForReset(db: DbOrTx, login: string) {
  const [u] = await db
    .select({ id: users.id, email: users.email, locale: users.locale, active: users.active })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${login}) or lower(${users.email}) = lower(${login})`)
    .limit(1);
  return u;
}
