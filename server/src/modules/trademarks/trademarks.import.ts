import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../../audit/audit.service';
import type { RefusedRow } from '../../i18n/row-problems';
import { reindexAudited, type ReindexCounts, type ReindexOptions } from '../../search/reindex';
import { KeyedBatches, type KeyedRow } from '../../workers/pool';
import { feedBatches, ImportStopped, inputOf, readRows, tap, type ImportFormat } from '../patents/patents.readers';
import { normalizeTrademarkRow, TRADEMARK_FIELDS, TRADEMARK_HEADER_ALIASES } from './trademarks.record';
import { indexFields, mergeTrademark, type IndexedTrademark } from './trademarks.keys';
import * as repo from './trademarks.repository';
import { runWatches } from '../patents/saved-searches.service';

export { indexFields, mergeTrademark };

export interface TrademarkImportCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}
/** A refused row: its line (or sheet row) and every problem with it. */
export type RejectedRow = RefusedRow;
export interface TrademarkImportResult {
  counts: TrademarkImportCounts;
  /** The first MAX_REJECTED_ROWS refused rows (counts.rejected has them all). */
  rejectedRows: RejectedRow[];
  batchId: string;
  sha256: string;
  /** Columns of a CSV or .xlsx file that no record field takes, left unread (header cells as written). */
  ignoredColumns: string[];
  /** Trademark watches that alerted about the records this import created or changed. */
  alerts: number;
}

export const MAX_REJECTED_ROWS = 1000;
const BATCH = 500;

type Stored = repo.TrademarkWrite;

const sameContent = (a: Stored, b: Stored) => TRADEMARK_FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));

type Prepared = KeyedRow<'trademarkKeys'>;


/**
 * Writes a batch: each row updates its stored registration or makes a new one. A new registration
 * needs its Nice classes (a row of a known one need not repeat them): without, `refuse` has it.
 */
async function writeBatch(deps: Pick<AppDeps, 'db' | 'clock'>, rows: Prepared[], batchId: string, counts: TrademarkImportCounts, refuse: (r: Prepared['r']) => void) {
  if (!rows.length) return;
  await deps.db.transaction(async (tx) => {
    const existing = await repo.findByRegistrationNumbers(tx, [...new Set(rows.map((p) => p.r.registrationNumber))]);
    const before = new Map(existing.map((e) => [e.registrationNumber, e]));
    // Later rows of the batch see earlier ones: a number twice in one file is one record.
    const current = new Map(before);
    for (const { r, fresh } of rows) {
      const found = current.get(r.registrationNumber) ?? null;
      if (!found && !r.niceClasses.length) {
        refuse(r);
        continue;
      }
      const merged = found ? mergeTrademark(found, r) : fresh ?? mergeTrademark(null, r);
      if (!found) counts.created++;
      else if (sameContent(found, merged)) counts.unchanged++;
      else counts.updated++;
      current.set(r.registrationNumber, merged);
    }
    const inserts: IndexedTrademark[] = [];
    const updates: IndexedTrademark[] = [];
    const freshOnes = new Set<Stored>(rows.map((p) => p.fresh).filter((f): f is IndexedTrademark => !!f));
    for (const s of current.values()) {
      const old = before.get(s.registrationNumber);
      if (old && sameContent(old, s)) continue;
      (old ? updates : inserts).push(freshOnes.has(s) ? (s as IndexedTrademark) : { ...s, ...indexFields(s) });
    }
    const now = deps.clock();
    await repo.insertMany(tx, inserts, batchId, now);
    await repo.upsertMany(tx, updates, batchId, now);
  });
}

/**
 * Imports trademark records from a stream (JSONL, CSV or .xlsx; lists `;`-separated in CSV and
 * .xlsx) in batches of 500 rows, each in one transaction, upserting on the registration number.
 * Refused rows are reported with their problems and skipped; good rows are kept.
 */
export async function importTrademarks(
  deps: AppDeps,
  input: Readable,
  format: ImportFormat,
  opts: { actorId?: string | null; requestId?: string | null; onProgress?: (counts: TrademarkImportCounts, bytes: number) => Promise<void> | void } = {},
): Promise<TrademarkImportResult> {
  const counts: TrademarkImportCounts = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const rejectedRows: RejectedRow[] = [];
  const batchId = randomUUID();
  const { stream, state } = tap(input);
  // As the patent import: batches written in order while the next ones are read and keyed ahead.
  let ahead = true;
  let reported = -1;
  // Each record's line, for a refusal only a write can decide (a new registration without classes).
  const lines = new WeakMap<object, number>();
  const batches = new KeyedBatches(deps, 'trademarkKeys', 2, () => ahead, async ({ rows }) => {
    const createdBefore = counts.created;
    await writeBatch(deps, rows, batchId, counts, (r) => {
      counts.rejected++;
      if (rejectedRows.length < MAX_REJECTED_ROWS) rejectedRows.push({ line: lines.get(r) ?? 0, problems: [{ field: 'niceClasses', key: 'trademark.nice_class_required' }] });
    });
    ahead = counts.created - createdBefore >= rows.length / 2;
    reported = counts.read;
    await opts.onProgress?.(counts, state.bytes);
  });
  let ignoredColumns: string[] = [];
  const columns = { aliases: TRADEMARK_HEADER_ALIASES, fields: TRADEMARK_FIELDS, onIgnored: (h: string[]) => (ignoredColumns = h) };
  // As the patent import: the rows read before the file broke are written, what was written
  // stays, audited with the line reached.
  const stopped = await feedBatches(readRows(stream, format, columns), batches, BATCH, (row) => {
    counts.read++;
    const result = normalizeTrademarkRow(row.data);
    if (result.ok) {
      lines.set(result.record, row.line);
      return result.record;
    }
    counts.rejected++;
    if (rejectedRows.length < MAX_REJECTED_ROWS) rejectedRows.push({ line: row.line, problems: result.problems });
    return null;
  });
  if (!stopped && reported !== counts.read) await opts.onProgress?.(counts, state.bytes);
  const read = inputOf(stopped, state);
  await deps.db.transaction(async (tx) => {
    await recordAudit(tx, { actorId: opts.actorId ?? null, requestId: opts.requestId ?? null, now: deps.clock() }, {
      type: 'bulk.completed',
      recordType: 'bulk',
      recordId: batchId,
      data: { operation: 'trademarks.import', counts: { ...counts }, ...read },
    });
  });
  // As the patent import: the watches run on what was written, also after a stop.
  const alerts = await runWatches(deps, batchId, 'trademark');
  if (stopped) throw new ImportStopped({ ...counts, alerts }, stopped);
  rejectedRows.sort((a, b) => a.line - b.line);
  return { counts, rejectedRows, batchId, sha256: read.sha256!, ignoredColumns, alerts };
}

/** Recomputes every stored record's keys with `indexFields`, as patents.import.ts reindexPatents does. */
export async function reindexTrademarks(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  opts: ReindexOptions & { actorId?: string | null } = {},
): Promise<ReindexCounts> {
  return reindexAudited(
    deps,
    'trademarks.reindex',
    {
      page: (after, limit) => repo.reindexPage(deps.db, after, limit),
      keysOf: (row) => indexFields(row),
      write: (rows) => repo.writeIndexKeys(deps.db, rows),
    },
    opts,
  );
}
