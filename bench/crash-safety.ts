/**
 * Crash safety: does every acknowledged write survive a hard kill of the server?
 *
 *   npx tsx bench/crash-safety.ts [--runs 20] [--pg] [--requests 1000]
 *
 * Each run starts the real server (as `npm start` does, `server/src/start-args.ts`) on a fresh copy of a
 * seeded database (the embedded PGlite in a new DATA_DIR, or with --pg a new database on the
 * PostgreSQL server at DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), signs in
 * as a workstation's staff and fires 1,000 concurrent submissions (POST /api/enterprises with
 * distinct valid 统一社会信用代码). After a random number of them (100 to 700) have been answered
 * 2xx it kills the server with SIGKILL, starts it again on the same data and checks that every
 * submission that got a 2xx is there and intact, with its audit event; then stops the server and
 * runs `ipstation audit verify`. Prints one line per run and a summary; exits 1 if any run failed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { mulberry32 } from '../server/src/lib/random';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { usccCheckChar, USCC_ALPHABET } from '../server/src/lib/uscc';
import { serverNodeArgs } from '../server/src/start-args';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('runs') ?? 20);
const REQUESTS = Number(arg('requests') ?? 1000);
const USE_PG = process.argv.includes('--pg');
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'Crash-Safety-2026!';
const SECRET = 'crash-safety-secret-0123456789';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-crash-'));

/** A small deterministic generator, so a failing run can be told apart and repeated. */
const prng = mulberry32;

