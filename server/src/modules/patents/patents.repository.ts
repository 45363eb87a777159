import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { EXACT_COUNT_LIMIT } from '../../db/count';
import { patents } from '../../db/schema';
import type { QueryNode } from '../../search/query-parser';
import { copyColumnsOf, copyRows } from '../../search/bulk';
import { allocateDocs, anyOfChunks, candidateChunks, CHUNK, estimateDocs, inChunk, keySignature, writeKeyedPostings, type KeyIdCache } from '../../search/postings';
import { docOrderOf } from '../../search/doc-order';
import { newestMatches, rankedByDocs, type DocSearch } from '../../search/ranked-docs';
import { lookupOf, parseJson, RANK_WINDOW, rankedSearch, residualOf, rowsOf, viaIndexes, type RankedSearch } from '../../search/sql';
import { PATENT_DOCS, PATENT_POSTINGS, patentTarget, scoreOf, searchKeysTest, titleLookupOf, titleOf, whereOf } from './patents.query';
import { splitSearchKeys } from './patents.keys';

export type PatentRow = typeof patents.$inferSelect;
/** What an import writes: the record's content (the index fields are added on write). */
export type PatentWrite = Pick<
  PatentRow,
  | 'id' | 'upsertKey' | 'applicationNumber' | 'publicationNumber' | 'publicationDate' | 'kindCode' | 'grantNumber' | 'grantDate' | 'type'
  | 'title' | 'abstract' | 'mainClaim' | 'claims' | 'applicants' | 'inventors' | 'agency' | 'mainIpc' | 'ipc' | 'filingDate'
  | 'priority' | 'legalStatus' | 'externalId' | 'publications'
>;

const content = {
  id: patents.id,
  upsertKey: patents.upsertKey,
  applicationNumber: patents.applicationNumber,
  publicationNumber: patents.publicationNumber,
  publicationDate: patents.publicationDate,
  kindCode: patents.kindCode,
  grantNumber: patents.grantNumber,
  grantDate: patents.grantDate,
  type: patents.type,
  title: patents.title,
  abstract: patents.abstract,
  mainClaim: patents.mainClaim,
  claims: patents.claims,
  applicants: patents.applicants,
  inventors: patents.inventors,
  agency: patents.agency,
  mainIpc: patents.mainIpc,
  ipc: patents.ipc,
  filingDate: patents.filingDate,
  priority: patents.priority,
  legalStatus: patents.legalStatus,
  externalId: patents.externalId,
  publications: patents.publications,
};

/**
 * Stored records an import batch may update: any record answering to one of the rows' `an:` `pn:`
 * `ex:` keys. Called in the batch's transaction, with sequential scans priced out for the rest of
 * it: given ~1,500 keys, the planner estimates the overlap to match much of a table it has not yet
 * analysed and scans every row comparing its keys with all of them (800 ms a batch at 20,000
 * records, 0.6 of the import's database time), where the GIN answers in ~5 ms. The keys go as one
 * text[] parameter: as one parameter each (~4,000 a batch), building and binding the statement cost
 * more than the lookup.
 */
export async function findForUpsert(db: DbOrTx, keys: string[]): Promise<PatentWrite[]> {
  if (!keys.length) return [];
  await db.execute(sql`set local enable_seqscan = off`);
  return db.select(content).from(patents).where(sql`${patents.recordKeys} && ${sql.param(keys)}::text[]`);
}

type IndexColumns = { recordKeys: string[]; hanKeys: ArrayLike<number>; searchKeys: string[]; postingKeys: string[]; segWords: string[] };
/** The index columns written with a record: its Han and posting keys go to the postings, the row keeps the Han keys' signature. */
const INDEX = { recordKeys: patents.recordKeys, hanSig: patents.hanSig, searchKeys: patents.searchKeys, postingKeys: patents.postingKeys, segWords: patents.segWords };
type Stamps = { importBatch: string; createdAt: Date; updatedAt: Date };
export type PatentIndexedWrite = PatentWrite & IndexColumns;

