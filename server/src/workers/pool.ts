import { Piscina } from 'piscina';
import type { AppDeps } from '../deps';
import * as tasks from './keys.tasks';
import { unpackKeys, type NewRecord } from './keys.tasks';
import { OrderedWrites } from './pipeline';

/**
 * Worker threads for an import's pure computation: the records and index keys of new rows (jieba
 * words, Han bigrams, Latin and number keys; about 0.15 ms a patent), so the import's own thread
 * only reads, validates, merges updates and writes — on PGlite that thread also runs the database.
 *
 * One pool for the process (piscina: a task queue, workers started on demand up to the size,
 * a crashed worker replaced, transfers of typed arrays, and a close that waits for running tasks).
 * It starts at the first task, its idle workers end after IDLE_MS and never keep the process
 * alive, and `closeWorkers` ends it at shutdown (server main.ts, CLI run.ts, benches).
 *
 * The size is IPSTATION_WORKER_THREADS (env.ts; default: the CPUs less the one the import's thread
 * runs on; on two CPUs the one worker shares a core with the database, and the import still ran
 * 10-15% faster on a quiet machine). 0, or a pool whose workers cannot start, computes on the calling thread
 * with the same functions (keys.tasks.ts), so an import stores the same rows either way.
 */

export type TaskName = keyof typeof tasks.worker;
type Task<K extends TaskName> = (typeof tasks.worker)[K];

const IDLE_MS = 30_000;

let pool: Piscina | null = null;
let size = 0;
/** Set when workers failed: the process computes on its own thread from then on. */
let unavailable: unknown = null;
let reported = false;

/**
 * The workers' module: a plain module that registers the TypeScript loader itself, since hosts
 * differ in how the parent loaded TypeScript (`--import tsx`, the CLI's register(), the test
 * runner's own transform). A test may point it at a module that fails.
 */
export const workerModule = { url: new URL('./keys.worker.mjs', import.meta.url).href };

/** Workers failed (one could not start, or one died): the pool ends, its queued tasks are refused. */
function fail(err: unknown, failed: Piscina | null = pool) {
  unavailable ??= err;
  if (failed === pool) {
    pool = null;
    size = 0;
  }
  void failed?.destroy();
}

function poolOf(threads: number): Piscina | null {
  if (threads <= 0 || unavailable) return null;
  if (!pool || size !== threads) {
    void pool?.destroy();
    size = threads;
    const created = new Piscina({ filename: workerModule.url, minThreads: 0, maxThreads: threads, idleTimeout: IDLE_MS, recordTiming: false });
    // A worker that fails before it is ready leaves its task waiting: the pool only reports it here.
    created.on('error', (err) => fail(err, created));
    pool = created;
  }
  return pool;
}

/** How many tasks to keep queued so no worker waits for the next (0: no workers, compute in place). */
export const workersAvailable = (threads: number): number => (unavailable ? 0 : Math.max(0, threads));

/**
 * Runs a task in a worker, or on this thread when there are no workers (threads 0, or they failed
 * to start: logged once through `onFallback`, then the process computes in place). The answer is
 * the task's, as `tasks.worker[name]` returns it on either side.
 */
export async function runTask<K extends TaskName>(
  threads: number,
  name: K,
  arg: Parameters<Task<K>>[0],
  onFallback?: (err: unknown) => void,
): Promise<ReturnType<Task<K>>> {
  const local = () => (tasks.worker[name] as (a: typeof arg) => ReturnType<Task<K>>)(arg);
  const p = poolOf(threads);
  if (!p) return local();
  try {
    return (await p.run({ task: name, arg })) as ReturnType<Task<K>>;
  } catch (err) {
    // The task's own error is thrown here again, as it would be without workers; if the task runs
    // here, the workers are what failed: this process computes in place from now on.
    const answer = local();
    fail(err);
    if (!reported) {
      reported = true;
      onFallback?.(unavailable);
    }
    return answer;
  }
}

/** Ends the workers (waiting for running tasks); the next task starts them again. */
export async function closeWorkers(): Promise<void> {
  const p = pool;
  pool = null;
  size = 0;
  await p?.close();
}

/** Why workers are not used, when they failed (null: they run, or were never needed). */
export const workerFailure = (): unknown => unavailable;

/** For tests: forget a failure, so the next task starts workers again. */
export function resetWorkers() {
  unavailable = null;
  reported = false;
}

type KeyTask = 'patentKeys' | 'trademarkKeys';
type KeyInput<K extends KeyTask> = Parameters<Task<K>>[0][number];

/** A validated row, and (when computed ahead) the record and keys it makes if it is new. */
export interface KeyedRow<K extends KeyTask> {
  r: KeyInput<K>;
  fresh: NewRecord<K> | null;
}

/** An import batch: its rows, and the postings of their new records when the key task built them (PackedKeys). */
export interface KeyedBatch<K extends KeyTask> {
  rows: KeyedRow<K>[];
  postings: Uint8Array | null;
}

/**
 * An import batch's rows, each with (when `ahead`) the new record and keys it makes if it finds no
 * stored record, computed by a key task in the workers. Without `ahead` (a re-import of known
 * records) nothing is computed ahead.
 */
async function keyedAhead<K extends KeyTask>(deps: Pick<AppDeps, 'log'>, name: K, rows: KeyInput<K>[], ahead: boolean, threads: number): Promise<KeyedBatch<K>> {
  if (!ahead) return { rows: rows.map((r) => ({ r, fresh: null })), postings: null };
  const packed = await runTask(threads, name, rows as Parameters<Task<K>>[0], (err) =>
    deps.log.warn({ err }, 'worker threads unavailable: import keys computed on the import thread'),
  );
  const fresh = unpackKeys(name, packed, rows);
  return { rows: rows.map((r, i) => ({ r, fresh: fresh[i] })), postings: packed.postings ?? null };
}

/**
 * The batches of an import, as the patent and trademark imports share them: each batch's new rows
 * keyed ahead in the workers while earlier batches are written, one after another and in order
 * (each batch's lookup sees what the batches before it stored; OrderedWrites), `perWorker` batches
 * a worker ahead (without workers, one). A file of one batch gains nothing from a worker (nothing
 * is written meanwhile): it is keyed in place. `ahead()` says whether to key new records ahead at
 * all: the import turns it off when most rows turn out to be known records.
 */
export class KeyedBatches<K extends KeyTask> {
  private batches = 0;
  private readonly writes: OrderedWrites<KeyedBatch<K>>;

  constructor(
    private readonly deps: Pick<AppDeps, 'env' | 'log'>,
    private readonly name: K,
    perWorker: number,
    private readonly ahead: () => boolean,
    write: (batch: KeyedBatch<K>) => Promise<void>,
  ) {
    this.writes = new OrderedWrites(1 + perWorker * workersAvailable(deps.env.IPSTATION_WORKER_THREADS), write);
  }

  /** Hands a batch over (`last`: the file's final one); returns once few enough batches wait. */
  async push(rows: KeyInput<K>[], last = false): Promise<void> {
    if (!rows.length) return;
    const threads = last && this.batches === 0 ? 0 : this.deps.env.IPSTATION_WORKER_THREADS;
    this.batches++;
    await this.writes.push(keyedAhead(this.deps, this.name, rows, this.ahead(), threads));
  }

  /** Waits for every batch written; throws the first failure. */
  done(): Promise<void> {
    return this.writes.done();
  }
}