/** A valid code unique to (run, i): division 440305, then base-31 digits of the pair. */
function uscc(run: number, i: number) {
  let n = run * 100_000 + i;
  let body = '';
  for (let k = 0; k < 8; k++) {
    body = USCC_ALPHABET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = `91440305C${body}`;
  return first17 + usccCheckChar(first17);
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const dbUrl = (name: string) => Object.assign(new URL(PG_URL), { pathname: `/${name}` }).toString();
async function admin(query: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

function envFor(target: { dataDir: string; database?: string }, extra: Record<string, string> = {}) {
  return {
    ...process.env,
    DATA_DIR: target.dataDir,
    DATABASE_URL: target.database ? dbUrl(target.database) : '',
    IPSTATION_SECRET: SECRET,
    IPSTATION_DEMO_PASSWORD: PASSWORD,
    IPSTATION_SEED: 'none',
    IPSTATION_LOG_LEVEL: 'warn',
    IPSTATION_API_RATE_PER_MIN: '10000000',
    IPSTATION_LOGIN_RATE_PER_MIN: '100000',
    ...extra,
  };
}

interface Server {
  child: ChildProcess;
  base: string;
  output: string[];
}

async function startServer(target: { dataDir: string; database?: string }): Promise<Server> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, serverNodeArgs(process.env.IPSTATION_HEAP_MB), {
    cwd: ROOT,
    env: envFor(target, { HOST: '127.0.0.1', PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => {
    output.push(b.toString());
    if (output.length > 300) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${output.join('').trim().slice(-2000)}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base, output };
    } catch {
      /* not listening yet */
    }
    if (i > 240) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz within 120 s: ${output.join('').trim().slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function stopServer(s: Server, signal: NodeJS.Signals = 'SIGTERM') {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill(signal);
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** fetch with the cause of a network failure in its message, retried a few times (a loaded machine drops connections). */
async function get(url: string, init: RequestInit = {}, tries = 4): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      if (attempt >= tries) throw new Error(`${init.method ?? 'GET'} ${url}: ${(e as Error).message} (${cause?.code ?? cause?.message ?? 'no cause'})`, { cause: e });
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

async function signIn(base: string, username: string) {
  const res = await get(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: body.csrfToken };
}

const cli = (target: { dataDir: string; database?: string }, args: string[]) =>
  spawnSync(process.execPath, ['bin/ipstation.mjs', ...args], { cwd: ROOT, env: envFor(target), encoding: 'utf8' });

// --------------------------------------------------------------------------------------------

/** One seeded database every run starts from (a copied DATA_DIR, or a PostgreSQL template). */
async function prepareTemplate() {
  const started = Date.now();
  if (USE_PG) {
    const name = `ipstation_crash_tmpl_${process.pid}`;
    await admin(`create database ${name}`);
    const seeded = cli({ dataDir: path.join(work, 'tmpl-data'), database: name }, ['seed', '--scale', 'demo']);
    if (seeded.status !== 0) throw new Error(`seed: ${seeded.stderr}`);
    console.log(`template database ${name} seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { database: name };
  }
  const dataDir = path.join(work, 'template');
  const seeded = cli({ dataDir }, ['seed', '--scale', 'demo']);
  if (seeded.status !== 0) throw new Error(`seed: ${seeded.stderr}`);
  console.log(`template DATA_DIR seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { dataDir };
}

interface RunResult {
  run: number;
  killAfter: number;
  acked: number;
  failedBeforeKill: number;
  unknown: number;
  lost: number;
  damaged: number;
  missingAudit: number;
  restarted: boolean;
  auditVerified: boolean;
  note: string;
  seconds: number;
}

async function oneRun(run: number, template: { dataDir?: string; database?: string }): Promise<RunResult> {
  const started = Date.now();
  const random = prng(run * 7919 + 17);
  const killAfter = 100 + Math.floor(random() * 600);
  const target: { dataDir: string; database?: string } = { dataDir: path.join(work, `run-${run}`) };
  if (USE_PG) {
    target.database = `ipstation_crash_${process.pid}_${run}`;
    await admin(`create database ${target.database} template ${template.database}`);
    fs.mkdirSync(target.dataDir, { recursive: true });
  } else {
    fs.cpSync(template.dataDir!, target.dataDir, { recursive: true });
  }
  let current: Server | undefined;
  const result: RunResult = { run, killAfter, acked: 0, failedBeforeKill: 0, unknown: 0, lost: 0, damaged: 0, missingAudit: 0, restarted: false, auditVerified: false, note: '', seconds: 0 };
  try {
    let server = await startServer(target);
    current = server;
    const session = await signIn(server.base, 'staff');
    const submitted = Array.from({ length: REQUESTS }, (_, i) => ({
      uscc: uscc(run, i),
      name: `崩溃测试企业 ${run}-${i} 有限公司`,
      address: `深圳市南山区科技园 ${i} 号 \u200B😀`,
      clusters: [['C13', 'C06', 'C01'][i % 3]],
    }));
    const acked = new Map<number, string>();
    let killed = false;
    let resolveKill!: () => void;
    const killedAt = new Promise<void>((r) => (resolveKill = r));
    const kill = () => {
      if (killed) return;
      killed = true;
      server.child.kill('SIGKILL');
      resolveKill();
    };
    await Promise.all(
      submitted.map(async (body, i) => {
        try {
          const res = await fetch(`${server.base}/api/enterprises`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
            body: JSON.stringify(body),
          });
          const text = await res.text();
          if (res.status >= 200 && res.status < 300) {
            acked.set(i, JSON.parse(text).data.id);
            if (acked.size >= killAfter) kill();
          } else if (!killed) result.failedBeforeKill++;
        } catch {
          result.unknown++; // the connection died with the server: the outcome is unknown, either is fine
        }
      }),
    );
    if (!killed) {
      result.note = `all ${REQUESTS} answered before the kill point`;
      kill();
    }
    await killedAt;
    await new Promise<void>((r) => (server.child.exitCode !== null || server.child.signalCode !== null ? r() : server.child.once('exit', () => r())));
    result.acked = acked.size;

    try {
      server = await startServer(target);
      current = server;
      result.restarted = true;
    } catch (e) {
      result.note = `restart failed: ${(e as Error).message.slice(0, 600)}`;
      return result;
    }
    const staff = await signIn(server.base, 'staff');
    const wsadmin = await signIn(server.base, 'wsadmin');
    const entries = [...acked.entries()];
    for (let k = 0; k < entries.length; k += 50) {
      await Promise.all(
        entries.slice(k, k + 50).map(async ([i, id]) => {
          const res = await get(`${server.base}/api/enterprises/${id}`, { headers: { cookie: staff.cookie } });
          if (res.status === 404) return void result.lost++;
          const got = ((await res.json()) as { data: { uscc: string; name: string; address: string; clusters: string[] } }).data;
          const want = submitted[i];
          if (got.uscc !== want.uscc || got.name !== want.name || got.address !== want.address || got.clusters.join() !== want.clusters.join()) result.damaged++;
          const audit = await get(`${server.base}/api/audit?recordId=${id}&type=enterprise.created`, { headers: { cookie: wsadmin.cookie } });
          if (((await audit.json()) as { total: number }).total !== 1) result.missingAudit++;
        }),
      );
    }
    await stopServer(server);
    const verify = cli(target, ['audit', 'verify']);
    result.auditVerified = verify.status === 0;
    if (!result.auditVerified) result.note = `audit verify: ${(verify.stderr || verify.stdout).trim().slice(0, 400)}`;
    return result;
  } catch (e) {
    result.note = (e as Error).message.slice(0, 600);
    if (current) {
      const state = current.child.exitCode !== null || current.child.signalCode !== null ? `the server had stopped (${current.child.exitCode ?? current.child.signalCode})` : 'the server was running';
      result.note += `; ${state}; its last output: ${current.output.join('').trim().slice(-800) || '(none)'}`;
      await stopServer(current, 'SIGKILL');
    }
    return result;
  } finally {
    result.seconds = (Date.now() - started) / 1000;
    if (target.database) await admin(`drop database if exists ${target.database} with (force)`).catch(() => undefined);
    fs.rmSync(target.dataDir, { recursive: true, force: true });
  }
}

const ok = (r: RunResult) => r.restarted && r.auditVerified && r.lost === 0 && r.damaged === 0 && r.missingAudit === 0 && r.failedBeforeKill === 0;

console.log(`crash safety on ${USE_PG ? `PostgreSQL (${new URL(PG_URL).host})` : 'the embedded PGlite'}: ${RUNS} runs of ${REQUESTS} concurrent submissions, SIGKILL midway`);
const template = await prepareTemplate();
const results: RunResult[] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const r = await oneRun(run, template);
    results.push(r);
    console.log(
      `run ${String(run).padStart(2)}: ${ok(r) ? 'ok  ' : 'FAIL'} acked ${r.acked} (kill after ${r.killAfter}), unknown ${r.unknown}, lost ${r.lost}, damaged ${r.damaged}, audit missing ${r.missingAudit}, restart ${r.restarted ? 'ok' : 'FAILED'}, audit verify ${r.auditVerified ? 'ok' : 'FAILED'}, ${r.seconds.toFixed(1)} s${r.note ? ` — ${r.note}` : ''}`,
    );
  }
} finally {
  if (template.database) await admin(`drop database if exists ${template.database} with (force)`).catch(() => undefined);
  fs.rmSync(work, { recursive: true, force: true });
}
const sum = (f: (r: RunResult) => number) => results.reduce((n, r) => n + f(r), 0);
const passed = results.filter(ok).length;
console.log(
  `\nsummary (${USE_PG ? 'PostgreSQL' : 'PGlite'}): ${passed}/${results.length} runs passed; ${sum((r) => r.acked)} acknowledged submissions, ${sum((r) => r.lost)} lost, ${sum((r) => r.damaged)} damaged, ${sum((r) => r.missingAudit)} without their audit event; ${results.filter((r) => !r.restarted).length} restarts failed; ${results.filter((r) => r.restarted && !r.auditVerified).length} audit chains failed to verify`,
);
process.exitCode = passed === results.length ? 0 : 1;
