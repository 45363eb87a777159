import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema';
import { AppError } from '../errors';
import { WriteGeneration, watchPglite, watchPool } from './write-generation';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** A human description for logs: the data directory or the server address (no password). */
  describe: string;
  /** The writes seen through this handle (and, once listening, by other processes): for caches. */
  generation: WriteGeneration;
  close(): Promise<void>;
}

export class DataDirLockedError extends AppError {
  constructor(
    readonly dir: string,
    readonly holder: { pid: number; host: string; startedAt: string; command: string },
  ) {
    super('DATA_DIR_LOCKED');
    this.message =
      `The data directory ${dir} is in use by process ${holder.pid} on ${holder.host} ` +
      `(${holder.command}, started ${holder.startedAt}). Stop that process first, or point ` +
      `DATA_DIR at another directory. Opening it twice would corrupt it.`;
  }
}

export class DatabaseUnreachableError extends Error {
  constructor(where: string, reason: string) {
    super(`the database at ${where} cannot be reached (${reason}). Check DATABASE_URL, or unset it to use the embedded database.`);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Data directories this process has open: a lock file with our own pid is ours only if listed here. */
const heldDirs = new Map<string, { pid: number; host: string; startedAt: string; command: string }>();

/**
 * The embedded database is one process's alone. A lock file names the holder; a second opener
 * refuses instead of corrupting the directory. A stale file (its process gone) is taken over.
 * A second open inside the same process is refused too; a file that carries our pid without being
 * in `heldDirs` is left by an earlier process that had the same pid (containers restart as pid 1).
 */
function acquireDirLock(dir: string, command: string): () => void {
  const lockFile = path.join(dir, 'ipstation.lock');
  const held = heldDirs.get(dir);
  if (held) throw new DataDirLockedError(dir, held);
  const me = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify(me), { flag: 'wx' });
      heldDirs.set(dir, me);
      return () => {
        heldDirs.delete(dir);
        try {
          const current = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
          if (current.pid === process.pid) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: typeof me | undefined;
      try {
        holder = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
      } catch {
        holder = undefined;
      }
      if (holder && holder.host === os.hostname() && holder.pid !== process.pid && pidAlive(holder.pid)) {
        throw new DataDirLockedError(dir, holder);
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${dir}`);
}

/**
 * How the application connects to a PostgreSQL server. No JIT: the server compiles a query whose
 * estimated cost passes jit_above_cost, and the search's queries over the postings are estimated in
 * the hundreds of thousands while they run in milliseconds: compiling took 1.5 s a query
 * (bench/README.md). The application's queries are short; none gains from it.
 */
export const poolConfig = (connectionString: string, max: number): pg.PoolConfig => ({ connectionString, max, options: '-c jit=off' });

/**
 * How many more connections (up to `want`) the pool of `db` gives at once, without waiting: its idle
 * ones and those it may still open, less those already asked for. 0 for an embedded database. A
 * caller that holds a connection (a transaction) and wants more must take only these, and take them
 * in the same tick: waiting for one could wait forever once every connection is held by such callers.
 * (A transaction, or an embedded database, has no pool: 0.)
 */
export function spareConnections(db: object, want: number): number {
  const pool = (db as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) return 0;
  const free = pool.idleCount + Math.max(0, (pool.options.max ?? 10) - pool.totalCount) - pool.waitingCount;
  return Math.max(0, Math.min(want, free));
}

/** PostgreSQL's default buffer pool, and the most an embedded database takes (its memory ends at 2 GB). */
const PGLITE_BUFFERS_MIN_MB = 128;
const PGLITE_BUFFERS_MAX_MB = 1024;

/**
 * The embedded database's buffer pool when sized automatically: half the size of its files (a
 * search tests candidates' rows in an order the pool cannot predict, so the rows it keeps are what
 * a search does not read again from the files), at least PostgreSQL's default 128 MB and at most
 * 1 GB or an eighth of the machine's memory. At 200,000 patents (1.9 GB of files) the two-term
 * searches' p95 fell by 10–25% in paired runs (bench/README.md); a small database keeps the default.
 */
export function pgliteBuffersMb(pgDir: string, totalMem = os.totalmem()): number {
  let bytes = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) bytes += fs.statSync(p).size;
    }
  };
  if (fs.existsSync(path.join(pgDir, 'base'))) walk(path.join(pgDir, 'base'));
  const most = Math.max(PGLITE_BUFFERS_MIN_MB, Math.min(PGLITE_BUFFERS_MAX_MB, Math.floor(totalMem / 8 / 2 ** 20)));
  return Math.min(most, Math.max(PGLITE_BUFFERS_MIN_MB, Math.round(bytes / 2 / 2 ** 20)));
}

export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  command?: string;
  poolSize?: number;
  /** The embedded database's buffer pool in megabytes, or 'auto' (the default): pgliteBuffersMb. */
  pgliteBuffersMb?: number | 'auto';
}): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool(poolConfig(options.databaseUrl, options.poolSize ?? 20));
    // A pooled client that errors while idle must not crash the process.
    pool.on('error', () => undefined);
    const generation = new WriteGeneration(true);
    watchPool(pool, generation);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const url = new URL(options.databaseUrl);
    try {
      await pool.query('select 1');
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw new DatabaseUnreachableError(`${url.hostname}:${url.port || 5432}${url.pathname}`, (e as Error).message);
    }
    return {
      db,
      engine: 'postgres',
      generation,
      describe: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => pool.end(),
    };
  }
  const dir = path.resolve(options.dataDir, 'pg');
  fs.mkdirSync(dir, { recursive: true });
  const release = acquireDirLock(path.resolve(options.dataDir), options.command ?? process.argv.slice(1).join(' '));
  try {
    const buffers = typeof options.pgliteBuffersMb === 'number' ? options.pgliteBuffersMb : pgliteBuffersMb(dir);
    const client = await PGlite.create({ dataDir: dir, startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${buffers}MB`] });
    const generation = new WriteGeneration();
    watchPglite(client, generation);
    return {
      generation,
      db: drizzlePglite(client, { schema }) as unknown as Db,
      engine: 'pglite',
      describe: `embedded PostgreSQL (PGlite) in ${dir}, buffer pool ${buffers} MB`,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/** An in-memory PGlite, optionally loaded from a data-dir dump (the tests' migrated template). */
export async function openMemoryDatabase(template?: Blob | File): Promise<DbHandle & { client: PGlite }> {
  const client = await PGlite.create(template ? { loadDataDir: template } : {});
  const generation = new WriteGeneration();
  watchPglite(client, generation);
  return {
    generation,
    db: drizzlePglite(client, { schema }) as unknown as Db,
    client,
    engine: 'pglite',
    describe: 'in-memory PGlite',
    close: () => client.close(),
  };
}
