import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { purgeAudit, recordAudit, verifyAuditChain } from '../src/audit/audit.service';
import { backupDatabase, BackupError, type Manifest } from '../src/backup/backup';
import { restoreDatabase, tablesInUse } from '../src/backup/restore';
import type { AppDeps } from '../src/deps';
import { openMemoryDatabase, type Db } from '../src/db/client';
import { migrate } from '../src/db/migrate';
import * as schema from '../src/db/schema';
import { parseEnv } from '../src/env';
import { JobRunner } from '../src/jobs/job-runner';
import { useCheapHashing } from '../src/lib/password';
import * as authRepo from '../src/modules/auth/auth.repository';
import { notify } from '../src/modules/notifications/notifications.service';
import { createMailer } from '../src/notifications/mailer';
import { seedDemo } from '../src/seed/demo';
import { LocalDiskStorage } from '../src/storage/storage';
import { Agent } from './agent';
import { signedIn } from './factories';
import type { TestContext } from './harness';

/**
 * Backup and restore across engines: the source is always the embedded database (PGlite); the
 * target is a new database on the PostgreSQL server when DATABASE_URL is set, else another PGlite.
 * That is the move an installation makes from the embedded default to a PostgreSQL server.
 */
useCheapHashing();
const SECRET = 'backup-test-secret-0123456789';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-backup-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The app on a database, with its own DATA_DIR (for stored files) and a clock the test moves. */
function contextFor(db: Db, engine: 'pglite' | 'postgres', dataDir: string): TestContext {
  const env = parseEnv({ NODE_ENV: 'test', DATA_DIR: dataDir, IPSTATION_SECRET: SECRET, IPSTATION_LOGIN_RATE_PER_MIN: '10000' });
  const state = { now: new Date('2026-03-02T02:00:00Z') };
  const clock = {
    get now() {
      return state.now;
    },
    advance: (ms: number) => void (state.now = new Date(state.now.getTime() + ms)),
    set: (d: Date | string) => void (state.now = new Date(d)),
  };
  const now = () => new Date(state.now);
  const log = pino({ level: 'silent' });
  const jobs = new JobRunner(db, log, now);
  const deps: AppDeps = { db, engine, env, clock: now, log, secret: SECRET, mailer: createMailer(env), jobs, storage: new LocalDiskStorage(path.join(dataDir, 'files')) };
  return { deps, db, app: createApp(deps), clock };
}

async function pgliteDatabase() {
  const handle = await openMemoryDatabase();
  await migrate(handle);
  cleanups.push(() => handle.close());
  return { db: handle.db, engine: 'pglite' as const, describe: 'PGlite (in memory)' };
}