/** A written row's record number in the postings (search/postings.ts). */
type Numbered = { doc: number; hanSig: Buffer };
type Stamped = PatentIndexedWrite & Stamps & Numbered;

/**
 * Fresh record numbers for the rows, and the rows stamped with them and with the batch: in place,
 * the rows being the batch's own (a copy of each ~35-field record cost ~13 us a patent).
 */
export async function stamp(db: DbOrTx, rows: PatentIndexedWrite[], batchId: string, now: Date): Promise<Stamped[]> {
  const docs = await allocateDocs(db, PATENT_POSTINGS, rows.length);
  return rows.map((r, i) => Object.assign(r, { doc: docs[i], hanSig: keySignature(r.hanKeys), importBatch: batchId, createdAt: now, updatedAt: now }));
}

/**
 * Updates stored records (by id) with new content and keys, bumping their version; inserts any that
 * are not there. A record whose keys changed takes its new number and postings; one whose keys are
 * the same keeps its number (and postings).
 */
export async function upsertMany(db: DbOrTx, rows: PatentIndexedWrite[], batchId: string, now: Date, cache?: KeyIdCache) {
  if (!rows.length) return;
  await upsertStamped(db, await stamp(db, rows, batchId, now), cache);
}

async function upsertStamped(db: DbOrTx, rows: Stamped[], cache?: KeyIdCache) {
  const set: Record<string, SQL> = {};
  const cols = { ...content, ...INDEX };
  for (const [k, col] of Object.entries(cols)) {
    if (k !== 'id') set[k] = sql.raw(`excluded."${col.name}"`);
  }
  const written = await db
    .insert(patents)
    .values(rows)
    .onConflictDoUpdate({
      target: patents.id,
      set: {
        ...set,
        // A new number with new keys, or a new date (search/doc-order.ts keeps a number's date).
        doc: sql`case when ${patents.hanSig} = excluded.han_sig and ${patents.postingKeys} = excluded.posting_keys
          and ${patents.publicationDate} is not distinct from excluded.publication_date then ${patents.doc} else excluded.doc end`,
        importBatch: sql`excluded.import_batch`,
        updatedAt: sql`excluded.updated_at`,
        version: sql`${patents.version} + 1`,
      },
    })
    .returning({ doc: patents.doc });
  const kept = new Set(written.map((w) => Number(w.doc)));
  await writeKeyedPostings(db, PATENT_POSTINGS, rows.filter((r) => kept.has(r.doc)).map(postingsOf), cache);
}

const postingsOf = (r: { doc: number; hanKeys: ArrayLike<number>; postingKeys: string[] }) => ({ doc: r.doc, keys: r.hanKeys, names: r.postingKeys });

/** Every column an import writes, as COPY reads them (the rest take their defaults). */
export const COPY_COLUMNS = copyColumnsOf<Stamped>({ ...content, ...INDEX, doc: patents.doc, importBatch: patents.importBatch, createdAt: patents.createdAt, updatedAt: patents.updatedAt });

/**
 * Inserts new records (ids and upsert keys not yet stored) with one COPY, and their postings
 * with another: the bulk of an import. A record stored meanwhile by another import fails the batch
 * on the unique upsert key, as the INSERT did. Drivers without a COPY path insert the usual way.
 */
export async function insertMany(db: DbOrTx, rows: PatentIndexedWrite[], batchId: string, now: Date, cache?: KeyIdCache, postings?: Uint8Array) {
  if (!rows.length) return;
  const stamped = await stamp(db, rows, batchId, now);
  if (!(await copyRows(db, 'patents', stamped, COPY_COLUMNS))) return upsertStamped(db, stamped, cache);
  // The Han postings a key worker built for the rows by their place (search/postings.ts batchPostings),
  // where the rows took the numbers of one chunk from its start in that order.
  const chunk = Math.floor(stamped[0].doc / CHUNK);
  const built = postings && stamped.length <= CHUNK && stamped.every((r, i) => r.doc === chunk * CHUNK + i) ? inChunk(postings, chunk) : undefined;
  await writeKeyedPostings(db, PATENT_POSTINGS, stamped.map(postingsOf), cache, built);
}

