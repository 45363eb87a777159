import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { trademarks } from '../../db/schema';
import { copyColumnsOf, copyRows } from '../../search/bulk';
import { rankedSearch, rowsOf, viaIndexes } from '../../search/sql';
import { markNameOf, scoreOf, whereOf, type TrademarkQuery } from './trademarks.query';
import type { TrademarkInput } from './trademarks.record';

export type TrademarkRow = typeof trademarks.$inferSelect;
/** What an import writes: the record's content with its id (index fields are added on write). */
export type TrademarkWrite = TrademarkInput & { id: string };

const content = {
  id: trademarks.id,
  registrationNumber: trademarks.registrationNumber,
  markName: trademarks.markName,
  niceClasses: trademarks.niceClasses,
  similarGroups: trademarks.similarGroups,
  goodsServices: trademarks.goodsServices,
  applicants: trademarks.applicants,
  filingDate: trademarks.filingDate,
  registrationDate: trademarks.registrationDate,
  expiryDate: trademarks.expiryDate,
  status: trademarks.status,
};

/** Stored records with these registration numbers (what an import batch may update). */
export async function findByRegistrationNumbers(db: DbOrTx, numbers: string[]): Promise<TrademarkWrite[]> {
  if (!numbers.length) return [];
  const rows = await db.select(content).from(trademarks).where(inArray(trademarks.registrationNumber, numbers));
  return rows.map((r) => ({ ...r, status: r.status as TrademarkWrite['status'] }));
}

type IndexColumns = { hanKeys: number[]; searchKeys: string[] };
const INDEX = { hanKeys: trademarks.hanKeys, searchKeys: trademarks.searchKeys };

/** Inserts new records and updates changed ones (by registration number), bumping their version. */
export async function upsertMany(db: DbOrTx, rows: (TrademarkWrite & IndexColumns)[], batchId: string, now: Date) {
  if (!rows.length) return;
  const set: Record<string, SQL> = {};
  const cols = { ...content, ...INDEX };
  for (const [k, col] of Object.entries(cols)) {
    if (k !== 'id' && k !== 'registrationNumber') set[k] = sql.raw(`excluded."${col.name}"`);
  }
  await db
    .insert(trademarks)
    .values(rows.map((r) => ({ ...r, importBatch: batchId, createdAt: now, updatedAt: now })))
    .onConflictDoUpdate({
      target: trademarks.registrationNumber,
      set: { ...set, importBatch: sql`excluded.import_batch`, updatedAt: sql`excluded.updated_at`, version: sql`${trademarks.version} + 1` },
    });
}

type Indexed = TrademarkWrite & IndexColumns;
/** Every column an import writes, as COPY reads them (the rest take their defaults). */
const COPY_COLUMNS = copyColumnsOf<Indexed & { importBatch: string; createdAt: Date; updatedAt: Date }>({
  ...content, ...INDEX, importBatch: trademarks.importBatch, createdAt: trademarks.createdAt, updatedAt: trademarks.updatedAt,
});

/** Inserts records whose registration numbers are not stored yet with one COPY (patents.repository insertMany). */
export async function insertMany(db: DbOrTx, rows: Indexed[], batchId: string, now: Date) {
  if (!rows.length) return;
  if (await copyRows(db, 'trademarks', rows.map((r) => ({ ...r, importBatch: batchId, createdAt: now, updatedAt: now })), COPY_COLUMNS)) return;
  await upsertMany(db, rows, batchId, now);
}

/** Stored records by id, in no particular order (saved searches' chosen results). */
export async function findByIds(db: DbOrTx, ids: string[]): Promise<TrademarkWrite[]> {
  if (!ids.length) return [];
  const rows = await db.select(content).from(trademarks).where(inArray(trademarks.id, ids));
  return rows.map((r) => ({ ...r, status: r.status as TrademarkWrite['status'] }));
}

