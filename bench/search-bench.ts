/**
 * Patent search benchmark: indexing speed, exactness against LIKE, and result-page latency.
 *
 *   N=200000 npx tsx bench/search-bench.ts                       # PGlite in a temporary data dir
 *   N=200000 BENCH_DIR=/tmp/sb npx tsx bench/search-bench.ts      # keep it: a second run skips the import
 *   N=1000000 DATABASE_URL=postgres://… npx tsx bench/search-bench.ts   # PostgreSQL (empty database)
 *
 * 1. Generates N synthetic records (bench/search-corpus.ts) into a JSONL file (untimed), then imports
 *    the file through the real import (importPatents: reading, validation, merge, index keys, jieba
 *    words, batched upserts), as `ipstation patents import FILE` does.
 * 2. Exactness: RECALL_QUERIES random 2–6 character substrings of the corpus' own text; for each,
 *    the search's id set against a LIKE '%q%' scan over title, abstract, main claim and claims, and
 *    the result page's total against the LIKE count (exact where it says so; an estimate only above 10,000).
 * 3. Latency: TWO_TERM two-term queries (two substrings of one record), result page only (first 20,
 *    ranked), timed end to end through repo.search; p50/p95/max. LIKE_QUERIES of them also run with
 *    LIKE for the speed-up: as the first 20 by date (may stop early, no total) and as the same answer
 *    (total and first page: every row tested).
 * 4. Memo: MEMO_QUERIES of them again, the first page, the second page and the facets each timed,
 *    without and then with the server's memo of row tests (search/match-memo.ts).
 * Prints one JSON line per figure. INDEX_ONLY=1 stops after the indexing and size figures.
 *
 * Indexing reports wall-clock and CPU time: this process' (parsing, validation, keys, jieba; on
 * PGlite also the database itself) and, for a PostgreSQL server on this machine, its backends'
 * (read from /proc), so runs on a busy machine can still be compared per CPU-second.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { AppDeps } from '../server/src/deps';
import { openDatabase } from '../server/src/db/client';
import { listenForChanges } from '../server/src/db/write-generation';
import { ReadCache } from '../server/src/lib/read-cache';
import { rememberMatches, SEARCHED_TABLES } from '../server/src/search/match-memo';
import { migrate } from '../server/src/db/migrate';
import { parseEnv } from '../server/src/env';
import { JobRunner } from '../server/src/jobs/job-runner';
import { importPatents } from '../server/src/modules/patents/patents.import';
import * as repo from '../server/src/modules/patents/patents.repository';
import { createMailer } from '../server/src/notifications/mailer';
import { LocalDiskStorage } from '../server/src/storage/storage';
import { parseQuery } from '../server/src/search/query-parser';
import { closeWorkers } from '../server/src/workers/pool';
import { createCorpus, rng, substringQueries, type CorpusRecord } from './search-corpus';

const N = Number(process.env.N ?? 20_000);
const RECALL_QUERIES = Number(process.env.RECALL_QUERIES ?? 200);
const TWO_TERM = Number(process.env.TWO_TERM ?? 200);
const LIKE_QUERIES = Number(process.env.LIKE_QUERIES ?? 20);
const SEED = Number(process.env.SEED ?? 42);
const INDEX_ONLY = process.env.INDEX_ONLY === '1';
const MEMO_QUERIES = Number(process.env.MEMO_QUERIES ?? 50);

// BENCH_DIR keeps the PGlite data directory, so a second run measures queries without re-importing.
const dataDir = process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-search-bench-'));
fs.mkdirSync(dataDir, { recursive: true });
const env = parseEnv({ ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, IPSTATION_SECRET: 'bench-secret-0123456789abcdef' });
const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, command: 'search-bench', pgliteBuffersMb: env.IPSTATION_PGLITE_BUFFERS_MB });
await migrate(handle);
const log = pino({ level: 'warn' });
const deps: AppDeps = {
  db: handle.db,
  engine: handle.engine,
  env,
  clock: () => new Date(),
  log,
  secret: env.IPSTATION_SECRET!,
  mailer: createMailer(env),
  jobs: new JobRunner(handle.db, log),
  storage: new LocalDiskStorage(path.join(dataDir, 'files')),
};
const print = (o: Record<string, unknown>) => console.log(JSON.stringify({ engine: handle.engine, n: N, ...o }));
const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** CPU seconds so far of each server backend on this database, when the server runs on this machine (else null). */
async function backendCpu(): Promise<Map<number, number> | null> {
  if (handle.engine !== 'postgres') return null;
  const pids = rows<{ pid: number }>(await deps.db.execute(sql`select pid from pg_stat_activity where datname = current_database()`));
  const out = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(Number(pid), (Number(f[11]) + Number(f[12])) / 100); // utime + stime, in clock ticks of 1/100 s
    } catch {
      return null;
    }
  }
  return out;
}