async function postgresDatabase(url: string) {
  const name = `ipstation_bk_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: target.toString(), max: 4 });
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema }) as unknown as Db;
  await migrate({ db, engine: 'postgres' });
  cleanups.push(async () => {
    await pool.end();
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  });
  return { db, engine: 'postgres' as const, describe: `PostgreSQL ${name}` };
}

// The source: the embedded database with a small network and a bit of everything in it.
const sourceDb = await pgliteDatabase();
const source = contextFor(sourceDb.db, 'pglite', path.join(tmp, 'source'));
await seedDemo(source.deps, 'Demo-Pass-2026!', { workstations: 4, enterprises: 40 });
const admin = await signedIn(source, 'bureau_admin', (await source.db.execute(sql`select id from organizations where type = 'bureau' limit 1`) as unknown as { rows: { id: string }[] }).rows[0].id);
const ws = (await admin.get('/api/workstations?pageSize=1')).body.items[0];
const form = new FormData();
form.set('kind', 'other');
form.set('file', new File([Buffer.from('%PDF-1.4\nbackup test document\n%%EOF\n')], '证明材料.pdf', { type: 'application/pdf' }));
const upload = await source.app.request(`/api/workstations/${ws.id}/documents`, { method: 'POST', body: form, headers: { cookie: admin.cookie!, 'x-csrf-token': admin.csrf! } });
if (upload.status !== 201) throw new Error(`upload: ${await upload.text()}`);
await admin.post('/api/auth/tokens', { name: '备份测试' });
await notify(source.deps, { userIds: [admin.user.id], kind: 'test', title: '备份', body: '通知 😀 \u200F' });
await source.deps.jobs.enqueue('test.noop', { note: '作业' }, { createdBy: admin.user.id });
await new Agent(source).post('/api/auth/login', { username: admin.username, password: 'wrong-password' });
// Half a year on, a retention purge leaves a signed checkpoint the restored chain must start from.
source.clock.advance(200 * 86_400_000);
await admin.login(admin.username, admin.password);
await admin.post('/api/organizations', { type: 'agency', name: '恢复测试代理所' });
await purgeAudit(source.db, { secret: SECRET, retentionDays: 180, now: source.deps.clock() });
await admin.post('/api/organizations', { type: 'agency', name: '清理之后的代理所' });

const sourceChain = await verifyAuditChain(source.db, SECRET);
const targetDb = process.env.DATABASE_URL ? await postgresDatabase(process.env.DATABASE_URL) : await pgliteDatabase();
const targetDataDir = path.join(tmp, 'target');
const target = contextFor(targetDb.db, targetDb.engine, targetDataDir);
const backupDir = path.join(tmp, 'backup');

const summary = (m: Manifest) => ({
  tables: m.tables.map((t) => ({ name: t.name, rows: t.rows, sha256: t.sha256 })),
  files: m.files,
  schema: m.schema,
});

function copyDir(from: string, to: string) {
  fs.cpSync(from, to, { recursive: true });
  return to;
}

describe(`backup on PGlite, restore on ${targetDb.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, () => {
  let manifest: Manifest;

  it('writes JSON Lines per table, the stored files and a manifest with counts and checksums', async () => {
    manifest = await backupDatabase(sourceDb, { dir: backupDir, filesDir: path.join(tmp, 'source', 'files') });
    expect(sourceChain).toMatchObject({ ok: true });
    expect(manifest.format).toBe('ipstation-backup');
    expect(manifest.schema.migrations).toBeGreaterThan(0);
    const names = manifest.tables.map((t) => t.name);
    // Every table, each after the tables it references.
    expect(names).toEqual(expect.arrayContaining(['organizations', 'users', 'memberships', 'audit_events', 'audit_checkpoints', 'documents', 'sessions', 'login_attempts']));
    expect(names.indexOf('organizations')).toBeLessThan(names.indexOf('memberships'));
    expect(names.indexOf('users')).toBeLessThan(names.indexOf('memberships'));
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    expect(rows.organizations).toBeGreaterThan(40);
    expect(rows.audit_checkpoints).toBe(1);
    expect(rows.documents).toBe(1);
    expect(manifest.files).toHaveLength(1);
    const line = fs.readFileSync(path.join(backupDir, 'tables', 'notifications.jsonl'), 'utf8').trim();
    expect(JSON.parse(line)).toMatchObject({ title: '备份', body: '通知 😀 \u200F' });
    await expect(backupDatabase(sourceDb, { dir: backupDir, filesDir: path.join(tmp, 'source', 'files') })).rejects.toMatchObject({ reason: 'exists' });
  });

  it('refuses a backup whose table file was altered, and leaves the target untouched', async () => {
    const tampered = copyDir(backupDir, path.join(tmp, 'tampered'));
    const file = path.join(tampered, 'tables', 'organizations.jsonl');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('新能源', '旧能源'));
    const err = await restoreDatabase(targetDb, { dir: tampered, filesDir: path.join(targetDataDir, 'files') }).catch((e) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect(err.reason).toBe('checksum');
    expect(err.message).toContain('tables/organizations.jsonl');
    expect(await tablesInUse(targetDb.db)).toEqual([]);

    const missingFile = copyDir(backupDir, path.join(tmp, 'tampered-file'));
    fs.appendFileSync(path.join(missingFile, 'files', manifest.files[0].path), 'x');
    await expect(restoreDatabase(targetDb, { dir: missingFile, filesDir: path.join(targetDataDir, 'files') })).rejects.toMatchObject({ reason: 'checksum' });
    expect(await tablesInUse(targetDb.db)).toEqual([]);
  });

  it('restores into an empty database: the same rows and checksums, the files, and a verifying audit chain', async () => {
    const result = await restoreDatabase(targetDb, { dir: backupDir, filesDir: path.join(targetDataDir, 'files') });
    expect(result.rows).toBe(manifest.tables.reduce((n, t) => n + t.rows, 0));
    const again = await backupDatabase(targetDb, { dir: path.join(tmp, 'again'), filesDir: path.join(targetDataDir, 'files') });
    expect(summary(again)).toEqual(summary(manifest));
    expect(await verifyAuditChain(targetDb.db, SECRET)).toEqual(sourceChain);

    // The restored installation works: its users sign in, and the stored document downloads.
    expect((await new Agent(target).post('/api/auth/login', { username: 'bureau', password: 'Demo-Pass-2026!' })).status).toBe(200);
    const bureau = new Agent(target);
    bureau.totpSecret = admin.totpSecret;
    expect((await bureau.login(admin.username, admin.password)).status).toBe(200);
    const detail = (await bureau.get(`/api/workstations/${ws.id}`)).body.data;
    const download = await bureau.get(`/api/workstations/${ws.id}/documents/${detail.documents[0].id}`);
    expect(download.status).toBe(200);
    expect(download.text).toContain('backup test document');
  });

  it('moves every sequence past the restored ids, so new rows do not collide', async () => {
    const maxId = async (table: string) => Number(((await targetDb.db.execute(sql.raw(`select coalesce(max(id), 0)::text as m from ${table}`))) as unknown as { rows: { m: string }[] }).rows[0].m);
    const before = { audit: await maxId('audit_events'), logins: await maxId('login_attempts') };
    const id = await targetDb.db.transaction((tx) => recordAudit(tx, { actorId: null, now: target.deps.clock() }, { type: 'bulk.completed', recordType: 'bulk', data: { operation: 'restore-check', counts: {} } }));
    expect(id).toBe(before.audit + 1);
    await authRepo.recordAttempt(targetDb.db, { at: target.deps.clock(), username: 'after-restore', ip: 'local', success: false, reason: 'bad_password' });
    expect(await maxId('login_attempts')).toBe(before.logins + 1);
    expect(await verifyAuditChain(targetDb.db, SECRET)).toMatchObject({ ok: true });
  });

  it('refuses a target that holds data unless told to replace it', async () => {
    const err = await restoreDatabase(targetDb, { dir: backupDir, filesDir: path.join(targetDataDir, 'files') }).catch((e) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect(err.reason).toBe('not_empty');
    expect(err.message).toContain('--replace');

    const replaced = await restoreDatabase(targetDb, { dir: backupDir, filesDir: path.join(targetDataDir, 'files'), replace: true });
    expect(replaced.replaced).toEqual(expect.arrayContaining(['audit_events', 'organizations', 'users']));
    const again = await backupDatabase(targetDb, { dir: path.join(tmp, 'after-replace'), filesDir: path.join(targetDataDir, 'files') });
    expect(summary(again)).toEqual(summary(manifest));
    expect(await verifyAuditChain(targetDb.db, SECRET)).toEqual(sourceChain);
  });
});