export async function findById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(patents).where(eq(patents.id, id));
  return row;
}

export async function findByIds(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  return db.select(content).from(patents).where(inArray(patents.id, ids));
}

export interface SearchRow {
  id: string;
  externalId: string | null;
  publicationNumber: string | null;
  applicationNumber: string | null;
  title: string;
  applicants: string[];
  ipc: string[];
  publicationDate: string | null;
  abstract: string;
  mainClaim: string;
  claims: string;
}

export { RANK_WINDOW };

/** `window` overrides RANK_WINDOW, `cap` EXACT_COUNT_LIMIT, `countBatch` and `sample` the count's batch and first sample (tests use small ones). */
type SearchOptions = { sort: 'relevance' | 'date'; limit: number; offset: number; extra?: SQL; window?: number; cap?: number; countBatch?: number; sample?: number };

/**
 * One page of matches, ranked (score, then newer first) or by date, with the number of matches.
 * Only the page's rows bring their text back.
 */
export function search(db: DbOrTx, q: QueryNode, opts: SearchOptions): Promise<{ rows: SearchRow[]; total: number; totalIsEstimate: boolean }> {
  const p = patents;
  const ranked: RankedSearch = {
    table: p,
    id: p.id,
    date: p.publicationDate,
    where: opts.extra ? sql`${whereOf(q)} and ${opts.extra}` : whereOf(q),
    primary: titleOf(q),
    ...scoreOf(q),
    sort: opts.sort,
    limit: opts.limit,
    offset: opts.offset,
    window: opts.window,
    // Above the exact count's cap: the fewest postings of any key every match has (the planner cannot see into them).
    estimate: (tx) => {
      const l = lookupOf(patentTarget, q);
      return l ? estimateDocs(tx, PATENT_POSTINGS, [...l.required, ...l.optional], splitSearchKeys(l.keys).postingKeys) : Promise.resolve(null);
    },
    row: sql`json_build_object(
      'id', ${p.id}, 'externalId', ${p.externalId}, 'publicationNumber', ${p.publicationNumber},
      'applicationNumber', ${p.applicationNumber}, 'title', ${p.title}, 'applicants', ${p.applicants}, 'ipc', ${p.ipc},
      'publicationDate', ${p.publicationDate}::text, 'abstract', ${p.abstract}, 'mainClaim', ${p.mainClaim}, 'claims', ${p.claims}
    )`,
  };
  const docs = docSearchOf(q, opts.extra ? null : opts);
  return docs ? rankedByDocs<SearchRow>(db, { ...ranked, docs }) : rankedSearch<SearchRow>(db, ranked);
}

/**
 * A query whose matches are a candidate set of the postings narrowed by a test on the rows, as the
 * search over candidates ordered in memory takes it (search/ranked-docs.ts); null for one with no
 * posting key at the top (an OR at the top, a date range or an IPC code alone), or with a condition
 * of the caller's (`opts` null), which search in SQL.
 */
function docSearchOf(q: QueryNode, opts: { cap?: number; countBatch?: number; sample?: number } | null): DocSearch | null {
  const l = lookupOf(patentTarget, q);
  const { searchKeys, postingKeys } = splitSearchKeys(l?.keys ?? []);
  if (!l || !opts || !(l.required.length || l.optional.length || postingKeys.length)) return null;
  const titles = titleLookupOf(q);
  const rest = [...(searchKeys.length ? [searchKeysTest(searchKeys)] : []), ...[residualOf(patentTarget, q)].filter((r): r is SQL => !!r)];
  return {
    order: PATENT_DOCS,
    bitmaps: (tx, root, known) => candidateChunks(tx, root, PATENT_POSTINGS, l.required, l.optional, postingKeys, known),
    residual: rest.length ? sql`(${sql.join(rest, sql` and `)})` : null,
    primary: titles?.length ? (tx, root, known) => anyOfChunks(tx, root, PATENT_POSTINGS, titles, known) : undefined,
    cap: opts.cap,
    countBatch: opts.countBatch,
    sample: opts.sample,
    key: JSON.stringify(q),
  };
}

