import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import { countCapped } from '../db/count';
import type { QueryNode } from './query-parser';
import { asciiLower, bigramCode, HAN, isExactBigram, isHanOnly, literalKeys, MAX_PREFIX_KEY, NARROW_FORMS, needsFold, WIDE_FORMS } from './text';

/**
 * Compiles a parsed query to SQL on a table that carries the search columns: Han bigram codes of
 * its text fields (looked up by the target's `han`: patents through their posting table,
 * search/postings.ts; trademarks through a GIN on `han_keys`) and `search_keys` (text[],
 * everything else; indexer.ts). Every leaf is `keys ⊆ the record's keys` (index lookups, a
 * necessary condition) AND an exact test on the text where the keys alone are not exact; so a
 * Chinese term matches exactly the records a LIKE '%term%' scan finds, only faster. Patents and
 * trademarks both compile here; each says where its text fields are (`SearchTarget`).
 */

const FROM = `ABCDEFGHIJKLMNOPQRSTUVWXYZ${WIDE_FORMS}`;
const TO = `abcdefghijklmnopqrstuvwxyz${asciiLower(NARROW_FORMS)}`;
/**
 * ASCII-only case folding and full-width forms to (lower-case) ASCII, the same as text.ts
 * asciiLower(foldWidth(…)) (lower() would follow the server's locale). One character for one.
 */
export const fold = (e: SQL) => sql`translate(${e}, ${FROM}, ${TO})`;

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where a text field's terms are looked for. */
export interface TextColumns {
  /** The columns (or expressions) the exact test runs on. */
  cols: SQL[];
  /** The key namespace of the field in search_keys (`p:` applicants); '' = the Han keys and plain keys. */
  ns: string;
  /** The field's keys were built from exactly these columns, so a key alone can answer exactly. */
  keysExact: boolean;
}

export interface Compiled {
  /** Han bigram codes every matching record has, of terms the residual rechecks (a lookup may use only some). */
  han: number[];
  /** Han bigram codes that alone decide a term (no recheck): a lookup must use every one. */
  hanExact?: number[];
  /** Other keys every matching record has (search_keys). */
  keys: string[];
  /** The rest of the exact condition (null = the keys are exact). */
  residual: SQL | null;
}

type Leaf<F extends string> = Exclude<QueryNode<F>, { kind: 'and' | 'or' | 'not' | 'text' }>;

/** What a query's leaves ask of the index: the records holding all of these (a necessary condition). */
export interface IndexLookup {
  /** Han bigram codes that alone decide a term: a lookup must use every one. */
  required: number[];
  /** Han bigram codes of terms a recheck follows: a lookup may use only some. */
  optional: number[];
  /** Other keys (search_keys: `w:oled`, `c:h01m`…), each required. */
  keys: string[];
}

export interface SearchTarget<F extends string> {
  /** The records an index lookup answers (called only when it asks for some key). */
  index(l: IndexLookup): SQL;
  text(field: F): TextColumns;
  /** The leaves other than text terms (number keys are handled here already). */
  other(n: Leaf<F>): Compiled;
}

const TRUE = null;

export function substringTest(cols: SQL[], value: string): SQL {
  const folded = needsFold(value);
  const needle = folded ? asciiLower(value) : value;
  const tests = cols.map((c) => sql`strpos(${folded ? fold(c) : c}, ${needle}) > 0`);
  return sql`(${sql.join(tests, sql` or `)})`;
}

/** A whole Latin token (or, with `prefix`, a token starting with it) in any of the columns. */
export function tokenTest(cols: SQL[], token: string, prefix: boolean): SQL {
  return sql`(${sql.join(cols.map((c) => sql`${fold(c)} ~ ${tokenRegex(token, prefix)}`), sql` or `)})`;
}
export const tokenRegex = (token: string, prefix: boolean) => `(^|[^a-z0-9])${escapeRegex(token)}${prefix ? '' : '([^a-z0-9]|$)'}`;

/** The exact test of a positive text term on some columns (ranking and "is it in the title"). */
export function textTest(cols: SQL[], n: { mode: 'substring' | 'token' | 'prefix'; value: string }): SQL {
  return n.mode === 'substring' ? substringTest(cols, n.value) : tokenTest(cols, n.value, n.mode === 'prefix');
}

/** Bigram codes of the Han runs of a literal (every adjacent pair within a run). */
function hanCodes(literal: string): number[] {
  const codes = new Set<number>();
  let run: string[] = [];
  for (const ch of [...literal, ' ']) {
    if (HAN.test(ch)) run.push(ch);
    else {
      for (let i = 0; i + 1 < run.length; i++) codes.add(bigramCode(run[i], run[i + 1]));
      run = [];
    }
  }
  return [...codes];
}

