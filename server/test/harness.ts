import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, inject } from 'vitest';
import { createApp } from '../src/app';
import type { AppDeps } from '../src/deps';
import { openMemoryDatabase, poolConfig, type Db } from '../src/db/client';
import { WriteGeneration, watchPool } from '../src/db/write-generation';
import { startReadCaches } from '../src/lib/read-cache';
import * as schema from '../src/db/schema';
import { parseEnv, type Env } from '../src/env';
import { JobRunner } from '../src/jobs/job-runner';
import { useCheapHashing } from '../src/lib/password';
import { registerNotificationJobs } from '../src/modules/notifications/notifications.service';
import { registerInvitationJobs } from '../src/modules/invitations/invitations.service';
import { registerCaseJobs } from '../src/modules/cases/cases.service';
import { registerPatentJobs } from '../src/modules/patents/patents.service';
import { registerTrademarkJobs } from '../src/modules/trademarks/trademarks.service';
import type { Mailer } from '../src/notifications/mailer';
import { createMailer } from '../src/notifications/mailer';
import { LocalDiskStorage } from '../src/storage/storage';

useCheapHashing();

export interface TestContext {
  deps: AppDeps;
  db: Db;
  app: ReturnType<typeof createApp>;
  /** Moves the test clock; every service reads time from deps.clock. */
  clock: { now: Date; advance(ms: number): void; set(d: Date | string): void };
  /** The PostgreSQL database of this file, when the suite runs on a server (for other "processes"). */
  databaseUrl?: string;
}

/**
 * A fresh database for this test file (cloned from the migrated template) and the real app on it.
 * Nothing is mocked: services, routes, policies and SQL are the production ones.
 */
export async function setupTestApp(opts: { env?: Record<string, string>; mailer?: Mailer } = {}): Promise<TestContext> {
  const env: Env = parseEnv({
    NODE_ENV: 'test',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-test-')),
    IPSTATION_LOGIN_RATE_PER_MIN: '10000',
    IPSTATION_API_RATE_PER_MIN: '1000000',
    IPSTATION_SECRET: 'test-secret-0123456789abcdef',
    ...opts.env,
  });
  let db: Db;
  let close: () => Promise<void>;
  const pgTemplate = inject('pgTemplate');
  let engine: 'pglite' | 'postgres' = 'pglite';
  let generation: WriteGeneration;
  let serverUrl: string | undefined;
  if (pgTemplate && process.env.DATABASE_URL) {
    engine = 'postgres';
    const name = `ipstation_t_${pgTemplate.split('_').pop()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name} template ${pgTemplate}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    const pool = new pg.Pool(poolConfig(url.toString(), 10));
    pool.on('error', () => undefined);
    generation = new WriteGeneration(true);
    watchPool(pool, generation);
    serverUrl = url.toString();
    db = drizzle(pool, { schema }) as unknown as Db;
    close = async () => {
      await pool.end();
      const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  } else {
    const file = inject('templateFile');
    const handle = await openMemoryDatabase(new Blob([fs.readFileSync(file)]));
    db = handle.db;
    generation = handle.generation;
    close = handle.close;
  }
  const clockState = { now: new Date('2026-03-02T02:00:00Z') };
  const clock = {
    get now() {
      return clockState.now;
    },
    advance(ms: number) {
      clockState.now = new Date(clockState.now.getTime() + ms);
    },
    set(d: Date | string) {
      clockState.now = new Date(d);
    },
  };
  const log = pino({ level: 'silent' });
  const now = () => new Date(clockState.now);
  const mailer = opts.mailer ?? createMailer(env);
  const jobs = new JobRunner(db, log, now, { pollMs: 50 });
  const deps: AppDeps = { db, engine, env, clock: now, log, secret: env.IPSTATION_SECRET!, mailer, jobs, storage: new LocalDiskStorage(path.join(env.DATA_DIR, 'files')) };
  registerNotificationJobs(jobs, deps);
  registerInvitationJobs(deps);
  registerCaseJobs(deps);
  registerPatentJobs(deps);
  registerTrademarkJobs(deps);
  // The read caches run in the tests as in the server, so every test also checks that no cached
  // read outlives a write it depends on.
  const stopCaches = startReadCaches(deps, generation, serverUrl);
  const app = createApp(deps);
  afterAll(async () => {
    await jobs.stop();
    await stopCaches();
    await close();
    // The file's data directory (stored files, audit anchors), unless a test pointed it elsewhere.
    if (!opts.env?.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  });
  return { deps, db, app, clock, databaseUrl: serverUrl };
}
