import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { EXACT_COUNT_LIMIT } from '../../db/count';
import { patents } from '../../db/schema';
import type { QueryNode } from '../../search/query-parser';
import { scoreOf, titleOf, whereOf } from './patents.query';

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

const textArray = (xs: string[]) => sql`array[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]`;

/** Stored records an import batch may update: any record answering to one of the rows' `an:` `pn:` `ex:` keys. */
export async function findForUpsert(db: DbOrTx, keys: string[]): Promise<PatentWrite[]> {
  if (!keys.length) return [];
  return db.select(content).from(patents).where(sql`${patents.recordKeys} && ${textArray(keys)}`);
}

type IndexColumns = { recordKeys: string[]; hanKeys: number[]; searchKeys: string[]; segWords: string[] };
export async function upsertMany(db: DbOrTx, rows: (PatentWrite & IndexColumns)[], batchId: string, now: Date) {
  if (!rows.length) return;
  const set: Record<string, SQL> = {};
  const cols = { ...content, recordKeys: patents.recordKeys, hanKeys: patents.hanKeys, searchKeys: patents.searchKeys, segWords: patents.segWords };
  for (const [k, col] of Object.entries(cols)) {
    if (k !== 'id') set[k] = sql.raw(`excluded."${col.name}"`);
  }
  await db
    .insert(patents)
    .values(rows.map((r) => ({ ...r, importBatch: batchId, createdAt: now, updatedAt: now })))
    .onConflictDoUpdate({
      target: patents.id,
      set: { ...set, importBatch: sql`excluded.import_batch`, updatedAt: sql`excluded.updated_at`, version: sql`${patents.version} + 1` },
    });
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

const rowsOf = <T = Record<string, unknown>>(res: unknown) => (res as { rows: T[] }).rows;
const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * How many matches are ranked in full. A broader query ranks the newest RANK_WINDOW matches and the
 * newest RANK_WINDOW with a term in the title (so title hits still come first), and pages stop at
 * the window; its total is the planner's estimate. The match set itself is never approximated.
 */
export const RANK_WINDOW = 1000;

/**
 * Runs search queries with sequential scans priced out. The key arrays are stored out of line, so
 * the planner sees a small heap and picks a scan that must fetch every row's keys; the GIN
 * lookups are what make search fast, and where no key applies a scan remains the only plan.
 */
function viaIndexes<T>(db: DbOrTx, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return fn(tx);
  });
}

/**
 * One page of matches, ranked (score, then newer first) or by date, with the number of matches.
 * Only the page's rows bring their text back.
 */
export function search(
  db: DbOrTx,
  q: QueryNode,
  opts: SearchOptions,
): Promise<{ rows: SearchRow[]; total: number; totalIsEstimate: boolean }> {
  return viaIndexes(db, (tx) => searchIn(tx, q, opts));
}

/** `window` overrides RANK_WINDOW (tests use a small one). */
type SearchOptions = { sort: 'relevance' | 'date'; limit: number; offset: number; extra?: SQL; window?: number };

