import type { Logger } from 'pino';
import type { Db } from './db/client';
import type { Env } from './env';
import type { ReadCache } from './lib/read-cache';
import type { JobRunner } from './jobs/job-runner';
import type { Mailer } from './notifications/mailer';
import type { Storage } from './storage/storage';

/** Everything a service needs, passed as one plain object (no DI container). */
export interface AppDeps {
  db: Db;
  engine: 'pglite' | 'postgres';
  env: Env;
  clock: () => Date;
  log: Logger;
  /** HMAC key for audit checkpoints and signed tokens; never stored in the database. */
  secret: string;
  mailer: Mailer;
  jobs: JobRunner;
  storage: Storage;
  /** Read caches (sign-ins, list pages, what searches learned of their candidates), when the server runs them: see lib/read-cache.ts. */
  caches?: { sessions: ReadCache; lists: ReadCache; searches: ReadCache };
}