/** CPU seconds so far of this process' main thread (Linux; else null): the import's own thread, without its workers. */
function mainThreadCpu(): number | null {
  try {
    const f = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

const existing = await repo.count(deps.db);
if (existing && existing !== N) throw new Error(`the database holds ${existing} patents; use an empty one (or N=${existing})`);

// 1. Indexing: the real import over a streamed JSONL of N records; a sample is kept for queries.
const sample: CorpusRecord[] = [];
if (!existing) {
  const next = createCorpus(SEED);
  const pick = rng(SEED + 1);
  // The file first, untimed: the figure is the import's, reading a file as `ipstation patents
  // import FILE` does (generating the records on the import's thread took ~10% of it).
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-search-corpus-')), 'patents.jsonl');
  const out = fs.createWriteStream(file);
  for (let i = 0; i < N; i++) {
    const r = next();
    if (sample.length < 5000 && pick() < 5000 / N) sample.push(r);
    if (!out.write(`${JSON.stringify(r)}\n`)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  const backends0 = await backendCpu();
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpu();
  const load0 = os.loadavg()[0];
  const t0 = performance.now();
  let lastNote = t0;
  const result = await importPatents(deps, fs.createReadStream(file), 'jsonl', {
    onProgress: (c) => {
      if (performance.now() - lastNote > 30_000) {
        lastNote = performance.now();
        console.error(`… ${c.read} rows, ${Math.round(c.read / ((lastNote - t0) / 1000))}/s`);
      }
    },
  });
  const secs = (performance.now() - t0) / 1000;
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  // Process CPU counts every thread: the import's and its key workers' (IPSTATION_WORKER_THREADS).
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadCpu();
  await closeWorkers();
  const nodeCpu = (cpu.user + cpu.system) / 1e6;
  const backends1 = await backendCpu();
  let serverCpu: number | null = null;
  if (backends0 && backends1) {
    serverCpu = 0;
    for (const [pid, s] of backends1) serverCpu += s - (backends0.get(pid) ?? 0);
  }
  const allCpu = nodeCpu + (serverCpu ?? 0);
  print({
    figure: 'indexing',
    records: result.counts.inserted,
    seconds: Math.round(secs * 10) / 10,
    recordsPerSecond: Math.round(N / secs),
    processCpuSeconds: Math.round(nodeCpu * 10) / 10,
    mainThreadCpuSeconds: main0 === null || main1 === null ? null : Math.round((main1 - main0) * 10) / 10,
    serverCpuSeconds: serverCpu === null ? null : Math.round(serverCpu * 10) / 10,
    recordsPerCpuSecond: Math.round(N / allCpu),
    load: `${load0.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`,
    workerThreads: env.IPSTATION_WORKER_THREADS,
  });
} else {
  const next = createCorpus(SEED);
  for (let i = 0; i < Math.min(N, 5000); i++) sample.push(next());
}
await deps.db.execute(sql`analyze patents`);
const [size] = rows<{ table: string; postings: string; postings_rows: number; dict: string; total: string; keys_n: number; other_n: number }>(
  await deps.db.execute(sql`select pg_size_pretty(pg_total_relation_size('patents')) as table,
    pg_size_pretty(pg_total_relation_size('patent_postings')) as postings,
    (select count(*) from patent_postings)::int as postings_rows,
    pg_size_pretty(pg_total_relation_size('patent_key_ids')) as dict,
    pg_size_pretty(pg_total_relation_size('patents') + pg_total_relation_size('patent_postings') + pg_total_relation_size('patent_key_ids')) as total,
    ((select sum(n) from patent_postings where key <> 0) / greatest((select count(*) from patents), 1))::int as keys_n,
    (select avg(cardinality(search_keys))::int from (select search_keys from patents limit 2000) s) as other_n`),
);
print({
  figure: 'size',
  tableWithIndexes: size.table,
  postings: size.postings,
  postingRows: size.postings_rows,
  keyDictionary: size.dict,
  total: size.total,
  keysPerRecord: size.keys_n,
  otherKeysPerRecord: size.other_n,
});
if (INDEX_ONLY) {
  await handle.close();
  if (!process.env.BENCH_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

// 2. Exactness against LIKE.
const likeCond = (q: string) => {
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return sql`(title like ${like} or abstract like ${like} or main_claim like ${like} or claims like ${like})`;
};
let tp = 0;
let fp = 0;
let fn = 0;
let likeMsTotal = 0;
let searchMsTotal = 0;
let totalsExact = 0;
let estimates = 0;
let badEstimates = 0;
let worstEstimate = 0;
const queries = substringQueries(sample, RECALL_QUERIES, SEED + 2);
for (const q of queries) {
  let t = performance.now();
  const got = new Set(await repo.matchingIds(deps.db, parseQuery(q), sql`true`));
  searchMsTotal += performance.now() - t;
  t = performance.now();
  const want = rows<{ id: string }>(await deps.db.execute(sql`select id from patents where ${likeCond(q)}`)).map((r) => r.id);
  likeMsTotal += performance.now() - t;
  for (const id of want) if (got.has(id)) tp++;
  else fn++;
  fp += got.size - want.filter((id) => got.has(id)).length;
  // The result page's total: exact where it says so, else an estimate above 10,000.
  const page = await repo.search(deps.db, parseQuery(q), { sort: 'relevance', limit: 20, offset: 0 });
  if (!page.totalIsEstimate) totalsExact += page.total === want.length ? 1 : 0;
  else {
    estimates++;
    if (want.length > 10_000) worstEstimate = Math.max(worstEstimate, Math.abs(page.total - want.length) / want.length);
    else badEstimates++;
  }
}
print({
  figure: 'exactness',
  queries: queries.length,
  matches: tp + fn,
  recall: tp + fn ? tp / (tp + fn) : 1,
  precision: tp + fp ? tp / (tp + fp) : 1,
  avgAllIdsMs: Math.round(searchMsTotal / queries.length),
  pageTotalsExact: totalsExact,
  pageTotalsEstimated: estimates,
  estimatesAtOrBelowCap: badEstimates,
  worstEstimateError: Math.round(worstEstimate * 1000) / 1000,
  avgLikeMs: Math.round(likeMsTotal / queries.length),
});

// 3. Two-term queries, result page only.
const pairRand = rng(SEED + 3);
const pairs: string[] = [];
while (pairs.length < TWO_TERM) {
  const r = sample[Math.floor(pairRand() * sample.length)];
  const [a, b] = substringQueries([r], 2, Math.floor(pairRand() * 1e9)).map((s) => [...s].slice(0, 2 + Math.floor(pairRand() * 3)).join(''));
  if (a && b && a !== b) pairs.push(`${a} ${b}`);
}
await repo.search(deps.db, parseQuery(pairs[0]), { sort: 'relevance', limit: 20, offset: 0 }); // warm-up
const times: number[] = [];
const totals: number[] = [];
for (const q of pairs) {
  const t = performance.now();
  const { total } = await repo.search(deps.db, parseQuery(q), { sort: 'relevance', limit: 20, offset: 0 });
  times.push(performance.now() - t);
  totals.push(total);
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
print({
  figure: 'two-term result page',
  queries: pairs.length,
  p50Ms: Math.round(pct(times, 50) * 10) / 10,
  p95Ms: Math.round(pct(times, 95) * 10) / 10,
  maxMs: Math.round(Math.max(...times)),
  medianHits: pct(totals, 50),
  p95Hits: pct(totals, 95),
});

// The same queries with LIKE, two ways, for the speed-up:
// - first 20 by date: `LIKE … ORDER BY publication_date DESC LIMIT 20`, which may stop after 20
//   matching rows and gives no total;
// - the same answer: the total and the first page, as the search gives them, which a LIKE query can
//   only get by testing every row (one scan: a CTE read twice is materialised).
const ratios: number[] = [];
const sameRatios: number[] = [];
for (const q of pairs.slice(0, LIKE_QUERIES)) {
  const [a, b] = q.split(' ');
  let t = performance.now();
  await deps.db.execute(sql`select id from patents where ${likeCond(a)} and ${likeCond(b)} order by publication_date desc limit 20`);
  const likeMs = performance.now() - t;
  t = performance.now();
  await deps.db.execute(
    sql`with m as (select id, publication_date from patents where ${likeCond(a)} and ${likeCond(b)})
        select (select count(*) from m) as total, (select json_agg(id) from (select id from m order by publication_date desc nulls last limit 20) s) as page`,
  );
  const sameMs = performance.now() - t;
  t = performance.now();
  await repo.search(deps.db, parseQuery(q), { sort: 'relevance', limit: 20, offset: 0 });
  const searchMs = performance.now() - t;
  ratios.push(likeMs / searchMs);
  sameRatios.push(sameMs / searchMs);
}
const round2 = (x: number) => Math.round(x * 100) / 100;
print({
  figure: 'speed-up over LIKE',
  queries: ratios.length,
  first20ByDate: { minRatio: round2(Math.min(...ratios)), medianRatio: round2(pct(ratios, 50)) },
  sameAnswer: { minRatio: round2(Math.min(...sameRatios)), medianRatio: round2(pct(sameRatios, 50)) },
});

// 4. The server's memo of row tests (search/match-memo.ts, on in a server with read caches): for
// MEMO_QUERIES of the queries, the first page, the second page and the facets, each timed, first
// without the memo, then with it (the first page filling it). The queries ran once above, so the
// database's own caches are as warm for the one as for the other.
if (MEMO_QUERIES > 0) {
  const ms = (xs: number[]) => ({ p50: Math.round(pct(xs, 50) * 10) / 10, p95: Math.round(pct(xs, 95) * 10) / 10 });
  const timed = async () => {
    const first: number[] = [];
    const second: number[] = [];
    const facetMs: number[] = [];
    for (const q of pairs.slice(0, MEMO_QUERIES)) {
      const node = parseQuery(q);
      let t = performance.now();
      await repo.search(deps.db, node, { sort: 'relevance', limit: 20, offset: 0 });
      first.push(performance.now() - t);
      t = performance.now();
      await repo.search(deps.db, node, { sort: 'relevance', limit: 20, offset: 20 });
      second.push(performance.now() - t);
      t = performance.now();
      await repo.facets(deps.db, node);
      facetMs.push(performance.now() - t);
    }
    return { firstPageMs: ms(first), secondPageMs: ms(second), facetsMs: ms(facetMs) };
  };
  const without = await timed();
  const stopListening = env.DATABASE_URL ? listenForChanges(env.DATABASE_URL, handle.generation, log) : async () => undefined;
  for (let i = 0; i < 100 && handle.generation.versionOf(SEARCHED_TABLES) === null; i++) await new Promise((r) => setTimeout(r, 50));
  rememberMatches(deps.db, new ReadCache(handle.generation, { maxBytes: 64 * 1024 * 1024, readsOnly: SEARCHED_TABLES }));
  const withMemo = await timed();
  print({ figure: 'memo of row tests', queries: Math.min(MEMO_QUERIES, pairs.length), listening: handle.generation.versionOf(SEARCHED_TABLES) !== null, without, withMemo });
  await stopListening();
}

await handle.close();
if (!process.env.BENCH_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