/**
 * Reads the patents' date order (search/doc-order.ts) into this process ahead of the first search,
 * which would otherwise wait for it (~1–6 s at 1,000,000 patents).
 */
export const warmDateOrder = (db: DbOrTx) => docOrderOf(db, PATENT_DOCS).sync(db);

/** Ids of every match (watches: the records of one import that a saved search matches). */
export async function matchingIds(db: DbOrTx, q: QueryNode, extra: SQL): Promise<string[]> {
  const rows = await viaIndexes(db, async (tx) =>
    rowsOf<{ id: string }>(await tx.execute(sql`select ${patents.id} as id from ${patents} where ${whereOf(q)} and ${extra} order by ${patents.publicationDate} desc nulls last, ${patents.id}`)),
  );
  return rows.map((r) => r.id);
}

export const inBatch = (batchId: string) => sql`${patents.importBatch} = ${batchId}::uuid`;
export const idsIn = (ids: string[]) => (ids.length ? inArray(patents.id, ids) : sql`false`);

/**
 * Facets of the matches: IPC sections and subclasses, top applicants, publication years. Above
 * FACET_SAMPLE matches they are counted over the newest FACET_SAMPLE (and say so).
 */
export const FACET_SAMPLE = EXACT_COUNT_LIMIT;
export async function facets(db: DbOrTx, q: QueryNode) {
  // The newest matches from the candidates in date order where the postings answer the query, else in SQL.
  const docs = docSearchOf(q, {});
  const newest = docs ? sql`${patents.doc} = any(${sql.param(await newestMatches(db, { table: patents, docs }, FACET_SAMPLE + 1))}::int8[])` : null;
  // The matches' codes, applicants and years as one JSON value, counted here: in SQL, the distinct
  // (record, code) pairs and the sorts of count(distinct) took ~60 ms beside ~50 ms of reading 10,001
  // rows (1,000,000 patents, PostgreSQL).
  const [row] = rowsOf<{ m: unknown }>(
    await viaIndexes(db, (tx) => tx.execute(sql`
      select coalesce(json_agg(json_build_array(m.ipc, m.applicants, extract(year from m.pd)::int)), '[]'::json) as m from (
        select ${patents.ipc} as ipc, ${patents.applicants} as applicants, ${patents.publicationDate} as pd
        from ${patents} where ${newest ?? sql`${whereOf(q)} order by ${patents.publicationDate} desc nulls last limit ${FACET_SAMPLE + 1}`}
      ) m`)),
  );
  const rows = parseJson<[string[], string[], number | null][]>(row.m);
  const sections = new Map<string, number>();
  const subclasses = new Map<string, number>();
  const applicants = new Map<string, number>();
  const years = new Map<string, number>();
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const [ipc, names, year] of rows) {
    // A record counts once in each section and subclass it has a code in; an applicant named twice, twice.
    const chars = ipc.map((c) => Array.from(c));
    for (const k of new Set(chars.map((c) => c.slice(0, 1).join('')))) add(sections, k);
    for (const k of new Set(chars.filter((c) => c.length >= 4).map((c) => c.slice(0, 4).join('')))) add(subclasses, k);
    for (const a of names) add(applicants, a);
    if (year !== null) add(years, String(year));
  }
  return {
    sampled: rows.length > FACET_SAMPLE,
    sections: byCount(sections),
    subclasses: byCount(subclasses).slice(0, 30),
    applicants: byCount(applicants).slice(0, 20),
    years: [...years].map(([value, count]) => ({ value, count })).sort((x, y) => byCodePoint(y.value, x.value)),
  };
}

