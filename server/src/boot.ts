import pino from 'pino';
import type { AppDeps } from './deps';
import { openDatabase, type DbHandle } from './db/client';
import { migrate } from './db/migrate';
import type { Env } from './env';
import { JobRunner } from './jobs/job-runner';
import { registerNotificationJobs } from './modules/notifications/notifications.service';
import { registerInvitationJobs } from './modules/invitations/invitations.service';
import { registerEnterpriseImportJobs } from './modules/enterprises/enterprises.import';
import { registerCaseJobs } from './modules/cases/cases.service';
import { registerPatentJobs } from './modules/patents/patents.service';
import { registerTrademarkJobs } from './modules/trademarks/trademarks.service';
import { createMailer } from './notifications/mailer';
import { loadSecret } from './secret';
import path from 'node:path';
import { LocalDiskStorage } from './storage/storage';

/** Opens the database, applies migrations and assembles the deps object. Used by the server and the CLI. */
export async function boot(env: Env, opts: { command: string; logLevel?: pino.Level | 'silent' }): Promise<{ deps: AppDeps; handle: DbHandle }> {
  const log = pino({ level: opts.logLevel ?? env.IPSTATION_LOG_LEVEL, base: { service: 'ipstation' } });
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, command: opts.command, pgliteBuffersMb: env.IPSTATION_PGLITE_BUFFERS_MB });
  try {
    await migrate(handle);
  } catch (e) {
    await handle.close();
    throw e;
  }
  const clock = () => new Date();
  const mailer = createMailer(env);
  const jobs = new JobRunner(handle.db, log, clock);
  const deps: AppDeps = { db: handle.db, engine: handle.engine, env, clock, log, secret: loadSecret(env.IPSTATION_SECRET, env.DATA_DIR), mailer, jobs, storage: new LocalDiskStorage(path.resolve(env.DATA_DIR, 'files')) };
  registerNotificationJobs(jobs, deps);
  registerInvitationJobs(deps);
  registerEnterpriseImportJobs(jobs, deps);
  registerCaseJobs(deps);
  registerPatentJobs(deps);
  registerTrademarkJobs(deps);
  return { deps, handle };
}
