import type { ReadCache } from '../lib/read-cache';
import type { DocTable } from './doc-order';

/**
 * What a search learned about its candidates' rows, kept for the next request of the same query
 * while nothing it read has changed: which candidates matched (and had a term in the title), and
 * the total. The result page asks for the page and then, apart, for the facets; paging on, sorting
 * by date, going back ask again. Each asked the rows of every candidate again (up to ~10,000 for an
 * exact total, 50–200 ms); with this, only the candidates not yet tested are.
 *
 * Entries live in the server's `searches` read cache (lib/read-cache.ts): one per query, valid while
 * no write lands on the tables a search reads (SEARCHED_TABLES, or a write whose table is not known,
 * such as the postings' COPY). A record's text can change without its number changing (new text
 * with the same keys), so what a number matched is only known until the next write. Where writes of
 * other processes might go unseen (a PostgreSQL server whose change listener is not connected) the
 * cache keeps nothing. Without read caches (`IPSTATION_READ_CACHE_MB=0`, the CLI, the benchmarks)
 * every search tests its rows.
 */

/** The tables a search over the patents' postings reads. */
export const SEARCHED_TABLES: ReadonlySet<string> = new Set(['patents', 'patent_postings', 'patent_key_ids']);

/** By record number: its row's test known (KNOWN), matched (MATCH); its title test known (TITLE_KNOWN), true (TITLE). */
const KNOWN = 1;
const MATCH = 2;
const TITLE_KNOWN = 4;
const TITLE = 8;

export interface MatchMemo {
  /** By record number, the bits above (0: not tested). Numbers past its end are not kept. */
  readonly state: Uint8Array;
  /** Totals by the count's settings (cap, sample). */
  readonly totals: Map<string, { total: number; totalIsEstimate: boolean }>;
  /** Rows tested in SQL for this entry so far. */
  tested: number;
  /** For the cache's size bound. */
  readonly bytes: number;
}

/** Long: the entry ends with the next write; this only frees a query nobody repeats. */
const TTL_MS = 10 * 60_000;

const caches = new WeakMap<object, ReadCache>();

/** Searches through `db` remember what they learn in `cache` (lib/read-cache.ts startReadCaches). */
export function rememberMatches(db: object, cache: ReadCache) {
  caches.set(db, cache);
}

/**
 * The memo of query `key` over table `t` (records numbered below `docs`), a new one if there is
 * none valid; null where searches through `db` keep none, or the table is not one the cache follows.
 */
export function matchMemo(db: object, t: DocTable, key: string, docs: number): MatchMemo | null {
  const cache = caches.get(db);
  if (!cache || ![t.table, t.postings.table, t.postings.names].every((n) => SEARCHED_TABLES.has(n))) return null;
  const k = `${t.table}:${key}`;
  const now = Date.now();
  const had = cache.get<MatchMemo>(k, now);
  if (had && had.state.length >= docs) {
    cache.hits++;
    return had;
  }
  cache.misses++;
  const memo: MatchMemo = { state: new Uint8Array(docs), totals: new Map(), tested: 0, bytes: docs + 256 };
  cache.set(k, memo, { now, ttlMs: TTL_MS });
  return memo;
}

type RowTest = (on: never, docs: number[]) => Promise<Map<number, boolean>>;

/**
 * A row test (search/ranked-docs.ts: the matches among `docs`, with whether each has a term in the
 * title) that answers from the memo what it knows and asks the rows only of the rest, keeping what
 * they answer. `title`: whether the caller needs the title test (a search by relevance) or not
 * (facets, by date).
 */
export function remembering<T extends RowTest>(memo: MatchMemo, test: T, title: boolean): T {
  const { state } = memo;
  return (async (on: never, docs: number[]) => {
    const out = new Map<number, boolean>();
    const ask: number[] = [];
    for (const d of docs) {
      const s = d < state.length ? state[d] : 0;
      if (!(s & KNOWN) || (title && s & MATCH && !(s & TITLE_KNOWN))) ask.push(d);
      else if (s & MATCH) out.set(d, (s & TITLE) !== 0);
    }
    if (ask.length) {
      const hits = await test(on, ask);
      memo.tested += ask.length;
      for (const d of ask) {
        const h = hits.get(d);
        if (h !== undefined) out.set(d, h);
        if (d >= state.length) continue;
        state[d] = h === undefined ? KNOWN : title ? KNOWN | MATCH | TITLE_KNOWN | (h ? TITLE : 0) : KNOWN | MATCH;
      }
    }
    return out;
  }) as T;
}

/**
 * The test of "a term in the title, and a match" (the title window's) answered from the memo where
 * it knows both, else by the rows; a record found here is kept as a match with a title hit (one not
 * found could fail either test, so nothing is kept of it).
 */
export function rememberingTitled<T extends RowTest>(memo: MatchMemo, test: T): T {
  const { state } = memo;
  return (async (on: never, docs: number[]) => {
    const out = new Map<number, boolean>();
    const ask = docs.filter((d) => {
      const s = d < state.length ? state[d] : 0;
      if (!(s & KNOWN) || (s & MATCH && !(s & TITLE_KNOWN))) return true;
      if (s & MATCH && s & TITLE) out.set(d, true);
      return false;
    });
    if (!ask.length) return out;
    memo.tested += ask.length;
    for (const [d, h] of await test(on, ask)) {
      out.set(d, h);
      if (d < state.length) state[d] = KNOWN | MATCH | TITLE_KNOWN | TITLE;
    }
    return out;
  }) as T;
}