/** Text in code point order (as the C collation sorts it; plain < compares UTF-16 units, which differ past U+FFFF). */
function byCodePoint(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

/** Buckets by count, most first, then by value. */
const byCount = (m: Map<string, number>) => [...m].map(([value, count]) => ({ value, count })).sort((x, y) => y.count - x.count || byCodePoint(x.value, y.value));

export async function count(db: DbOrTx) {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${patents}`));
  return Number(row.n);
}

/** A page of records in id order for the re-index (content and version, not the keys). */
export async function reindexPage(db: DbOrTx, afterId: string | null, limit: number): Promise<(PatentWrite & { version: number })[]> {
  return db
    .select({ ...content, version: patents.version })
    .from(patents)
    .where(afterId ? sql`${patents.id} > ${afterId}` : undefined)
    .orderBy(patents.id)
    .limit(limit);
}

/**
 * Writes recomputed keys in one statement: only rows still at the version they were read at (an
 * import that changed one meanwhile wrote its keys) and whose stored keys differ. Neither the
 * version nor the import batch moves: the content is the same, and watches must not alert again.
 */
export async function writeIndexKeys(db: DbOrTx, rows: (IndexColumns & { id: string; version: number })[]) {
  if (!rows.length) return { changed: 0, skipped: 0 };
  // The rows and their postings together: a record must never keep a new number without them.
  return db.transaction((tx) => writeIndexKeysIn(tx, rows));
}

async function writeIndexKeysIn(db: DbOrTx, rows: (IndexColumns & { id: string; version: number })[]) {
  // A number for every row; only those whose keys changed take theirs (and get postings).
  const docs = await allocateDocs(db, PATENT_POSTINGS, rows.length);
  const data = JSON.stringify(
    rows.map((r, i) => ({ id: r.id, version: r.version, doc: docs[i], record_keys: r.recordKeys, han_sig: `\\x${keySignature(r.hanKeys).toString('hex')}`, search_keys: r.searchKeys, posting_keys: r.postingKeys, seg_words: r.segWords })),
  );
  const res = await db.execute(sql`
    with x as (
      select * from jsonb_to_recordset(${data}::jsonb)
        as x(id uuid, version int, doc int8, record_keys text[], han_sig bytea, search_keys text[], posting_keys text[], seg_words text[])
    ), upd as (
      update patents p
         set record_keys = x.record_keys, han_sig = x.han_sig, search_keys = x.search_keys, posting_keys = x.posting_keys, seg_words = x.seg_words,
             doc = case when p.han_sig = x.han_sig and p.posting_keys = x.posting_keys then p.doc else x.doc end
        from x
       where p.id = x.id and p.version = x.version
         and (p.record_keys, p.han_sig, p.search_keys, p.posting_keys, p.seg_words) is distinct from (x.record_keys, x.han_sig, x.search_keys, x.posting_keys, x.seg_words)
      returning p.id, p.doc
    )
    select (select count(*) from upd)::int as changed,
           (select coalesce(json_agg(doc), '[]'::json) from upd) as docs,
           (select count(*) from x where not exists (select 1 from patents p where p.id = x.id and p.version = x.version))::int as skipped`);
  const [row] = rowsOf<{ changed: number; skipped: number; docs: unknown }>(res);
  const renumbered = new Set(parseJson<(string | number)[]>(row.docs).map(Number));
  await writeKeyedPostings(db, PATENT_POSTINGS, rows.map((r, i) => postingsOf({ ...r, doc: docs[i] })).filter((r) => renumbered.has(r.doc)));
  return { changed: Number(row.changed), skipped: Number(row.skipped) };
}

export async function countAll(db: DbOrTx) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(patents);
  return Number(n);
}
