import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { notifications, users } from '../../db/schema';

export async function insertMany(db: DbOrTx, rows: (typeof notifications.$inferInsert)[]) {
  if (!rows.length) return [];
  return db.insert(notifications).values(rows).returning();
}

export async function emailsOf(db: DbOrTx, userIds: string[]) {
  if (!userIds.length) return [];
  return db
    .select({ id: users.id, email: users.email, locale: users.locale })
    .from(users)
    .where(and(sql`${users.id} in (${sql.join(userIds.map((id) => sql`${id}::uuid`), sql`, `)})`, eq(users.active, true)));
}

export async function setEmailStatus(db: DbOrTx, id: string, status: 'sent' | 'failed' | 'queued') {
  await db.update(notifications).set({ emailStatus: status }).where(eq(notifications.id, id));
}

export async function findById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row;
}

export async function listFor(db: DbOrTx, userId: string, unreadOnly: boolean, page: { limit: number; offset: number }) {
  const w = and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined);
  const rows = await db.select().from(notifications).where(w).orderBy(desc(notifications.createdAt)).limit(page.limit).offset(page.offset);
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(notifications).where(w);
  const [{ unread }] = await db
    .select({ unread: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return { rows, total: count, unread };
}

export async function markRead(db: DbOrTx, userId: string, id: string | null, now: Date) {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), id ? eq(notifications.id, id) : undefined))
    .returning({ id: notifications.id });
  return rows.length;
}