/** The records one import run created or changed that match a query (and a Nice class), newest filing first: what a watch alerts about. */
export async function matchingInBatch(db: DbOrTx, q: TrademarkQuery, batchId: string, niceClass: number | null): Promise<string[]> {
  const t = trademarks;
  const rows = await viaIndexes(db, async (tx) =>
    rowsOf<{ id: string }>(
      await tx.execute(sql`
        select ${t.id} as id from ${t} where ${whereOf(q)} and ${t.importBatch} = ${batchId}::uuid
        ${niceClass ? sql`and ${t.niceClasses} @> array[${niceClass}]::int4[]` : sql``}
        order by ${t.filingDate} desc nulls last, ${t.id}`),
    ),
  );
  return rows.map((r) => r.id);
}

export async function findById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(trademarks).where(eq(trademarks.id, id));
  return row;
}

export interface SearchRow {
  id: string;
  registrationNumber: string;
  markName: string;
  niceClasses: number[];
  applicants: string[];
  status: string | null;
  filingDate: string | null;
  registrationDate: string | null;
  expiryDate: string | null;
  goodsServices: string;
}

type SearchOptions = { sort: 'relevance' | 'date'; limit: number; offset: number; niceClass?: number; window?: number };

/** One page of matches, ranked (mark-name hits first, then newer filings) or by filing date, with the number of matches. */
export function search(db: DbOrTx, q: TrademarkQuery, opts: SearchOptions): Promise<{ rows: SearchRow[]; total: number; totalIsEstimate: boolean }> {
  const t = trademarks;
  const where = opts.niceClass ? sql`${whereOf(q)} and ${t.niceClasses} @> array[${opts.niceClass}]::int4[]` : whereOf(q);
  return rankedSearch<SearchRow>(db, {
    table: t,
    id: t.id,
    date: t.filingDate,
    where,
    primary: markNameOf(q),
    score: scoreOf(q),
    sort: opts.sort,
    limit: opts.limit,
    offset: opts.offset,
    window: opts.window,
    row: sql`json_build_object(
      'id', ${t.id}, 'registrationNumber', ${t.registrationNumber}, 'markName', ${t.markName}, 'niceClasses', ${t.niceClasses},
      'applicants', ${t.applicants}, 'status', ${t.status}, 'filingDate', ${t.filingDate}::text,
      'registrationDate', ${t.registrationDate}::text, 'expiryDate', ${t.expiryDate}::text, 'goodsServices', ${t.goodsServices}
    )`,
  });
}

/** A page of records in id order for the re-index (content and version, not the keys). */
export async function reindexPage(db: DbOrTx, afterId: string | null, limit: number): Promise<(TrademarkWrite & { version: number })[]> {
  const rows = await db
    .select({ ...content, version: trademarks.version })
    .from(trademarks)
    .where(afterId ? sql`${trademarks.id} > ${afterId}` : undefined)
    .orderBy(trademarks.id)
    .limit(limit);
  return rows.map((r) => ({ ...r, status: r.status as TrademarkWrite['status'] }));
}

/** Writes recomputed keys of rows still at their version whose keys differ (patents.repository writeIndexKeys). */
export async function writeIndexKeys(db: DbOrTx, rows: (IndexColumns & { id: string; version: number })[]) {
  if (!rows.length) return { changed: 0, skipped: 0 };
  const data = JSON.stringify(rows.map((r) => ({ id: r.id, version: r.version, han_keys: r.hanKeys, search_keys: r.searchKeys })));
  const res = await db.execute(sql`
    with x as (
      select * from jsonb_to_recordset(${data}::jsonb) as x(id uuid, version int, han_keys int4[], search_keys text[])
    ), upd as (
      update trademarks t
         set han_keys = x.han_keys, search_keys = x.search_keys
        from x
       where t.id = x.id and t.version = x.version
         and (t.han_keys, t.search_keys) is distinct from (x.han_keys, x.search_keys)
      returning t.id
    )
    select (select count(*) from upd)::int as changed,
           (select count(*) from x where not exists (select 1 from trademarks t where t.id = x.id and t.version = x.version))::int as skipped`);
  const [row] = rowsOf<{ changed: number; skipped: number }>(res);
  return { changed: Number(row.changed), skipped: Number(row.skipped) };
}

export async function countAll(db: DbOrTx) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(trademarks);
  return Number(n);
}
