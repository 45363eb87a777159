import type { AppDeps } from '../deps';
import { reindexPatents } from '../modules/patents/patents.import';
import { reindexTrademarks } from '../modules/trademarks/trademarks.import';
import * as patentRepo from '../modules/patents/patents.repository';
import * as trademarkRepo from '../modules/trademarks/trademarks.repository';
import type { ReindexCounts } from '../search/reindex';
import { CliError, note, out, withDeps } from './run';

type Kind = 'patents' | 'trademarks';
const KINDS = {
  patents: { reindex: reindexPatents, count: patentRepo.countAll },
  trademarks: { reindex: reindexTrademarks, count: trademarkRepo.countAll },
} as const;

function batchSizeOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new CliError(`--batch-size must be a whole number from 1 to 10000, not ${raw}`);
  return n;
}

/**
 * Recomputes the search keys of every stored record of a kind, in batches (a progress line on
 * stderr at most every two seconds, and after the last batch), then prints the counts on stdout.
 * Safe to run again, and while the server runs on PostgreSQL: a record an import changes meanwhile
 * is left to that import's keys.
 */
export async function runReindex(deps: AppDeps, kind: Kind, opts: { batchSize?: string } = {}): Promise<ReindexCounts> {
  const batchSize = batchSizeOf(opts.batchSize);
  const started = Date.now();
  const total = await KINDS[kind].count(deps.db);
  let lastNote = 0;
  let noted = 0;
  const progress = (c: ReindexCounts) => {
    noted = c.read;
    note(`… ${c.read} / ${total} ${kind} read, ${c.changed} with stale keys rewritten`);
  };
  const counts = await KINDS[kind].reindex(deps, {
    batchSize,
    onProgress: (c) => {
      if (Date.now() - lastNote > 2000) {
        lastNote = Date.now();
        progress(c);
      }
    },
  });
  if (counts.read !== noted) progress(counts);
  out(`read ${counts.read}, rewritten ${counts.changed}, unchanged ${counts.read - counts.changed - counts.skipped}, changed meanwhile by an import ${counts.skipped} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return counts;
}

/** `patents reindex` / `trademarks reindex [--batch-size N]`. */
export async function reindex(kind: Kind, opts: { batchSize?: string } = {}) {
  batchSizeOf(opts.batchSize);
  await withDeps(`${kind} reindex`, (deps) => runReindex(deps, kind, opts));
}
