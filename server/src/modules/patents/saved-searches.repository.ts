import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { organizations, patents, savedSearchAlerts, savedSearches, savedSearchResults, trademarks } from '../../db/schema';
import { rowsOf } from '../../search/sql';

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

/** The watches of one kind of record. */
export async function watches(db: DbOrTx, kind: SavedSearchRow['kind']) {
  return db.select().from(savedSearches).where(and(eq(savedSearches.watch, true), eq(savedSearches.kind, kind))).orderBy(asc(savedSearches.createdAt));
}

/** Records the alert for each id not alerted before (`column`: the kind's record column); answers only the newly recorded ids. */
export async function recordAlerts(db: DbOrTx, savedSearchId: string, column: 'patentId' | 'trademarkId', ids: string[], now: Date) {
  if (!ids.length) return [];
  const rows = await db
    .insert(savedSearchAlerts)
    .values(ids.map((id) => ({ savedSearchId, [column]: id, alertedAt: now })))
    .onConflictDoNothing()
    .returning({ patentId: savedSearchAlerts.patentId, trademarkId: savedSearchAlerts.trademarkId });
  return rows.map((r) => (r.patentId ?? r.trademarkId)!);
}

/** A watch's alerted records, newest alert first (then by the record's date, newest first), at most `limit`. */
export async function alerts(db: DbOrTx, savedSearchId: string, kind: SavedSearchRow['kind'], limit: number) {
  const a = savedSearchAlerts;
  const rec = kind === 'trademark' ? { t: trademarks, id: trademarks.id, date: trademarks.filingDate, col: a.trademarkId } : { t: patents, id: patents.id, date: patents.publicationDate, col: a.patentId };
  const rows = rowsOf<{ alerted_at: string | Date; id: string }>(
    await db.execute(sql`
      select ${a.alertedAt} as alerted_at, ${rec.id} as id from ${a} join ${rec.t} on ${rec.id} = ${rec.col}
      where ${a.savedSearchId} = ${savedSearchId}
      order by ${a.alertedAt} desc, ${rec.date} desc nulls last, ${rec.id}
      limit ${limit}`),
  );
  return rows.map((r) => ({ alertedAt: new Date(r.alerted_at), id: r.id }));
}

export async function organizationTypeOf(db: DbOrTx, id: string) {
  const [row] = await db.select({ type: organizations.type }).from(organizations).where(eq(organizations.id, id));
  return row?.type ?? null;
}