function textLeaf<F extends string>(t: SearchTarget<F>, n: Extract<QueryNode<F>, { kind: 'text' }>): Compiled {
  const { cols, ns, keysExact } = t.text(n.field);
  if (n.mode === 'token') return { han: [], keys: [`${ns}w:${n.value}`], residual: keysExact ? TRUE : tokenTest(cols, n.value, false) };
  if (n.mode === 'prefix') {
    const short = n.value.length <= MAX_PREFIX_KEY;
    return { han: [], keys: [`${ns}x:${n.value.slice(0, MAX_PREFIX_KEY)}`], residual: keysExact && short ? TRUE : tokenTest(cols, n.value, true) };
  }
  const keys = literalKeys(n.value, ns);
  const han = ns ? [] : hanCodes(n.value);
  // A two-character Chinese term is one bigram: where the Han keys cover exactly the field, its key is the answer.
  const chars = [...n.value];
  const exactByKey = keysExact && !ns && isHanOnly(n.value) && chars.length === 2 && isExactBigram(chars[0], chars[1]);
  return exactByKey ? { han: [], hanExact: han, keys, residual: TRUE } : { han, keys, residual: substringTest(cols, n.value) };
}

/** What a compiled condition asks of the index, or null when it asks for no key. */
const lookupIn = (c: Compiled): IndexLookup | null =>
  c.han.length || c.hanExact?.length || c.keys.length ? { required: c.hanExact ?? [], optional: c.han, keys: c.keys } : null;

