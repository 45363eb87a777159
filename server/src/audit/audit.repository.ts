import { and, asc, desc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { auditCheckpoints, auditEvents, users } from '../db/schema';

export const GENESIS = 'GENESIS';
const AUDIT_LOCK_KEY = 7_410_001; // pg_advisory_xact_lock key that serialises chain appends

export type AuditRow = typeof auditEvents.$inferSelect;

export async function lockChain(tx: DbOrTx) {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
}

export async function lastHash(tx: DbOrTx): Promise<string> {
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  if (last) return last.hash;
  const [cp] = await tx.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
  return cp?.lastHash ?? GENESIS;
}

export async function insertEvent(tx: DbOrTx, row: typeof auditEvents.$inferInsert) {
  const [inserted] = await tx.insert(auditEvents).values(row).returning({ id: auditEvents.id });
  return inserted.id;
}

export async function latestCheckpoint(tx: DbOrTx) {
  const [cp] = await tx.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
  return cp;
}

export async function eventById(tx: DbOrTx, id: number) {
  const [e] = await tx.select({ id: auditEvents.id, hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.id, id));
  return e;
}

export async function eventsAfter(tx: DbOrTx, afterId: number, limit: number) {
  return tx.select().from(auditEvents).where(gt(auditEvents.id, afterId)).orderBy(asc(auditEvents.id)).limit(limit);
}

export interface AuditFilter {
  actorId?: string;
  type?: string;
  recordType?: string;
  recordId?: string;
  organizationIds?: string[];
  from?: Date;
  to?: Date;
}

function where(f: AuditFilter): SQL | undefined {
  const c: SQL[] = [];
  if (f.actorId) c.push(eq(auditEvents.actorId, f.actorId));
  if (f.type) c.push(f.type.endsWith('.') ? sql`${auditEvents.type} like ${f.type + '%'}` : eq(auditEvents.type, f.type));
  if (f.recordType) c.push(eq(auditEvents.recordType, f.recordType));
  if (f.recordId) c.push(eq(auditEvents.recordId, f.recordId));
  if (f.from) c.push(gte(auditEvents.at, f.from));
  if (f.to) c.push(lte(auditEvents.at, f.to));
  if (f.organizationIds) {
    c.push(
      f.organizationIds.length
        ? sql`${auditEvents.organizationId} in (${sql.join(f.organizationIds.map((id) => sql`${id}::uuid`), sql`, `)})`
        : sql`false`,
    );
  }
  return c.length ? and(...c) : undefined;
}

export async function listEvents(db: DbOrTx, f: AuditFilter, page: { limit: number; offset: number }) {
  const w = where(f);
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorId: auditEvents.actorId,
      actorName: users.displayName,
      type: auditEvents.type,
      recordType: auditEvents.recordType,
      recordId: auditEvents.recordId,
      organizationId: auditEvents.organizationId,
      requestId: auditEvents.requestId,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(w)
    .orderBy(desc(auditEvents.id))
    .limit(page.limit)
    .offset(page.offset);
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(auditEvents).where(w);
  return { rows, total: count };
}

export async function purgeBefore(tx: DbOrTx, cutoff: Date) {
  const [edge] = await tx
    .select({ id: auditEvents.id, hash: auditEvents.hash })
    .from(auditEvents)
    .where(lte(auditEvents.at, cutoff))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  if (!edge) return undefined;
  const deleted = await tx.delete(auditEvents).where(lte(auditEvents.id, edge.id)).returning({ id: auditEvents.id });
  return { purgedThroughId: edge.id, lastHash: edge.hash, purgedCount: deleted.length };
}

export async function insertCheckpoint(tx: DbOrTx, row: typeof auditCheckpoints.$inferInsert) {
  await tx.insert(auditCheckpoints).values(row);
}
