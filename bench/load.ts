/**
 * Load: a mixed read/write workload against the real server on PostgreSQL at Shenzhen scale.
 *
 *   npx tsx bench/load.ts            (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/ipstation_load)
 *   CONNECTIONS=64 DURATION=60 npx tsx bench/load.ts
 *
 * Creates the database when it does not exist and seeds it with `ipstation seed --scale shenzhen`
 * (120,000 enterprises; once), starts the server as `npm start` does with the sign-in and API
 * rate limits raised through their settings, signs in the demo accounts and drives a weighted mix
 * with autocannon: sign-ins, lists, detail pages, submissions (new enterprises) and searches.
 * Prints p50/p95/p99 overall and per kind, the errors (anything but 2xx, and socket errors) and the
 * server's resident memory (VmRSS, sampled every second). Exits 1 when there were errors.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { usccCheckChar, USCC_ALPHABET } from '../server/src/lib/uscc';
import { ROOT, startServer } from './bench-server';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ipstation_load';
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const DURATION = Number(process.env.DURATION ?? 60);
// The demo accounts' password: the one the database was seeded with (IPSTATION_DEMO_PASSWORD) when it is given.
const PASSWORD = process.env.IPSTATION_DEMO_PASSWORD || 'Load-Bench-2026!';
const env = {
  ...process.env,
  DATABASE_URL,
  IPSTATION_DEMO_PASSWORD: PASSWORD,
  IPSTATION_SEED: 'none',
  IPSTATION_LOG_LEVEL: 'warn',
  IPSTATION_SECRET: 'load-bench-secret-0123456789',
  IPSTATION_LOGIN_RATE_PER_MIN: '1000000',
  IPSTATION_LOGIN_MAX_FAILURES: '1000000',
  IPSTATION_API_RATE_PER_MIN: '10000000',
};

// The database: made when missing, seeded once at Shenzhen scale.
{
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(DATABASE_URL), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`create database "${name.replace(/"/g, '""')}"`);
  await admin.end();
  const started = Date.now();
  const seed = spawnSync(process.execPath, ['bin/ipstation.mjs', 'seed', '--scale', 'shenzhen'], { cwd: ROOT, env, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`seed: ${seed.stderr}`);
  console.log(`${seed.stdout.split('\n')[0]} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

const { base, server } = await startServer(env);

const rss = () => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

async function session(username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: body.csrfToken };
}
const as = { bureau: await session('bureau'), staff: await session('staff'), staff2: await session('staff2'), wsadmin: await session('wsadmin'), enterprise: await session('enterprise') };
const getJson = async (path: string, s: { cookie: string }) => (await (await fetch(base + path, { headers: { cookie: s.cookie } })).json()) as any;

// Ids the detail pages pick from.
const ids = { staffEnterprises: [] as string[], enterprises: [] as string[], workstations: [] as string[], users: [] as string[] };
for (let page = 1; page <= 5; page++) ids.staffEnterprises.push(...(await getJson(`/api/enterprises?pageSize=100&page=${page}`, as.staff)).items.map((e: { id: string }) => e.id));
for (const page of [1, 50, 200, 600]) ids.enterprises.push(...(await getJson(`/api/enterprises?pageSize=100&page=${page}`, as.bureau)).items.map((e: { id: string }) => e.id));
for (let page = 1; page <= 2; page++) ids.workstations.push(...(await getJson(`/api/workstations?pageSize=100&page=${page}`, as.bureau)).items.map((w: { id: string }) => w.id));
ids.users.push(...(await getJson('/api/users?pageSize=100', as.bureau)).items.map((u: { id: string }) => u.id));
const ownEnterprise = (await getJson('/api/enterprises', as.enterprise)).items[0].id as string;
const ownWorkstation = (await getJson('/api/workstations', as.staff)).items[0].id as string;
const CLUSTERS = ['C01', 'C02', 'C06', 'C13', 'C17', 'F03'];
const DISTRICTS = ['440303', '440304', '440305', '440306', '440307'];
const TERMS = ['科技', '新能源', '电子', '深圳市', '智能', '材料', '软件', '医疗'];
const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)];

/** A code no earlier run used: this run's id and a counter in the body. */
const runTag = Date.now() % 900_000;
let submissions = 0;
function newUscc() {
  let n = runTag * 1_000_000 + submissions++;
  let body = '';
  for (let k = 0; k < 9; k++) {
    body = USCC_ALPHABET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = `91440305${body}`;
  return first17 + usccCheckChar(first17);
}

type Req = { method: string; path: string; headers: Record<string, string>; body?: string };
const get = (path: string, s: { cookie: string }): Req => ({ method: 'GET', path, headers: { cookie: s.cookie } });
const MIX: { kind: string; weight: number; make: () => Req }[] = [
  { kind: 'sign-in', weight: 3, make: () => ({ method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: pick(['staff', 'staff2', 'wsadmin', 'enterprise', 'district']), password: PASSWORD }) }) },
  { kind: 'list', weight: 10, make: () => get(`/api/enterprises?pageSize=20&page=${1 + Math.floor(Math.random() * 20)}`, as.staff) },
  { kind: 'list', weight: 8, make: () => get(`/api/enterprises?pageSize=20&cluster=${pick(CLUSTERS)}&district=${pick(DISTRICTS)}`, as.bureau) },
  { kind: 'list', weight: 6, make: () => get(`/api/workstations?pageSize=20&page=${1 + Math.floor(Math.random() * 6)}`, as.bureau) },
  { kind: 'list', weight: 3, make: () => get('/api/organizations?type=agency&pageSize=20', as.bureau) },
  { kind: 'list', weight: 3, make: () => get('/api/users?pageSize=20', as.bureau) },
  { kind: 'list', weight: 3, make: () => get('/api/audit?pageSize=20', as.wsadmin) },
  { kind: 'list', weight: 2, make: () => get('/api/notifications?pageSize=20', as.staff) },
  { kind: 'detail', weight: 14, make: () => get(`/api/enterprises/${pick(ids.staffEnterprises)}`, as.staff) },
  { kind: 'detail', weight: 8, make: () => get(`/api/enterprises/${pick(ids.enterprises)}`, as.bureau) },
  { kind: 'detail', weight: 6, make: () => get(`/api/workstations/${pick(ids.workstations)}`, as.bureau) },
  { kind: 'detail', weight: 3, make: () => get(`/api/workstations/${ownWorkstation}`, as.staff) },
  { kind: 'detail', weight: 2, make: () => get(`/api/enterprises/${ownEnterprise}`, as.enterprise) },
  { kind: 'detail', weight: 2, make: () => get(`/api/users/${pick(ids.users)}`, as.bureau) },
  {
    kind: 'submission',
    weight: 14,
    make: () => ({
      method: 'POST',
      path: '/api/enterprises',
      headers: { 'content-type': 'application/json', cookie: as.staff.cookie, 'x-csrf-token': as.staff.csrf },
      body: JSON.stringify({ uscc: newUscc(), name: `压测企业 ${runTag}-${submissions} 有限公司`, clusters: [pick(CLUSTERS)], address: '深圳市南山区科技园' }),
    }),
  },
  { kind: 'search', weight: 7, make: () => get(`/api/enterprises?q=${encodeURIComponent(pick(TERMS))}&pageSize=20`, as.bureau) },
  { kind: 'search', weight: 4, make: () => get(`/api/enterprises?q=${encodeURIComponent(pick(TERMS))}&pageSize=20`, as.staff) },
  { kind: 'search', weight: 2, make: () => get(`/api/public/workstations?q=${encodeURIComponent(pick(['协会', '工作站', '深圳']))}`, as.staff) },
];
const totalWeight = MIX.reduce((n, m) => n + m.weight, 0);
function choose() {
  let r = Math.random() * totalWeight;
  for (const m of MIX) if ((r -= m.weight) < 0) return m;
  return MIX[MIX.length - 1];
}

