import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyPassword } from '../lib/password';
import { serverNodeArgs } from '../start-args';

/**
 * The CLI as an operator runs it: `node bin/ipstation.mjs ...` in a child process, configured by
 * environment only. Each start costs seconds (tsx, PGlite, migrations), so the invocations are few
 * and build on one another. With DATABASE_URL set (CI's PostgreSQL run) the first part runs on a
 * fresh PostgreSQL database; the tamper and lock parts are about the embedded database and always
 * run on PGlite.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'ipstation.mjs');
const DEMO_PASSWORD = 'Demo-Cli-Test-2026';
const CLI_TIMEOUT = 120_000;

const tmpDirs: string[] = [];
const newDataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-cli-'));
  tmpDirs.push(dir);
  return dir;
};

type ChildEnv = Record<string, string | undefined>;

/** The environment of every child: the test's own without DATABASE_URL, plus the ipstation settings. */
function childEnv(extra: ChildEnv): ChildEnv {
  const env: ChildEnv = { ...process.env };
  delete env.DATABASE_URL;
  return {
    ...env,
    IPSTATION_SECRET: 'cli-test-secret-0123456789abcdef',
    IPSTATION_DEMO_PASSWORD: DEMO_PASSWORD,
    IPSTATION_LOG_LEVEL: 'warn',
    ...extra,
  };
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out.stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out.stderr += d));
  return out;
}