async function searchIn(db: DbOrTx, q: QueryNode, opts: SearchOptions): Promise<{ rows: SearchRow[]; total: number; totalIsEstimate: boolean }> {
  const where = opts.extra ? sql`${whereOf(q)} and ${opts.extra}` : whereOf(q);
  const window = Math.max(opts.window ?? RANK_WINDOW, opts.offset + opts.limit);
  const title = opts.sort === 'relevance' ? titleOf(q) : null;
  const score = opts.sort === 'date' ? sql`0` : scoreOf(q);
  const byDate = sql`${patents.publicationDate} desc nulls last, ${patents.id}`;
  const order = (t: string) =>
    sql.raw(opts.sort === 'date' ? `${t}.publication_date desc nulls last, ${t}.id` : `${t}.score desc, ${t}.publication_date desc nulls last, ${t}.id`);
  const [row] = rowsOf<{ newest: number; rows: unknown }>(
    await db.execute(sql`
      with newest as materialized (select ${patents.id} as id from ${patents} where ${where} order by ${byDate} limit ${window}),
      titled as materialized (${title ? sql`select ${patents.id} as id from ${patents} where ${title} and ${where} order by ${byDate} limit ${window}` : sql`select null::uuid as id where false`}),
      m as materialized (
        select ${patents.id} as id, ${patents.publicationDate} as publication_date, ${score} as score from ${patents}
        where ${patents.id} in (select id from newest union select id from titled)
      ),
      pg as (select * from m order by ${order('m')} limit ${opts.limit} offset ${opts.offset})
      select (select count(*) from newest)::int as newest,
        coalesce((
          select json_agg(json_build_object(
            'id', p.id, 'externalId', p.external_id, 'publicationNumber', p.publication_number,
            'applicationNumber', p.application_number, 'title', p.title, 'applicants', p.applicants, 'ipc', p.ipc,
            'publicationDate', p.publication_date::text, 'abstract', p.abstract, 'mainClaim', p.main_claim, 'claims', p.claims
          ) order by ${order('pg')})
          from pg join ${patents} p on p.id = pg.id
        ), '[]'::json) as rows`),
  );
  const rows = parseJson<SearchRow[]>(row.rows);
  const newest = Number(row.newest);
  if (newest < window) return { rows, total: newest, totalIsEstimate: false };
  return { rows, total: Math.max(window, await estimate(db, sql`select 1 from ${patents} where ${where}`)), totalIsEstimate: true };
}

/** The planner's row estimate for a query (good once ANALYZE has run). */
async function estimate(db: DbOrTx, query: SQL) {
  const plan = rowsOf<Record<string, unknown>>(await db.execute(sql`explain (format json) ${query}`))[0];
  const json = (plan['QUERY PLAN'] ?? Object.values(plan)[0]) as unknown;
  const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as { Plan: { 'Plan Rows': number } }[];
  return Math.round(parsed[0].Plan['Plan Rows']);
}

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
  const [row] = rowsOf<Record<string, unknown>>(
    await viaIndexes(db, (tx) => tx.execute(sql`
      with m as materialized (
        select ${patents.id} as id, ${patents.ipc} as ipc, ${patents.applicants} as applicants, ${patents.publicationDate} as pd
        from ${patents} where ${whereOf(q)} order by ${patents.publicationDate} desc nulls last limit ${FACET_SAMPLE + 1}
      ),
      codes as (select distinct m.id, c from m, unnest(m.ipc) c)
      select
        (select count(*) from m)::int as n,
        coalesce((select json_agg(x order by x.count desc, x.value) from (select left(c, 1) as value, count(distinct id)::int as count from codes group by 1) x), '[]'::json) as sections,
        coalesce((select json_agg(x order by x.count desc, x.value) from (select left(c, 4) as value, count(distinct id)::int as count from codes where length(c) >= 4 group by 1 order by 2 desc, 1 limit 30) x), '[]'::json) as subclasses,
        coalesce((select json_agg(x order by x.count desc, x.value) from (select a as value, count(*)::int as count from m, unnest(m.applicants) a group by 1 order by 2 desc, 1 limit 20) x), '[]'::json) as applicants,
        coalesce((select json_agg(x order by x.value desc) from (select extract(year from pd)::int::text as value, count(*)::int as count from m where pd is not null group by 1) x), '[]'::json) as years`)),
  );
  type Bucket = { value: string; count: number };
  return {
    sampled: Number(row.n) > FACET_SAMPLE,
    sections: parseJson<Bucket[]>(row.sections),
    subclasses: parseJson<Bucket[]>(row.subclasses),
    applicants: parseJson<Bucket[]>(row.applicants),
    years: parseJson<Bucket[]>(row.years),
  };
}

export async function count(db: DbOrTx) {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${patents}`));
  return Number(row.n);
}
