import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import * as schema from '../src/db/schema';
import { JobRunner } from '../src/jobs/job-runner';
import { serverNodeArgs } from '../src/start-args';

/**
 * Two app processes on one PostgreSQL database, as production runs behind a load balancer: a session
 * made on one works on the other, two concurrent edits of one record give one success and one
 * VERSION_CONFLICT, and (with two job runners on the same database) a schedule runs once per tick
 * and a queued job once in all.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const url = process.env.DATABASE_URL;
const PASSWORD = 'Two-Process-2026!';
const SECRET = 'two-process-secret-0123456789';

if (!url) {
  process.stdout.write('two-process test skipped: it needs a PostgreSQL server; set DATABASE_URL (CI runs the integration suite again with it)\n');
  it.skip('two app processes on one PostgreSQL: needs DATABASE_URL (the embedded database is one process\'s only)', () => undefined);
} else {
  const dbName = `ipstation_2p_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const dbUrl = Object.assign(new URL(url), { pathname: `/${dbName}` }).toString();
  // The job runners get a database of their own: the two servers run their runners on the first.
  const jobsUrl = Object.assign(new URL(url), { pathname: `/${dbName}_jobs` }).toString();
  const servers: { child: ChildProcess; base: string; output: string[]; dataDir: string }[] = [];
  const pools: pg.Pool[] = [];

  const admin = async (query: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(query);
    } finally {
      await c.end();
    }
  };

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });

  /** The server as `npm start` runs it (serverNodeArgs), on the shared database. */
  async function startServer(seed: 'demo' | 'none') {
    const port = await freePort();
    const output: string[] = [];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-2p-'));
    const child = spawn(process.execPath, serverNodeArgs(process.env.IPSTATION_HEAP_MB), {
      cwd: ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: dbUrl,
        DATA_DIR: dataDir,
        IPSTATION_SECRET: SECRET,
        IPSTATION_SEED: seed,
        IPSTATION_DEMO_PASSWORD: PASSWORD,
        IPSTATION_LOG_LEVEL: 'warn',
        IPSTATION_LOGIN_RATE_PER_MIN: '10000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      output.push(b.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const server = { child, base: `http://127.0.0.1:${port}`, output, dataDir };
    servers.push(server);
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output.join('')}`);
      try {
        if ((await fetch(`${server.base}/healthz`)).ok) return server;
      } catch {
        /* not listening yet */
      }
      if (i > 240) throw new Error(`server did not start in 120 s:\n${output.join('')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async function signIn(base: string, username: string) {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { csrfToken: string };
    return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: body.csrfToken };
  }

  const call = async (base: string, s: { cookie: string; csrf: string }, method: string, p: string, body?: unknown) => {
    const res = await fetch(base + p, {
      method,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  function runnerOn(clock: () => Date) {
    const pool = new pg.Pool({ connectionString: jobsUrl, max: 4 });
    pool.on('error', () => undefined);
    pools.push(pool);
    return new JobRunner(drizzle(pool, { schema }) as unknown as Db, pino({ level: 'silent' }), clock, { pollMs: 10 });
  }

  beforeAll(async () => {
    await admin(`create database ${dbName}`);
    await admin(`create database ${dbName}_jobs`);
    const pool = new pg.Pool({ connectionString: jobsUrl, max: 2 });
    await migrate({ db: drizzle(pool) as never, engine: 'postgres' });
    await pool.end();
    // The first process migrates and seeds the demo network; the second finds both done.
    await startServer('demo');
    await startServer('none');
  }, 180_000);

  afterAll(async () => {
    for (const s of servers) {
      if (s.child.exitCode === null) {
        const exited = new Promise((r) => s.child.once('exit', r));
        s.child.kill('SIGTERM');
        const timer = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(s.dataDir, { recursive: true, force: true });
    }
    for (const p of pools) await p.end();
    await admin(`drop database if exists ${dbName} with (force)`);
    await admin(`drop database if exists ${dbName}_jobs with (force)`);
  }, 60_000);

  describe('two app processes on one PostgreSQL', () => {
    it('a session made on one process works on the other, for reads and writes', async () => {
      const [a, b] = servers;
      const session = await signIn(a.base, 'staff');
      const me = await call(b.base, session, 'GET', '/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.user.username).toBe('staff');
      const token = await call(b.base, session, 'POST', '/api/auth/tokens', { name: '另一进程' });
      expect(token.status).toBe(201);
      // The first has the session in its sign-in cache now.
      expect((await call(a.base, session, 'GET', '/api/auth/me')).status).toBe(200);
      // Signing out on the second ends the session on the first too: the change notification
      // reaches the first within moments (not at its next write of its own).
      expect((await call(b.base, session, 'POST', '/api/auth/logout', {})).status).toBe(204);
      let status = 0;
      for (let i = 0; i < 50 && status !== 401; i++) {
        status = (await call(a.base, session, 'GET', '/api/auth/me')).status;
        if (status !== 401) await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(401);
    });

    it('keeps an idle connection open past Node\'s 5 s, so a client reusing it gets an answer, not a reset', { timeout: 30_000 }, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const get = () =>
        new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
          const req = http.get(`${servers[0].base}/healthz`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
          });
          req.on('error', reject);
        });
      try {
        expect(await get()).toEqual({ status: 200, reused: false });
        await new Promise((r) => setTimeout(r, 6_000));
        expect(await get()).toEqual({ status: 200, reused: true });
      } finally {
        agent.destroy();
      }
    });

    it('two concurrent edits of one record (same version), one per process: one 200 and one 409 VERSION_CONFLICT', async () => {
      const [a, b] = servers;
      const staffA = await signIn(a.base, 'staff');
      const staffB = await signIn(b.base, 'staff');
      const bureauA = await signIn(a.base, 'bureau');
      const bureauB = await signIn(b.base, 'bureau');
      const enterprise = (await call(a.base, staffA, 'GET', '/api/enterprises?pageSize=1')).body.items[0];
      const user = (await call(a.base, bureauA, 'GET', '/api/users?q=staff2')).body.items[0];
      const org = (await call(a.base, bureauA, 'GET', '/api/organizations?type=agency&pageSize=1')).body.items[0];
      const records = [
        { path: `/api/enterprises/${enterprise.id}`, sessions: [staffA, staffB], edit: (i: number) => ({ address: `深圳市南山区 ${i}` }) },
        { path: `/api/users/${user.id}`, sessions: [bureauA, bureauB], edit: (i: number) => ({ displayName: `软件工作站专员 ${i}` }) },
        { path: `/api/organizations/${org.id}`, sessions: [bureauA, bureauB], edit: (i: number) => ({ name: `${org.name.replace(/ \d+$/, '')} ${i}` }) },
      ];
      for (const r of records) {
        for (let round = 0; round < 8; round++) {
          const version = (await call(a.base, r.sessions[0], 'GET', r.path)).body.data.version;
          const results = await Promise.all([
            call(a.base, r.sessions[0], 'PATCH', r.path, { version, ...r.edit(round * 2) }),
            call(b.base, r.sessions[1], 'PATCH', r.path, { version, ...r.edit(round * 2 + 1) }),
          ]);
          const statuses = results.map((x) => x.status).sort();
          expect(statuses, `${r.path} round ${round}`).toEqual([200, 409]);
          expect(results.find((x) => x.status === 409)!.body.error.code).toBe('VERSION_CONFLICT');
          const after = (await call(b.base, r.sessions[1], 'GET', r.path)).body.data;
          expect(after.version).toBe(version + 1);
        }
      }
    });

    it('a scheduled job runs exactly once per tick across two runners, and a queued job once in all', async () => {
      const EVERY = 60_000;
      let now = Date.UTC(2026, 2, 2, 2, 0, 0);
      const clock = () => new Date(now);
      const runners = [runnerOn(clock), runnerOn(clock)];
      const runs = new Map<number, number>();
      for (const r of runners) {
        r.schedule('two-process.test', EVERY, async () => {
          const tick = Math.floor(now / EVERY);
          runs.set(tick, (runs.get(tick) ?? 0) + 1);
          await new Promise((res) => setTimeout(res, 5));
        });
      }
      for (let i = 0; i < 25; i++) {
        now += EVERY;
        // Both runners tick at the same moment, several times within one tick.
        await Promise.all([runners[0].tick(), runners[1].tick(), runners[0].tick(), runners[1].tick()]);
      }
      expect(runs.size).toBe(25);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      const rows = (await pools[0].query(`select count(*)::int as n, count(distinct runner)::int as runners from schedule_runs where name = 'two-process.test'`)).rows[0];
      expect(rows.n).toBe(25);

      const done: string[] = [];
      for (const r of runners) {
        r.register('two-process.job', async (job) => {
          done.push(job.id);
          return { ok: true };
        });
      }
      const ids = [];
      for (let i = 0; i < 40; i++) ids.push((await runners[0].enqueue('two-process.job', { i })).id);
      await Promise.all(runners.map((r) => r.drain(30_000)));
      expect(done.sort()).toEqual([...ids].sort());
      const states = (await pools[0].query(`select status, count(*)::int as n from jobs where type = 'two-process.job' group by status`)).rows;
      expect(states).toEqual([{ status: 'succeeded', n: 40 }]);
      await Promise.all(runners.map((r) => r.stop()));
    });
  });
}
