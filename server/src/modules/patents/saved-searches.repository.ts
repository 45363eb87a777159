import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { organizations, patents, savedSearchAlerts, savedSearches, savedSearchResults } from '../../db/schema';

export type SavedSearchRow = typeof savedSearches.$inferSelect;
export type SavedSearchInsert = typeof savedSearches.$inferInsert;
export type ResultRow = typeof savedSearchResults.$inferSelect;

export async function insert(db: DbOrTx, row: SavedSearchInsert) {
  const [created] = await db.insert(savedSearches).values(row).returning();
  return created;
}

export async function findById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(savedSearches).where(eq(savedSearches.id, id));
  return row;
}

export async function listByOwner(db: DbOrTx, ownerId: string, page: { limit: number; offset: number }) {
  const rows = await db.select().from(savedSearches).where(eq(savedSearches.ownerId, ownerId)).orderBy(desc(savedSearches.updatedAt), asc(savedSearches.id)).limit(page.limit).offset(page.offset);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(savedSearches).where(eq(savedSearches.ownerId, ownerId));
  return { rows, total: Number(n) };
}

export async function updateVersioned(db: DbOrTx, id: string, version: number, set: Partial<SavedSearchInsert>, now: Date) {
  const [row] = await db
    .update(savedSearches)
    .set({ ...set, version: sql`${savedSearches.version} + 1`, updatedAt: now })
    .where(and(eq(savedSearches.id, id), eq(savedSearches.version, version)))
    .returning();
  return row;
}

export async function remove(db: DbOrTx, id: string) {
  await db.delete(savedSearches).where(eq(savedSearches.id, id));
}

export async function results(db: DbOrTx, savedSearchId: string) {
  return db.select().from(savedSearchResults).where(eq(savedSearchResults.savedSearchId, savedSearchId)).orderBy(asc(savedSearchResults.position), asc(savedSearchResults.createdAt));
}

export async function replaceResults(db: DbOrTx, savedSearchId: string, rows: Omit<typeof savedSearchResults.$inferInsert, 'savedSearchId'>[]) {
  await db.delete(savedSearchResults).where(eq(savedSearchResults.savedSearchId, savedSearchId));
  if (rows.length) await db.insert(savedSearchResults).values(rows.map((r) => ({ ...r, savedSearchId })));
}

export async function watches(db: DbOrTx) {
  return db.select().from(savedSearches).where(eq(savedSearches.watch, true)).orderBy(asc(savedSearches.createdAt));
}

/** Records the alert for each id not alerted before; answers only the newly recorded ids. */
export async function recordAlerts(db: DbOrTx, savedSearchId: string, patentIds: string[], now: Date) {
  if (!patentIds.length) return [];
  const rows = await db
    .insert(savedSearchAlerts)
    .values(patentIds.map((patentId) => ({ savedSearchId, patentId, alertedAt: now })))
    .onConflictDoNothing()
    .returning({ patentId: savedSearchAlerts.patentId });
  return rows.map((r) => r.patentId);
}

/** A watch's alerted records, newest alert first (then by publication date), at most `limit`. */
export async function alerts(db: DbOrTx, savedSearchId: string, limit: number) {
  return db
    .select({
      alertedAt: savedSearchAlerts.alertedAt,
      patentId: patents.id,
      title: patents.title,
      publicationNumber: patents.publicationNumber,
      applicationNumber: patents.applicationNumber,
      publicationDate: patents.publicationDate,
    })
    .from(savedSearchAlerts)
    .innerJoin(patents, eq(patents.id, savedSearchAlerts.patentId))
    .where(eq(savedSearchAlerts.savedSearchId, savedSearchId))
    .orderBy(desc(savedSearchAlerts.alertedAt), sql`${patents.publicationDate} desc nulls last`, asc(patents.id))
    .limit(limit);
}

export async function alertedIds(db: DbOrTx, savedSearchId: string, patentIds: string[]) {
  if (!patentIds.length) return new Set<string>();
  const rows = await db
    .select({ id: savedSearchAlerts.patentId })
    .from(savedSearchAlerts)
    .where(and(eq(savedSearchAlerts.savedSearchId, savedSearchId), inArray(savedSearchAlerts.patentId, patentIds)));
  return new Set(rows.map((r) => r.id));
}

export async function organizationTypeOf(db: DbOrTx, id: string) {
  const [row] = await db.select({ type: organizations.type }).from(organizations).where(eq(organizations.id, id));
  return row?.type ?? null;
}