async function cli(args: string[], env: ChildEnv, input?: string): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = collect(child);
  child.stdin!.end(input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT - 5_000);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, ...out };
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where the first part runs: PGlite in a temp DATA_DIR, or a fresh database on CI's PostgreSQL. */
const mainDataDir = newDataDir();
let mainEnv: ChildEnv;
let onPostgres = false;
let dropDatabase: (() => Promise<void>) | undefined;
let query: (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

beforeAll(async () => {
  const pgTemplate = inject('pgTemplate');
  if (pgTemplate && process.env.DATABASE_URL) {
    onPostgres = true;
    // Named like the harness's databases, so the global teardown drops it if this file does not.
    const name = `ipstation_t_${pgTemplate.split('_').pop()}_cli_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    mainEnv = childEnv({ DATA_DIR: mainDataDir, DATABASE_URL: url.toString() });
    query = async (text, params) => {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      try {
        return (await c.query(text, params)).rows;
      } finally {
        await c.end();
      }
    };
    dropDatabase = async () => {
      const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  } else {
    mainEnv = childEnv({ DATA_DIR: mainDataDir });
    // Only between CLI runs: the data directory is one process's at a time.
    query = async (text, params) => {
      const db = new PGlite(path.join(mainDataDir, 'pg'));
      try {
        return (await db.query<Record<string, unknown>>(text, params)).rows;
      } finally {
        await db.close();
      }
    };
  }
});

afterAll(async () => {
  await dropDatabase?.();
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe(`ipstation CLI`, () => {
  it('lists every command with examples in --help', { timeout: CLI_TIMEOUT }, async () => {
    const r = await cli(['--help'], mainEnv);
    expect(r.code).toBe(0);
    for (const command of ['seed', 'org list', 'user create', 'user reset-password', 'audit verify', 'audit purge', 'patents import', 'patents reindex', 'trademarks reindex']) {
      expect(r.stdout).toContain(`ipstation ${command}`);
    }
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('Exit codes:');
  });

  it('seeds the demo network once; a second run says it is already seeded', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const first = await cli(['seed', '--scale', 'demo'], mainEnv);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/demo network seeded in [\d.]+ s: 130 workstations, .*12002 enterprises/);
    expect(first.stdout).toContain(`password for every demo account: ${DEMO_PASSWORD}`);
    // every district and both functional areas (大鹏新区, 深汕特别合作区) are served by some workstation
    const served = (await query(`select distinct d from workstation_profiles, unnest(districts) d`, [])) as { d: string }[];
    const areas = new Set(served.map((r) => r.d));
    for (const code of ['440303', '440304', '440305', '440306', '440307', '440308', '440309', '440310', '440311', '440307-DP', 'SSTH']) expect(areas).toContain(code);
    // a few workstations have branches (分站), the demo's first among them; some seeded cases were served at
    // a branch of their own workstation, and their ledger rows carry that branch's id and name
    expect(first.stdout).toMatch(/130 workstations, [1-9]\d* branches,/);
    const [branched] = await query(`select count(distinct workstation_id)::int as n from workstation_branches`, []);
    expect(branched.n).toBeGreaterThanOrEqual(3);
    const [atBranch] = await query(`select count(*)::int as n, count(*) filter (where b.workstation_id <> c.workstation_id)::int as foreign from cases c join workstation_branches b on b.id = c.branch_id`, []);
    expect(atBranch.n).toBeGreaterThan(0);
    expect(atBranch.foreign).toBe(0);
    const [rows] = await query(
      `select count(*) filter (where r.branch_id is not null)::int as n, count(*) filter (where r.branch_id is distinct from c.branch_id or r.branch_name is distinct from b.name)::int as wrong
         from service_records r join cases c on c.id = r.case_id left join workstation_branches b on b.id = c.branch_id`,
      [],
    );
    expect(rows.n).toBeGreaterThan(0);
    expect(rows.wrong).toBe(0);

    const again = await cli(['seed', '--scale', 'demo'], mainEnv);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already seeded');
  });

  it('lists organizations by type and creates a user in one; a weak password is refused', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const list = await cli(['org', 'list', '--type', 'bureau'], mainEnv);
    expect(list.code).toBe(0);
    const rows = list.stdout.trim().split('\n').map((line) => line.split('\t'));
    expect(rows).toEqual([[expect.stringMatching(UUID), 'bureau', '深圳市市场监督管理局（深圳市知识产权局）']]);
    const bureauId = rows[0][0];

    const created = await cli(
      ['user', 'create', '--username', 'cli.admin', '--password', 'Cli-Admin-2026', '--org', bureauId, '--role', 'bureau_admin', '--display-name', '运维 王工'],
      mainEnv,
    );
    expect(created.stderr).toContain('created user cli.admin: bureau_admin in 深圳市市场监督管理局');
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(UUID);

    const weak = await cli(['user', 'create', '--username', 'cli.weak', '--password', 'password', '--org', bureauId, '--role', 'bureau_admin'], mainEnv);
    expect(weak.code).toBe(1);
    expect(weak.stderr.trim()).toBe(
      'ipstation: --password: The password needs at least 10 characters of at least three kinds: lower case, upper case, digits, symbols',
    );
    expect(weak.stdout).toBe('');
  });

  it('resets a password: prints a temporary one that signs in and must be changed', { timeout: CLI_TIMEOUT }, async () => {
    const r = await cli(['user', 'reset-password', '--username', 'cli.admin'], mainEnv);
    expect(r.code).toBe(0);
    const temp = r.stdout.trim();
    expect(temp).toMatch(/^Tmp-\S+$/);
    const [row] = await query('select password_hash, must_change_password from users where username = $1', ['cli.admin']);
    expect(await verifyPassword(String(row.password_hash), temp)).toBe(true);
    expect(row.must_change_password).toBe(true);
  });

  it('verifies the audit chain', { timeout: CLI_TIMEOUT }, async () => {
    const r = await cli(['audit', 'verify'], mainEnv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // 12 demo accounts + the seed's bulk event + its patent and trademark imports + cli.admin created + its password reset
    expect(r.stdout.trim()).toBe('audit chain verified: 17 events (no anchored heads yet)');
  });
});

describe('ipstation CLI on the embedded database (PGlite)', () => {
  let dataDir: string;
  let env: ChildEnv;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    if (!onPostgres) {
      dataDir = mainDataDir;
      env = mainEnv;
      return;
    }
    dataDir = newDataDir();
    env = childEnv({ DATA_DIR: dataDir });
    const seeded = await cli(['seed', '--scale', 'demo'], env);
    expect(seeded.code).toBe(0);
  }, CLI_TIMEOUT);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await once(server, 'exit');
    }
  });

  it('refuses with exit 2 naming the server that holds the data directory, and runs once it stopped', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const port = await freePort();
    // The server may build the web UI at its first start (web/dist missing), hence the long wait.
    server = spawn(process.execPath, serverNodeArgs(process.env.IPSTATION_HEAP_MB), {
      cwd: ROOT,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', IPSTATION_SEED: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const serverOut = collect(server);
    await waitForHealth(server, port, serverOut, CLI_TIMEOUT);

    const r = await cli(['org', 'list'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(
      new RegExp(`^ipstation: The data directory ${escapeRegExp(dataDir)} is in use by process ${server.pid} on ${escapeRegExp(os.hostname())} \\(ipstation server, started `),
    );
    noStackTrace(r.stderr);

    server.kill('SIGTERM');
    const [code] = (await once(server, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'ipstation.lock'))).toBe(false);
  });

  it('audit verify names the first broken event after a row is changed behind its back', { timeout: CLI_TIMEOUT }, async () => {
    const db = new PGlite(path.join(dataDir, 'pg'));
    await db.query(`update audit_events set data = '{"x":1}' where id = 2`);
    await db.close();

    const r = await cli(['audit', 'verify'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('ipstation: audit chain NOT verified: broken at event id 2: content does not match its hash (1 event before it verified)');
  });
});

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as net.AddressInfo;
  srv.close();
  await once(srv, 'close');
  return port;
}

async function waitForHealth(child: ChildProcess, port: number, output: { stdout: string; stderr: string }, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output.stdout}\n${output.stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMs / 1000} s:\n${output.stdout}\n${output.stderr}`);
}
