import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.service';
import type { AppDeps } from '../deps';
/**
 * Recomputing the search keys of every stored record, after the definition of a key changed (e.g.
 * the full-width fold of text.ts): records imported before keep the keys of their day until then.
 * The records are read in pages by id (keyset, so a page costs the same at the end of the table as
 * at its start, and at most one page sits in memory); each page's keys are computed by the same
 * code an import uses and written in one statement that touches only the rows whose keys differ,
 * so a second run changes nothing.
 */

export interface ReindexCounts {
  /** Records read. */
  read: number;
  /** Records whose keys were stale and are now rewritten. */
  changed: number;
  /** Records changed by an import between read and write: that import wrote their keys. */
  skipped: number;
}

export interface ReindexSource<R extends { id: string; version: number }, K> {
  /** The next `limit` records after `afterId` in id order (null: from the start). */
  page(afterId: string | null, limit: number): Promise<R[]>;
  /** The keys an import would write for the record. */
  keysOf(row: R): K;
  /** Writes the keys of rows still at their version whose stored keys differ: how many it wrote, how many had moved on. */
  write(rows: (K & { id: string; version: number })[]): Promise<{ changed: number; skipped: number }>;
}

export const REINDEX_BATCH = 500;

export interface ReindexOptions {
  batchSize?: number;
  onProgress?: (counts: ReindexCounts) => Promise<void> | void;
}

/** reindexAll, then one `bulk.completed` audit event with the counts, naming the operation. */
export async function reindexAudited<R extends { id: string; version: number }, K>(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  operation: string,
  source: ReindexSource<R, K>,
  opts: ReindexOptions & { actorId?: string | null } = {},
): Promise<ReindexCounts> {
  const counts = await reindexAll(source, opts);
  await deps.db.transaction(async (tx) => {
    await recordAudit(tx, { actorId: opts.actorId ?? null, requestId: null, now: deps.clock() }, {
      type: 'bulk.completed',
      recordType: 'bulk',
      recordId: randomUUID(),
      data: { operation, counts: { ...counts } },
    });
  });
  return counts;
}

export async function reindexAll<R extends { id: string; version: number }, K>(
  source: ReindexSource<R, K>,
  opts: ReindexOptions = {},
): Promise<ReindexCounts> {
  const batchSize = opts.batchSize ?? REINDEX_BATCH;
  const counts: ReindexCounts = { read: 0, changed: 0, skipped: 0 };
  let after: string | null = null;
  for (;;) {
    const rows = await source.page(after, batchSize);
    if (!rows.length) break;
    after = rows[rows.length - 1].id;
    counts.read += rows.length;
    const written = await source.write(rows.map((r) => ({ ...source.keysOf(r), id: r.id, version: r.version })));
    counts.changed += written.changed;
    counts.skipped += written.skipped;
    await opts.onProgress?.(counts);
    if (rows.length < batchSize) break;
  }
  return counts;
}
