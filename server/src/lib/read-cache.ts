import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { listenForChanges, type WriteGeneration } from '../db/write-generation';
import { rememberMatches, SEARCHED_TABLES } from '../search/match-memo';

/**
 * Tables that no cached read depends on: bookkeeping written on the side of reads and background
 * work (jobs and their progress, audit events, notifications, sign-in attempts) and the search
 * records, which the cached lists never read. A write to one of these leaves the cached reads alone;
 * a write to any other table ends them all. A route that reads one of these tables must not be
 * cached (`cache: true` in http/route.ts).
 */
export const BOOKKEEPING_TABLES: ReadonlySet<string> = new Set([
  'jobs',
  'schedule_runs',
  'notifications',
  'audit_events',
  'audit_checkpoints',
  'login_attempts',
  'mfa_challenges',
  'password_resets',
  'password_history',
  'document_access',
  'saved_searches',
  'saved_search_results',
  'saved_search_alerts',
  'patents',
  'patent_postings',
  'patent_key_ids',
  'trademarks',
]);

interface Entry {
  value: unknown;
  version: number;
  at: number;
  ttlMs: number;
}

/** What cached list pages do not read besides the bookkeeping: the sessions (touched as people work). */
export const NOT_READ_BY_LISTS: ReadonlySet<string> = new Set([...BOOKKEEPING_TABLES, 'sessions', 'api_tokens']);

export type ReadCacheOptions = {
  /** Upper bound of the memory the cached values take, by their `size`. */
  maxBytes: number;
} & (
  | {
      /** Tables whose writes leave this cache's values valid: none of its values is read from them. */
      ignoring: ReadonlySet<string>;
    }
  | {
      /** The only tables this cache's values are read from: writes elsewhere leave them valid. */
      readsOnly: ReadonlySet<string>;
    }
);

/**
 * Read-through cache of derived values (a caller's identity, a list page's JSON) that are valid
 * while no write has landed on the tables they come from (`WriteGeneration`) and for at most their
 * time to live (for values that depend on the time, such as due and overdue). Entries are kept per
 * key in an LRU bounded by bytes; concurrent misses of one key share one load.
 */
export class ReadCache {
  private readonly lru: LRUCache<string, Entry>;
  private readonly inFlight = new Map<string, { version: number; promise: Promise<unknown> }>();
  hits = 0;
  misses = 0;

  private readonly version: () => number | null;

  constructor(
    readonly generation: WriteGeneration,
    opts: ReadCacheOptions,
  ) {
    this.version = 'readsOnly' in opts ? () => generation.versionOf(opts.readsOnly) : () => generation.version(opts.ignoring);
    this.lru = new LRUCache<string, Entry>({ maxSize: opts.maxBytes, sizeCalculation: (e) => Math.max(1, sizeOf(e.value)) });
  }

  /** The cached value of `key` if it is still valid at `now` (ms). */
  get<T>(key: string, now: number): T | undefined {
    const e = this.lru.get(key);
    if (!e) return undefined;
    if (e.version !== this.version() || now < e.at || now - e.at >= e.ttlMs) {
      this.lru.delete(key);
      return undefined;
    }
    return e.value as T;
  }

  /**
   * The value of `key`, loaded by `load` when there is no valid one. A load that fails is not
   * kept; `keep` can refuse to keep a loaded value (an error answer).
   */
  async through<T>(key: string, opts: { now: number; ttlMs: number; keep?: (v: T) => boolean }, load: () => Promise<T>): Promise<T> {
    const version = this.version();
    if (version === null) return load();
    const hit = this.get<T>(key, opts.now);
    if (hit !== undefined) {
      this.hits++;
      return hit;
    }
    const shared = this.inFlight.get(key);
    if (shared && shared.version === version) {
      this.hits++;
      return shared.promise as Promise<T>;
    }
    this.misses++;
    const promise = load();
    this.inFlight.set(key, { version, promise });
    try {
      const value = await promise;
      // Kept only if nothing was written while it was read: a write counted meanwhile may or may
      // not be in it.
      if (this.version() === version && (!opts.keep || opts.keep(value))) {
        this.lru.set(key, { value, version, at: opts.now, ttlMs: opts.ttlMs });
      }
      return value;
    } finally {
      if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
    }
  }

  /**
   * Keeps `value` for `key` as read now (nothing when writes might go unseen). For a value built up
   * by its readers (search/match-memo.ts), whose pieces are each read after it was kept: a write
   * landing later ends it all the same.
   */
  set(key: string, value: unknown, opts: { now: number; ttlMs: number }) {
    const version = this.version();
    if (version === null) return;
    this.lru.set(key, { value, version, at: opts.now, ttlMs: opts.ttlMs });
  }

  delete(key: string) {
    this.lru.delete(key);
  }

  get size() {
    return this.lru.size;
  }
}

function sizeOf(v: unknown): number {
  if (typeof v === 'string') return v.length * 2;
  if (v && typeof v === 'object' && 'bytes' in v && typeof (v as { bytes: unknown }).bytes === 'number') return (v as { bytes: number }).bytes;
  return 1024;
}

/**
 * Turns on the read caches of a server process: sign-ins (`auth.service`) and list pages
 * (`cache: true` routes). On a PostgreSQL server it also listens for other processes' writes.
 * Returns the function that stops listening.
 */
export function startReadCaches(
  deps: { db: object; caches?: { sessions: ReadCache; lists: ReadCache; searches: ReadCache }; env: { IPSTATION_READ_CACHE_MB: number }; log: Logger },
  generation: WriteGeneration,
  /** The PostgreSQL server other processes write to; unset for the embedded database (one process). */
  serverUrl?: string,
): () => Promise<void> {
  const mb = deps.env.IPSTATION_READ_CACHE_MB;
  if (mb === 0) return async () => undefined;
  deps.caches = {
    sessions: new ReadCache(generation, { maxBytes: 4 * 1024 * 1024, ignoring: BOOKKEEPING_TABLES }),
    lists: new ReadCache(generation, { maxBytes: mb * 1024 * 1024, ignoring: NOT_READ_BY_LISTS }),
    searches: new ReadCache(generation, { maxBytes: mb * 1024 * 1024, readsOnly: SEARCHED_TABLES }),
  };
  rememberMatches(deps.db, deps.caches.searches);
  return serverUrl ? listenForChanges(serverUrl, generation, deps.log) : async () => undefined;
}
