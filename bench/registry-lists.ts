/**
 * Registry list throughput at Shenzhen scale on PostgreSQL, against the same server's /healthz.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipstation_bench npx tsx bench/registry-lists.ts
 *
 * Seeds the Shenzhen network into that database when it is empty (about a minute), starts the real
 * server as a child process, signs in as the bureau and as a workstation's staff, and drives each
 * endpoint at 32 connections for DURATION seconds with autocannon. Prints one line per endpoint.
 */
import { spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import { backgroundWrites, startServer } from './bench-server';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a PostgreSQL database (it is seeded at Shenzhen scale when empty).');
  process.exit(2);
}
const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
/** Registry writes a second from another process while the lists run (each ends the cached pages). */
const WRITES_PER_S = Number(process.env.WRITES_PER_S ?? 0);
const PASSWORD = 'Bench-Pass-2026!';
const env = { ...process.env, IPSTATION_DEMO_PASSWORD: PASSWORD, IPSTATION_SEED: 'none', IPSTATION_LOG_LEVEL: 'warn', IPSTATION_LOGIN_RATE_PER_MIN: '100000', IPSTATION_API_RATE_PER_MIN: '10000000' };

const seed = spawnSync(process.execPath, ['bin/ipstation.mjs', 'seed', '--scale', 'shenzhen'], { env, stdio: 'inherit' });
if (seed.status !== 0) process.exit(seed.status ?? 1);

const { base, server } = await startServer(env);

async function cookieFor(username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}
const bureau = await cookieFor('bureau');
const staff = await cookieFor('staff');

async function run(name: string, path: string, cookie?: string) {
  const result = await autocannon({ url: base + path, connections: CONNECTIONS, duration: DURATION, headers: cookie ? { cookie } : {} });
  const errors = result.errors + result.non2xx;
  const line = { name, path, rps: Math.round(result.requests.average), p50: result.latency.p50, p95: result.latency.p97_5 ?? result.latency.p99, p99: result.latency.p99, errors };
  console.log(JSON.stringify(line));
  return line;
}

const writer = await backgroundWrites(url, WRITES_PER_S);
const results = [];
results.push(await run('healthz', '/healthz'));
results.push(await run('workstations (bureau)', '/api/workstations?pageSize=20', bureau));
results.push(await run('enterprises cluster+district (bureau)', '/api/enterprises?cluster=C02&district=440305&pageSize=20', bureau));
results.push(await run('enterprises page 50 (bureau)', '/api/enterprises?page=50&pageSize=20', bureau));
results.push(await run('enterprises (workstation staff)', '/api/enterprises?pageSize=20', staff));
results.push(await run('public directory', '/api/public/workstations?cluster=C13'));
const writes = await writer.stop();
const health = results[0].rps;
console.log(`\nread cache ${process.env.IPSTATION_READ_CACHE_MB === '0' ? 'off' : 'on'}; ${writes} writes from another process during the runs (WRITES_PER_S=${WRITES_PER_S})`);
console.log('\n| endpoint | req/s | share of /healthz | p50 ms | p97.5 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.name} | ${r.rps} | ${((r.rps / health) * 100).toFixed(0)}% | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} |`);
server.kill('SIGTERM');
