/**
 * Case list and ledger throughput at Shenzhen scale on PostgreSQL, against the same server's /healthz.
 *
 *   psql -h 127.0.0.1 -U postgres -c 'create database ipstation_cases_bench'
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipstation_cases_bench npx tsx bench/case-list.ts
 *   DURATION=10 CONNECTIONS=32 by default
 *
 * Seeds the Shenzhen network into that database when it is empty (`seed --scale shenzhen`: 120,000
 * enterprises, 200,000 cases over five years, 500,000 ledger rows; a few minutes), starts the real
 * server as a child process, signs in as a workstation's staff (`staff`), its admin (`wsadmin`) and
 * the bureau (`bureau`), and drives each endpoint at 32 connections for DURATION seconds with
 * autocannon, /healthz first and last. Latencies are of every response (so p95 is exact), and the
 * share is of the mean of the two /healthz runs. Before each run, SERIAL (200) requests one at a
 * time give the latency of a request without a queue. Prints a markdown table.
 */
import { spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';
import { backgroundWrites, ROOT, startServer } from './bench-server';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a PostgreSQL database (it is created and seeded at Shenzhen scale when empty).');
  process.exit(2);
}
const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const SERIAL = Number(process.env.SERIAL ?? 200);
/** Registry writes a second from another process while the lists run (each ends the cached pages). */
const WRITES_PER_S = Number(process.env.WRITES_PER_S ?? 0);
const PASSWORD = 'Bench-Pass-2026!';
const env = {
  ...process.env,
  IPSTATION_DEMO_PASSWORD: PASSWORD,
  IPSTATION_SEED: 'none',
  IPSTATION_LOG_LEVEL: 'warn',
  IPSTATION_LOGIN_RATE_PER_MIN: '100000',
  IPSTATION_API_RATE_PER_MIN: '10000000',
} as NodeJS.ProcessEnv;

// The database: made when missing, seeded once, and it must hold the cases (a database seeded
// before cases were part of the Shenzhen scale has none: use a new one).
{
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  if (!(await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount) await admin.query(`create database "${name.replace(/"/g, '""')}"`);
  await admin.end();
  const started = Date.now();
  const seed = spawnSync(process.execPath, ['bin/ipstation.mjs', 'seed', '--scale', 'shenzhen'], { cwd: ROOT, env, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`seed: ${seed.stderr}`);
  console.log(`${seed.stdout.split('\n')[0]} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const { rows } = await db.query('select (select count(*) from cases)::int as cases, (select count(*) from service_records)::int as ledger');
  await db.end();
  console.log(`${rows[0].cases} cases, ${rows[0].ledger} ledger rows`);
  if (rows[0].cases < 100_000) throw new Error('this database was seeded without the cases; give DATABASE_URL a new database');
}

const { base, server } = await startServer(env);

async function cookieFor(username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}
const staff = await cookieFor('staff');
const wsadmin = await cookieFor('wsadmin');
const bureau = await cookieFor('bureau');

// Last full year: about a fifth of the ledger.
const year = new Date().getFullYear() - 1;
const period = `from=${year}-01-01&to=${year}-12-31`;

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

async function run(name: string, path: string, cookie?: string) {
  // One check request first: a wrong path or a refused caller should not be measured as throughput.
  const check = await fetch(base + path, { headers: cookie ? { cookie } : {} });
  const text = await check.text();
  if (!check.ok) throw new Error(`${path}: ${check.status} ${text}`);
  const body = (text.startsWith('{') ? JSON.parse(text) : {}) as { total?: number };
  // Alone first: what one request costs without a queue in front of it.
  const alone: number[] = [];
  for (let i = 0; i < SERIAL; i++) {
    const t = performance.now();
    await (await fetch(base + path, { headers: cookie ? { cookie } : {} })).arrayBuffer();
    alone.push(performance.now() - t);
  }
  alone.sort((a, b) => a - b);
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: base + path, connections: CONNECTIONS, duration: DURATION, headers: cookie ? { cookie } : {} }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  latencies.sort((a, b) => a - b);
  const line = {
    name,
    path,
    rps: Math.round(result.requests.average),
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p975: pct(latencies, 97.5),
    p99: pct(latencies, 99),
    errors: result.errors + result.timeouts + result.non2xx,
    aloneP50: pct(alone, 50),
    aloneP95: pct(alone, 95),
    total: body.total,
  };
  console.log(JSON.stringify(line));
  return line;
}

const writer = await backgroundWrites(url, WRITES_PER_S);
const results = [];
results.push(await run('/healthz (first)', '/healthz'));
// The floor for any signed-in request: the sign-in lookup and one small query (the calendar's overrides).
results.push(await run('signed-in floor: working-day calendar (staff)', '/api/calendar/working-days/add?from=2025-09-30&days=1', staff));
results.push(await run('case list, default (staff)', '/api/cases?pageSize=20', staff));
results.push(await run('case list, consultation + closed (staff)', '/api/cases?type=consultation&status=closed&pageSize=20', staff));
results.push(await run('case list, retrieval + closed, page 5 (staff)', '/api/cases?type=retrieval&status=closed&page=5&pageSize=20', staff));
results.push(await run('case list, overdue (staff)', '/api/cases?dueState=overdue&pageSize=20', staff));
results.push(await run('case list, mine by due date (staff)', '/api/cases?assignee=me&sort=dueAt&pageSize=20', staff));
results.push(await run('inbox, unassigned by due date (wsadmin)', '/api/cases?unassigned=true&sort=dueAt&pageSize=20', wsadmin));
results.push(await run(`ledger, ${year} (staff)`, `/api/ledger?${period}&pageSize=20`, staff));
results.push(await run(`ledger, ${year} (bureau)`, `/api/ledger?${period}&pageSize=20`, bureau));
results.push(await run(`ledger, ${year}, consultation (bureau)`, `/api/ledger?${period}&type=consultation&pageSize=20`, bureau));
results.push(await run(`ledger, ${year}, cluster C13 (bureau)`, `/api/ledger?${period}&cluster=C13&pageSize=20`, bureau));
results.push(await run('/healthz (last)', '/healthz'));
const writes = await writer.stop();
server.kill('SIGTERM');

const health = (results[0].rps + results[results.length - 1].rps) / 2;
const ms = (n: number) => (Number.isFinite(n) ? String(Math.round(n * 10) / 10) : '—');
console.log(`\n${CONNECTIONS} connections, ${DURATION} s each; share of the mean /healthz (${Math.round(health)} req/s); read cache ${process.env.IPSTATION_READ_CACHE_MB === '0' ? 'off' : 'on'}; ${writes} writes from another process during the runs (WRITES_PER_S=${WRITES_PER_S})\n`);
console.log(`| endpoint | rows | req/s | share of /healthz | p50 ms | p95 ms | p97.5 ms | p99 ms | errors | alone p50 / p95 ms (${SERIAL} one at a time) |\n|---|---|---|---|---|---|---|---|---|---|`);
for (const r of results) {
  console.log(`| ${r.name} | ${r.total ?? '—'} | ${r.rps} | ${((r.rps / health) * 100).toFixed(0)}% | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p975)} | ${ms(r.p99)} | ${r.errors} | ${ms(r.aloneP50)} / ${ms(r.aloneP95)} |`);
}
const lists = results.filter((r) => r.path.startsWith('/api/cases'));
const worst = Math.min(...lists.map((r) => r.rps / health));
console.log(`\nTarget: every case list ≥ 25% of /healthz: ${worst >= 0.25 ? 'met' : 'not met'} (lowest ${(worst * 100).toFixed(0)}%).`);