function asCondition<F extends string>(t: SearchTarget<F>, c: Compiled): SQL {
  const parts: SQL[] = [];
  const lookup = lookupIn(c);
  if (lookup) parts.push(t.index(lookup));
  if (c.residual) parts.push(c.residual);
  return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

function compile<F extends string>(t: SearchTarget<F>, n: QueryNode<F>): Compiled {
  switch (n.kind) {
    case 'and': {
      const cs = n.children.map((c) => compile(t, c));
      const residuals = cs.map((c) => c.residual).filter((r): r is SQL => !!r);
      return {
        han: [...new Set(cs.flatMap((c) => c.han))],
        hanExact: [...new Set(cs.flatMap((c) => c.hanExact ?? []))],
        keys: [...new Set(cs.flatMap((c) => c.keys))],
        residual: residuals.length ? sql`(${sql.join(residuals, sql` and `)})` : TRUE,
      };
    }
    case 'or':
      return { han: [], keys: [], residual: sql`(${sql.join(n.children.map((c) => asCondition(t, compile(t, c))), sql` or `)})` };
    case 'not':
      return { han: [], keys: [], residual: sql`not ${asCondition(t, compile(t, n.child))}` };
    case 'text':
      return textLeaf(t, n);
    case 'number':
      return { han: [], keys: [n.key], residual: TRUE };
    default:
      return t.other(n);
  }
}

/** Han codes as an int4[] literal: integers computed here, never the caller's text, so inlined. */
export const int4Array = (xs: readonly number[]) => sql.raw(`'{${xs.map((x) => String(Math.trunc(x))).join(',')}}'::int4[]`);

/** The lookup of a table whose key arrays have GIN indexes (trademarks): every code and key, one `@>` each. */
export const ginIndex =
  (hanKeys: AnyColumn, searchKeys: AnyColumn) =>
  ({ required, optional, keys }: IndexLookup): SQL => {
    const parts: SQL[] = [];
    const han = [...new Set([...required, ...optional])];
    if (han.length) parts.push(sql`${hanKeys} @> ${int4Array(han)}`);
    if (keys.length) parts.push(sql`${searchKeys} @> array[${sql.join(keys.map((k) => sql`${k}`), sql`, `)}]::text[]`);
    return sql`(${sql.join(parts, sql` and `)})`;
  };

/** The WHERE condition of a query on a target. */
export const whereOf = <F extends string>(t: SearchTarget<F>, q: QueryNode<F>): SQL => asCondition(t, compile(t, q));

/** What a match must pass besides its top-level index lookup (`lookupOf`), as a test on the row; null: nothing. */
export const residualOf = <F extends string>(t: SearchTarget<F>, q: QueryNode<F>): SQL | null => compile(t, q).residual;

/** The index lookup every match of a query passes (its top-level keys); null when there is none (an OR at the top, a date range alone). */
export const lookupOf = <F extends string>(t: SearchTarget<F>, q: QueryNode<F>): IndexLookup | null => lookupIn(compile(t, q));

// ---------------------------------------------------------------------------------------------
// Running a search: one ranked page and the number of matches

export const rowsOf = <T = Record<string, unknown>>(res: unknown) => (res as { rows: T[] }).rows;
export const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * How many matches are ranked in full. A broader query ranks the newest RANK_WINDOW matches and the
 * newest RANK_WINDOW with a term in the primary field (so those hits still come first), by score;
 * every other match follows them newest first, so pages past the window go on in one order (no
 * record on two pages, none left out); its total is counted exactly up to EXACT_COUNT_LIMIT and
 * estimated above. The match set itself is never approximated. 300 (15 pages of 20): the window's
 * rows are each read and scored, ~55 µs a row at 1,000,000 patents on PostgreSQL, so a window of
 * 1,000 and its title window cost ~110 ms a broad query where 300 cost ~35 (bench/README.md).
 */
export const RANK_WINDOW = 300;

/**
 * Runs search queries with sequential scans priced out, and without parallel workers. The key
 * arrays are stored out of line, so the planner sees a small heap and picks a scan that must fetch
 * every row's keys; the GIN lookups are what make search fast, and where no key applies a scan
 * remains the only plan. The postings' statistics overestimate their lookups (key 0 has a row per
 * chunk, ~500 at 1,000,000 patents, estimated at 85,000), so the planner started two workers for
 * reads of a millisecond: ~14 ms each time (bench/README.md).
 */
export function viaIndexes<T>(db: DbOrTx, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`);
    return fn(tx);
  });
}

export interface RankedSearch {
  table: PgTable;
  id: AnyColumn;
  /** The date of "newer first" (ties of relevance, and sort=date). */
  date: AnyColumn;
  where: SQL;
  /** "Some positive term is in the primary field" (title, mark name): the cheap test of the records ranking first. */
  primary: SQL | null;
  score: SQL;
  /**
   * The part of the score read from out-of-line columns, at most `max`, added to `score`: a ranked
   * page over candidates in memory computes it only for the rows whose score without it, plus
   * `max`, can still reach the page (search/ranked-docs.ts pageByScore).
   */
  bonus?: { score: SQL; max: number } | null;
  sort: 'relevance' | 'date';
  limit: number;
  offset: number;
  /** Overrides RANK_WINDOW (tests use a small one). */
  window?: number;
  /** One result row as a JSON object, from the table's columns (the table is joined under its own name). */
  row: SQL;
  /** How many matches there may be, when the exact count stops at its cap (null: the planner's estimate). */
  estimate?: (db: DbOrTx) => Promise<number | null>;
}

/**
 * One page of matches, ranked (score, then newer first) or by date, with the number of matches.
 * Only the page's rows bring their text back.
 */
export function rankedSearch<T>(db: DbOrTx, o: RankedSearch): Promise<{ rows: T[]; total: number; totalIsEstimate: boolean }> {
  return viaIndexes(db, (tx) => rankedIn<T>(tx, o));
}

async function rankedIn<T>(db: DbOrTx, o: RankedSearch): Promise<{ rows: T[]; total: number; totalIsEstimate: boolean }> {
  // By date, the newest offset + limit matches; by relevance, the window ranked by score and then
  // every other match newest first (`rest`), so a page past the window continues the same order.
  const byRelevance = o.sort === 'relevance';
  const window = byRelevance ? (o.window ?? RANK_WINDOW) : Math.max(o.window ?? RANK_WINDOW, o.offset + o.limit);
  const primary = byRelevance ? o.primary : null;
  const score = byRelevance ? (o.bonus ? sql`(${o.score} + ${o.bonus.score})` : o.score) : sql`0`;
  const byDate = sql`${o.date} desc nulls last, ${o.id}`;
  const order = (t: string) => sql.raw(byRelevance ? `${t}.score desc, ${t}.sort_date desc nulls last, ${t}.id` : `${t}.sort_date desc nulls last, ${t}.id`);
  const end = o.offset + o.limit;
  const [row] = rowsOf<{ newest: number; rows: unknown }>(
    await db.execute(sql`
      with newest as materialized (select ${o.id} as id from ${o.table} where ${o.where} order by ${byDate} limit ${window}),
      prim as materialized (${primary ? sql`select ${o.id} as id from ${o.table} where ${primary} and ${o.where} order by ${byDate} limit ${window}` : sql`select null::uuid as id where false`}),
      m as materialized (
        select ${o.id} as id, ${o.date} as sort_date, ${score} as score from ${o.table}
        where ${o.id} in (select id from newest union select id from prim)
      ),
      pg as (select s.id, row_number() over (order by ${order('s')}) as at from (select * from m order by ${order('m')} limit ${o.limit} offset ${o.offset}) s),
      rest as (${
        byRelevance
          ? sql`select r.id, ${o.limit} + row_number() over (order by r.sort_date desc nulls last, r.id) as at from (
              select ${o.id} as id, ${o.date} as sort_date from ${o.table} where ${o.where} and ${o.id} not in (select id from m)
              order by ${byDate} limit greatest(0, ${end} - greatest(${o.offset}, (select count(*) from m))) offset greatest(0, ${o.offset} - (select count(*) from m))
            ) r`
          : sql`select null::uuid as id, 0::int8 as at where false`
      }),
      p as (select * from pg union all select * from rest)
      select (select count(*) from newest)::int as newest,
        coalesce((select json_agg(${o.row} order by p.at) from p join ${o.table} on ${o.id} = p.id), '[]'::json) as rows`),
  );
  const rows = parseJson<T[]>(row.rows);
  const newest = Number(row.newest);
  if (newest < window) return { rows, total: newest, totalIsEstimate: false };
  // More matches than the window ranks: counted exactly up to EXACT_COUNT_LIMIT (10,000), estimated above.
  const { total, totalIsEstimate } = await countCapped(db, sql`select 1 from ${o.table} where ${o.where}`, o.estimate && (() => o.estimate!(db)));
  return { rows, total: Math.max(window, total), totalIsEstimate };
}
