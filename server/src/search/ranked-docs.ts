import { sql, type SQL } from 'drizzle-orm';
import { spareConnections, type DbOrTx } from '../db/client';
import { EXACT_COUNT_LIMIT } from '../db/count';
import { docOrderOf, type DocOrder, type DocTable } from './doc-order';
import { matchMemo, remembering, rememberingTitled } from './match-memo';
import { CHUNK, type ChunkBits, type KnownChunks } from './postings';
import { parseJson, RANK_WINDOW, rowsOf, viaIndexes, type RankedSearch } from './sql';

/**
 * Ranked paging over a posting index, with the candidates ordered in memory (search/doc-order.ts)
 * instead of by reading each candidate's row: the same page, total and ranking rules as
 * `rankedSearch` (sql.ts), for a query whose matches are a candidate set from the postings (its
 * top-level keys) narrowed by a residual test on the rows.
 *
 * 1. The candidates' bitmaps, one row per chunk (postings.ts candidateChunks: the rarest keys chosen from what this process has read of their numbers of postings), and the live
 *    records among them.
 * 2. With a residual, the total first: where a random sample of the candidates shows beyond doubt
 *    (an error chance under 1e-9) that more than EXACT_COUNT_LIMIT match, an estimate from it; else
 *    every candidate is tested on its row, newest first, several statements at once on PostgreSQL
 *    (until more than EXACT_COUNT_LIMIT match), which also gives the window. With none, the live
 *    candidates (exact at any size).
 * 3. Newest first, in batches (sized by the share of matches seen): the residual (and the primary
 *    test) on the rows not yet tested, until the window holds RANK_WINDOW matches; then on for the
 *    newest RANK_WINDOW matches with a term in the primary field (the title), among the newest
 *    PRIMARY_SCAN candidates.
 * 4. The window's rows scored and paged in SQL, as rankedSearch does; by date, the page is the
 *    window's slice.
 */

export interface DocSearch {
  order: DocTable;
  /**
   * The candidates' bitmaps (postings.ts candidateChunks; `root`: the database handle), a necessary
   * condition of a match, in the chunks `known` knows (the order's).
   */
  bitmaps: (db: DbOrTx, root: object, known: KnownChunks) => Promise<ChunkBits[]>;
  /** What else a match passes, tested on a candidate's row (null: every candidate matches). */
  residual: SQL | null;
  /**
   * Bitmaps of the candidates that may have a term in the primary field (the title keys), so its
   * window is found among them; without, the newest PRIMARY_SCAN candidates' rows are tested.
   */
  primary?: (db: DbOrTx, root: object, known: KnownChunks) => Promise<ChunkBits[]>;
  /** Overrides EXACT_COUNT_LIMIT (tests use a small one). */
  cap?: number;
  /** Override COUNT_BATCH and SAMPLE (tests use small ones). */
  countBatch?: number;
  sample?: number;
  /**
   * The query, as text: what this search learns of its candidates' rows is kept under it while
   * nothing it reads changes (search/match-memo.ts); without, nothing is kept.
   */
  key?: string;
}

/** How many of the newest candidates are looked at for the primary-field window. */
export const PRIMARY_SCAN = 20_000;
/** Candidates tested in one statement while the window fills. */
const BATCH = 2_000;
/** The least share of matches a batch of the window is sized for (a batch then holds at most BATCH). */
const MIN_SHARE = 0.05;
/** Candidates tested in one statement where every candidate is tested (one statement a connection at once). */
const COUNT_BATCH = 10_000;
/** Connections a test of every candidate is split over, where the database serves several. */
const SLICES = 2;
/** Random candidates tested first for an estimate above EXACT_COUNT_LIMIT; grown up to SAMPLE_MAX while inconclusive. */
const SAMPLE = 300;
const SAMPLE_MAX = 19_200;
/** The error chance of an estimate's claim that more than EXACT_COUNT_LIMIT match. */
const ERROR_CHANCE = 1e-9;