// One request definition that becomes a different call each time; its kind rides on the connection.
const latencies = new Map<string, number[]>();
const statuses = new Map<string, Map<number, number>>();
const samples: number[] = [rss()];
const sampler = setInterval(() => samples.push(rss()), 1000);

console.log(`\nload: ${CONNECTIONS} connections for ${DURATION} s against ${base} (PostgreSQL ${new URL(DATABASE_URL).pathname.slice(1)})`);
const instance = autocannon({
  url: base,
  connections: CONNECTIONS,
  duration: DURATION,
  requests: [
    {
      setupRequest: (req: any, context: any) => {
        const m = choose();
        const r = m.make();
        context.kind = m.kind;
        return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
      },
    },
  ],
} as autocannon.Options) as unknown as autocannon.Instance & Promise<autocannon.Result>;
instance.on('response', (client: any, statusCode: number, _bytes: number, responseTime: number) => {
  const kind = client.requestIterator?.context?.kind ?? 'unknown';
  if (!latencies.has(kind)) latencies.set(kind, []);
  latencies.get(kind)!.push(responseTime);
  const s = statuses.get(kind) ?? new Map<number, number>();
  s.set(statusCode, (s.get(statusCode) ?? 0) + 1);
  statuses.set(kind, s);
});
const result = await instance;
clearInterval(sampler);
samples.push(rss());

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const all = [...latencies.values()].flat().sort((a, b) => a - b);
const non2xx = [...statuses.values()].reduce((n, s) => n + [...s.entries()].filter(([code]) => code < 200 || code >= 300).reduce((k, [, c]) => k + c, 0), 0);
const errors = result.errors + result.timeouts + non2xx;
const rssMax = Math.max(...samples.filter((x) => !Number.isNaN(x)));
console.log(`\n| kind | requests | p50 ms | p95 ms | p99 ms | non-2xx |\n|---|---|---|---|---|---|`);
for (const [kind, times] of [...latencies.entries()].sort()) {
  const sorted = [...times].sort((a, b) => a - b);
  const bad = [...statuses.get(kind)!.entries()].filter(([c]) => c < 200 || c >= 300);
  console.log(`| ${kind} | ${sorted.length} | ${pct(sorted, 50).toFixed(1)} | ${pct(sorted, 95).toFixed(1)} | ${pct(sorted, 99).toFixed(1)} | ${bad.length ? bad.map(([c, n]) => `${n}×${c}`).join(', ') : 0} |`);
}
console.log(`| all | ${all.length} | ${pct(all, 50).toFixed(1)} | ${pct(all, 95).toFixed(1)} | ${pct(all, 99).toFixed(1)} | ${non2xx} |`);
console.log(
  `\n${all.length} requests in ${DURATION} s (${Math.round(result.requests.average)} req/s); errors: ${errors} (non-2xx ${non2xx}, socket errors ${result.errors}, timeouts ${result.timeouts}); ` +
    `server RSS: ${samples[0].toFixed(0)} MB at start, ${rssMax.toFixed(0)} MB peak, ${samples[samples.length - 1].toFixed(0)} MB at the end; ${submissions} enterprises submitted`,
);
server.kill('SIGTERM');
process.exitCode = errors ? 1 : 0;