/**
 * A lower bound on the share p of matches among all candidates, from k matches in a random sample
 * of n: the smallest p under which seeing k or more has a chance above ERROR_CHANCE, by the
 * Chernoff bound P(K ≥ k) ≤ exp(−n·KL(k/n ‖ p)) (bisection on p).
 */
export function shareLowerBound(k: number, n: number): number {
  if (k <= 0 || n <= 0) return 0;
  const q = k / n;
  const kl = (p: number) => (q > 0 ? q * Math.log(q / p) : 0) + (q < 1 ? (1 - q) * Math.log((1 - q) / (1 - p)) : 0);
  const limit = Math.log(1 / ERROR_CHANCE) / n;
  let lo = 0;
  let hi = q;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (kl(mid) > limit) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Above this many candidates a sample may show more than `cap` match; at or below it every candidate is tested. */
const sampleFloor = (cap: number, sample: number) => Math.floor(cap / shareLowerBound(sample, sample));

const POP = new Uint8Array(256).map((_, i) => {
  let n = 0;
  for (let v = i; v; v >>= 1) n += v & 1;
  return n;
});

/** The live docs of some chunk bitmaps (and of `within`, when given), as one bitmap over all docs, and how many. */
function liveOf(order: DocOrder, chunks: ChunkBits[], within?: Uint8Array): { set: Uint8Array; count: number } {
  const set = new Uint8Array(order.live.length);
  let count = 0;
  for (const r of chunks) {
    const { chunk, bits } = r;
    if (!order.knows(chunk)) continue;
    const at = (chunk * CHUNK) / 8;
    for (let i = 0; i < bits.length; i++) {
      const v = bits[i] & order.live[at + i] & (within ? within[at + i] : 0xff);
      set[at + i] = v;
      count += POP[v];
    }
  }
  return { set, count };
}

/** Candidates to test for `lacking` more matches at a share of matches seen (at least MIN_SHARE), at most BATCH. */
const batchFor = (lacking: number, share: number) => Math.min(BATCH, 16 + Math.ceil((lacking * 1.25) / Math.max(share, MIN_SHARE)));

const has = (set: Uint8Array, doc: number) => (set[doc >> 3] & (0x80 >> (doc & 7))) !== 0;

/** Candidate docs newest first: sorted by their place in the order when few, else read off the order. */
function* newestFirst(order: DocOrder, set: Uint8Array, count: number): Generator<number> {
  if (count * 32 < order.liveCount) {
    const ranks = new Int32Array(count);
    let n = 0;
    for (let i = 0; i < set.length; i++) {
      const v = set[i];
      if (!v) continue;
      for (let b = 0; b < 8; b++) if (v & (0x80 >> b)) ranks[n++] = order.rankOf(i * 8 + b);
    }
    ranks.sort();
    // Mapped back at once: a sync during the walk replaces the order (and the ranks).
    const docs = ranks.map((r) => order.order[r]);
    yield* docs;
    return;
  }
  const all = order.order; // a sync replaces the array, never changes it
  for (const doc of all) if (has(set, doc)) yield doc;
}

function take(it: Iterator<number>, n: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const r = it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

export function rankedByDocs<T>(db: DbOrTx, o: RankedSearch & { docs: DocSearch }): Promise<{ rows: T[]; total: number; totalIsEstimate: boolean }> {
  const order = docOrderOf(db, o.docs.order);
  return viaIndexes(db, (tx) => rankedIn<T>(tx, db, order, o));
}

/** The live candidates of a search, as one bitmap over all docs (the order brought up to date first). */
async function candidatesOf(db: DbOrTx, root: DbOrTx, order: DocOrder, docs: DocSearch) {
  await order.sync(db);
  return liveOf(order, await docs.bitmaps(db, root, order));
}

/**
 * Candidates tested on their rows newest first, in batches: the newest matches (and, with a
 * primary test, which of them have a term in the primary field), every doc tested, how many.
 */
class Walk {
  /** Every match found so far, newest first (`want` says when to stop looking, not how many to keep). */
  readonly newest: number[] = [];
  readonly prim: number[] = [];
  /** Docs tested on their rows: whether they match and have a term in the primary field (null: no match). */
  readonly tested = new Map<number, boolean | null>();
  examined = 0;
  matched = 0;
  exhausted = false;

  constructor(
    readonly it: Iterator<number>,
    /** How many of the newest matches are looked for (a page past the ranked window asks for more). */
    public want: number,
    /** How many of the newest matches with a term in the primary field are kept. */
    private readonly primWant: number,
    /** The rows' test (null: every candidate matches and none is asked about the primary field). */
    private readonly test: ((docs: number[]) => Promise<Map<number, boolean>>) | null,
  ) {}

  /** The share of matches among the candidates tested so far (1 before any: as if all matched). */
  get share() {
    return this.examined ? this.matched / this.examined : 1;
  }

  /** Takes the results of a batch, in order. */
  record(batch: number[], hit: Map<number, boolean> | null) {
    this.examined += batch.length;
    for (const d of batch) {
      const h = hit ? hit.get(d) : false;
      if (hit) this.tested.set(d, h ?? null);
      if (h === undefined) continue;
      this.matched++;
      this.newest.push(d);
      if (h && this.prim.length < this.primWant) this.prim.push(d);
    }
  }

  /** Tests batches while `more()` says so. */
  async run(more: () => boolean) {
    while (!this.exhausted && more()) {
      // While the window fills, about as many as it lacks at the share of matches seen so far (at
      // first, as if every candidate matched); then larger batches for the primary window.
      const lacking = this.want - this.newest.length;
      const batch = take(this.it, lacking > 0 ? batchFor(lacking, this.share) : BATCH);
      if (!batch.length) this.exhausted = true;
      else this.record(batch, this.test ? await this.test(batch) : null);
    }
  }
}

/** The row test of a search's candidates: `cond` on their rows, and whether `primary` holds there too. */
const rowTest =
  (table: RankedSearch['table'], cond: SQL, primary: SQL | null) =>
  async (on: DbOrTx, docs: number[]): Promise<Map<number, boolean>> => {
    // The matches as one text, not a row each (the embedded database's rows cost more than the test):
    // a match with `primary` as −1 − doc.
    const [row] = rowsOf<{ m: string | null }>(
      await on.execute(
        sql`select string_agg((case when ${primary ?? sql`false`} then -1 - ${table}.doc else ${table}.doc end)::text, ',') as m from ${table} where ${table}.doc = any(${sql.param(docs)}::int8[]) and ${cond}`,
      ),
    );
    const hits = new Map<number, boolean>();
    if (row?.m) for (const v of row.m.split(',')) {
      const n = Number(v);
      if (n < 0) hits.set(-1 - n, true);
      else hits.set(n, false);
    }
    return hits;
  };

/** The record numbers of the newest `n` matches of a search, newest first (facets count over them). */
export function newestMatches(db: DbOrTx, o: { table: RankedSearch['table']; docs: DocSearch }, n: number): Promise<number[]> {
  const order = docOrderOf(db, o.docs.order);
  return viaIndexes(db, async (tx) => {
    const { set, count } = await candidatesOf(tx, db, order, o.docs);
    const memo = o.docs.key && o.docs.residual ? matchMemo(db, o.docs.order, o.docs.key, order.live.length * 8) : null;
    const plain = o.docs.residual ? rowTest(o.table, o.docs.residual, null) : null;
    const test = plain && memo ? remembering(memo, plain, false) : plain;
    const walk = new Walk(newestFirst(order, set, count), n, 0, null);
    if (test) await testUntil(walk, n, test, tx, db);
    else await walk.run(() => walk.newest.length < n);
    return walk.newest.slice(0, n);
  });
}

/**
 * Candidates tested newest first until `n` match (or none is left): each round about as many as
 * the matches lacking need at the share seen so far (at first, as if all matched), in statements of
 * up to COUNT_BATCH, as many at once as there are connections to run them (testEvery). The facets'
 * newest 10,001 matches took ~6 statements of BATCH one after another (140 ms a query at 1,000,000
 * patents on PostgreSQL).
 */
async function testUntil(walk: Walk, n: number, test: RowTest, db: DbOrTx, root: DbOrTx) {
  while (!walk.exhausted && walk.newest.length < n) {
    await testRound(walk, Math.min(SLICES * COUNT_BATCH, 16 + Math.ceil(((n - walk.newest.length) * 1.1) / Math.max(walk.share, MIN_SHARE))), COUNT_BATCH, test, db, root);
  }
}

type RowTest = (on: DbOrTx, docs: number[]) => Promise<Map<number, boolean>>;

/**
 * The next `want` candidates tested into the walk, in statements of up to `most`, as many at once as
 * there are connections to run them (this transaction's and spare ones); none left: exhausted.
 */
async function testRound(walk: Walk, want: number, most: number, test: RowTest, db: DbOrTx, root: DbOrTx) {
  const parts = want > 2 * Math.min(BATCH, most) ? 1 + spareConnections(root, SLICES - 1) : 1;
  const size = Math.max(1, Math.min(most, Math.ceil(want / parts)));
  const batches = Array.from({ length: parts }, () => take(walk.it, size)).filter((b) => b.length);
  if (!batches.length) {
    walk.exhausted = true;
    return;
  }
  const hits = await besides(db, root, batches, test);
  batches.forEach((b, i) => walk.record(b, hits[i]));
}

async function rankedIn<T>(db: DbOrTx, root: DbOrTx, order: DocOrder, o: RankedSearch & { docs: DocSearch }): Promise<{ rows: T[]; total: number; totalIsEstimate: boolean }> {
  const { set, count } = await candidatesOf(db, root, order, o.docs);
  const residual = o.docs.residual ?? sql`true`;
  const primary = o.sort === 'relevance' && o.primary ? o.primary : null;
  // By date, the newest offset + limit matches; by relevance, the ranked window (a page past it goes on below).
  const window = o.window ?? RANK_WINDOW;
  const want = o.sort === 'date' ? o.offset + o.limit : window;
  // What earlier requests of this query learned of the rows (where a row is tested at all).
  const memo = o.docs.key && (o.docs.residual || primary) ? matchMemo(root, o.docs.order, o.docs.key, order.live.length * 8) : null;
  const plain = rowTest(o.table, residual, primary);
  const test = memo ? remembering(memo, plain, !!primary) : plain;
  const cap = o.docs.cap ?? EXACT_COUNT_LIMIT;
  const totalKey = `${cap}:${o.docs.sample ?? SAMPLE}`;

  // The newest matches.
  const walk = new Walk(newestFirst(order, set, count), want, want, o.docs.residual || primary ? (docs) => test(db, docs) : null);
  let total: { total: number; totalIsEstimate: boolean } | null = o.docs.residual ? (memo?.totals.get(totalKey) ?? null) : { total: count, totalIsEstimate: false };
  if (!total) {
    // Above the sample floor, a random sample may show more than the cap match: then the window is
    // walked and the total estimated. Otherwise every candidate is tested for the exact count anyway:
    // all at once, newest first, in statements beside this transaction's on spare connections, until
    // more than the cap match (the rest then estimated at the share seen).
    const sampled = count > sampleFloor(cap, o.docs.sample ?? SAMPLE) ? await sampleTotal(db, o, set, count, cap) : null;
    if (sampled?.estimate) total = sampled.estimate;
    else {
      await testEvery(walk, count, test, db, root, cap, o.docs.countBatch ?? COUNT_BATCH);
      const rate = sampled?.share ?? walk.matched / Math.max(1, walk.examined);
      total = walk.exhausted ? { total: walk.matched, totalIsEstimate: false } : { total: Math.max(walk.matched, Math.round(rate * count)), totalIsEstimate: true };
    }
    // The same total for the same query until something changes (an estimate would differ page to page).
    memo?.totals.set(totalKey, total);
  }
  const walkPrimary = primary && !o.docs.primary;
  await walk.run(() => walk.newest.length < want || (!!walkPrimary && walk.prim.length < want && walk.examined < PRIMARY_SCAN));
  let prim = walk.prim;
  // The newest with a term in the primary field, from the candidates the primary field's keys allow.
  if (primary && o.docs.primary) {
    prim = [];
    const p = liveOf(order, await o.docs.primary(db, root, order), set);
    const pit = newestFirst(order, p.set, p.count);
    const titledRows = rowTest(o.table, sql`${primary} and ${residual}`, primary);
    const titled = memo ? rememberingTitled(memo, titledRows) : titledRows;
    // In batches sized, as the window's, by what is lacking at the share seen so far: the title keys
    // are nearly exact for most terms, so a fixed BATCH tested ~2,000 rows for 300.
    let seen = 0;
    while (prim.length < want) {
      const batch = take(pit, batchFor(want - prim.length, seen ? prim.length / seen : 1));
      if (!batch.length) break;
      seen += batch.length;
      const unknown = batch.filter((d) => !walk.tested.has(d));
      const hit = unknown.length ? await titled(db, unknown) : new Map<number, boolean>();
      for (const d of batch) {
        const h = walk.tested.has(d) ? walk.tested.get(d) : hit.get(d);
        if (h && prim.length < want) prim.push(d);
      }
    }
  }

  const rows = o.sort === 'date' ? await pageByDate<T>(db, o, walk.newest.slice(o.offset, o.offset + o.limit)) : await pageRanked<T>(db, o, walk, prim, window);
  return { rows, total: Math.max(total!.total, walk.newest.length), totalIsEstimate: total!.totalIsEstimate };
}

/**
 * A page by relevance: the window (the newest `window` matches and the newest with a term in the
 * primary field) ranked by score, then every other match newest first, so that pages past the
 * window continue the same order rather than rank a wider window (which put records of page 15 on
 * page 16 again, and left others out).
 */
async function pageRanked<T>(db: DbOrTx, o: RankedSearch, walk: Walk, prim: number[], window: number): Promise<T[]> {
  const ranked = [...new Set([...walk.newest.slice(0, window), ...prim])];
  const head = o.offset < ranked.length ? await pageByScore<T>(db, { ...o, limit: Math.min(o.limit, ranked.length - o.offset) }, ranked) : [];
  const from = Math.max(0, o.offset - ranked.length);
  const need = o.offset + o.limit - Math.max(o.offset, ranked.length);
  if (need <= 0) return head;
  const inWindow = new Set(ranked);
  const beyond = () => walk.newest.filter((d) => !inWindow.has(d));
  let rest = beyond();
  while (rest.length < from + need && !walk.exhausted) {
    walk.want = walk.newest.length + from + need - rest.length;
    await walk.run(() => walk.newest.length < walk.want);
    rest = beyond();
  }
  return [...head, ...(await pageByDate<T>(db, o, rest.slice(from, from + need)))];
}

/**
 * `fn` over parts at once: the first on this transaction, each other in a transaction of its own on
 * a connection of `root` (the caller asked `spareConnections` for them in this same tick).
 */
function besides<P, R>(db: DbOrTx, root: DbOrTx, parts: P[], fn: (on: DbOrTx, part: P) => Promise<R>): Promise<R[]> {
  return Promise.all(parts.map((part, i) => (i === 0 ? fn(db, part) : viaIndexes(root, (tx) => fn(tx, part)))));
}

/**
 * Every candidate tested, newest first, into the walk: statements of up to `batch` candidates, as
 * many at once as there are connections to run them (this transaction's and spare ones), until all
 * are tested or more than `cap` match. Up to 2 × BATCH candidates (2 × `batch`, if smaller) go in one statement.
 */
async function testEvery(walk: Walk, count: number, test: RowTest, db: DbOrTx, root: DbOrTx, cap: number, batch: number) {
  while (!walk.exhausted && walk.matched <= cap) await testRound(walk, count - walk.examined, batch, test, db, root);
  if (walk.examined >= count) walk.exhausted = true;
}

/**
 * A random sample of the candidates of a query with more than the sample floor: if even the lower
 * bound of its share of matches puts the total above the cap, the estimate. Grown fourfold while its
 * share alone says above the cap but the bound cannot yet (a term whose bigrams are common together
 * but the term itself not). Else the share seen (null estimate): every candidate is to be tested.
 */
async function sampleTotal(
  db: DbOrTx,
  o: RankedSearch & { docs: DocSearch },
  set: Uint8Array,
  count: number,
  cap: number,
): Promise<{ estimate: { total: number; totalIsEstimate: boolean } | null; share: number }> {
  const doc = sql`${o.table}.doc`;
  const matches = async (docs: number[]) =>
    docs.length ? Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${o.table} where ${doc} = any(${sql.param(docs)}::int8[]) and ${o.docs.residual!}`))[0].n) : 0;
  const sample = new Set<number>();
  let k = 0;
  for (let n = o.docs.sample ?? SAMPLE; ; n *= 4) {
    const more: number[] = [];
    for (let tries = 0; sample.size < Math.min(n, count) && tries < n * 1000; tries++) {
      const d = Math.floor(Math.random() * set.length * 8);
      if (has(set, d) && !sample.has(d)) {
        sample.add(d);
        more.push(d);
      }
    }
    k += await matches(more);
    const share = k / Math.max(1, sample.size);
    if (shareLowerBound(k, sample.size) * count > cap) return { estimate: { total: Math.max(cap + 1, Math.round(share * count)), totalIsEstimate: true }, share };
    if (sample.size >= count) return { estimate: { total: k, totalIsEstimate: false }, share };
    if (share * count <= cap || n >= SAMPLE_MAX) return { estimate: null, share };
  }
}

async function pageByDate<T>(db: DbOrTx, o: RankedSearch, page: number[]): Promise<T[]> {
  if (!page.length) return [];
  const rows = rowsOf<{ doc: string | number; r: unknown }>(
    await db.execute(sql`select ${o.table}.doc as doc, ${o.row} as r from ${o.table} where ${o.table}.doc = any(${sql.param(page)}::int8[])`),
  );
  const byDoc = new Map(rows.map((r) => [Number(r.doc), parseJson<T>(r.r)]));
  return page.filter((d) => byDoc.has(d)).map((d) => byDoc.get(d)!);
}

/**
 * The page of a window ranked by score. With a bonus (the score's part from out-of-line columns, at
 * most `max`), the score without it is computed for every row of the window first, and the bonus
 * only for the rows whose score without it, plus `max`, reaches the lowest of the top offset + limit
 * scores without it: any other row is below at least offset + limit rows whatever its bonus, so the
 * page is the one the full score gives.
 */
async function pageByScore<T>(db: DbOrTx, o: RankedSearch, window: number[]): Promise<T[]> {
  if (!window.length) return [];
  const order = (t: string) => sql.raw(`${t}.score desc, ${t}.sort_date desc nulls last, ${t}.id`);
  const ranked = o.bonus
    ? sql`
      b as materialized (
        select ${o.id} as id, ${o.date} as sort_date, ${o.score} as base from ${o.table} where ${o.table}.doc = any(${sql.param(window)}::int8[])
      ),
      m as materialized (
        select b.id, b.sort_date, b.base + ${o.bonus.score} as score from b join ${o.table} on ${o.id} = b.id
        where b.base + ${o.bonus.max} >= (select min(base) from (select base from b order by base desc limit ${o.offset + o.limit}) top)
      ),`
    : sql`
      m as materialized (
        select ${o.id} as id, ${o.date} as sort_date, ${o.score} as score from ${o.table} where ${o.table}.doc = any(${sql.param(window)}::int8[])
      ),`;
  const [row] = rowsOf<{ rows: unknown }>(
    await db.execute(sql`
      with ${ranked}
      pg as (select * from m order by ${order('m')} limit ${o.limit} offset ${o.offset})
      select coalesce((select json_agg(${o.row} order by ${order('pg')}) from pg join ${o.table} on ${o.id} = pg.id), '[]'::json) as rows`),
  );
  return parseJson<T[]>(row.rows);
}
