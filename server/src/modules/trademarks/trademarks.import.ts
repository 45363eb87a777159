import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../../audit/audit.service';
import type { RefusedRow } from '../../i18n/row-problems';
import { hanKeysOf, textKeysOf } from '../../search/indexer';
import { reindexAudited, type ReindexCounts, type ReindexOptions } from '../../search/reindex';
import { readRows, tap, type ImportFormat } from '../patents/patents.readers';
import { normalizeTrademarkRow, TRADEMARK_FIELDS, TRADEMARK_HEADER_ALIASES, type TrademarkInput } from './trademarks.record';
import * as repo from './trademarks.repository';

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
}

export const MAX_REJECTED_ROWS = 1000;
const BATCH = 500;

type Stored = repo.TrademarkWrite;

const pick = <T>(incoming: T | null, existing: T | null | undefined): T | null => (incoming !== null && incoming !== '' ? incoming : existing ?? null);
const pickList = <T>(incoming: T[], existing: T[] | undefined) => (incoming.length ? incoming : existing ?? []);

/**
 * A row updates what is known of its registration, like a later patent document does: fields the
 * row gives replace the stored ones, fields it leaves empty keep theirs (a file of status changes
 * need not repeat the goods).
 */
export function mergeTrademark(existing: Stored | null, r: TrademarkInput): Stored {
  return {
    id: existing?.id ?? randomUUID(),
    registrationNumber: r.registrationNumber,
    markName: pick(r.markName, existing?.markName) ?? '',
    niceClasses: pickList(r.niceClasses, existing?.niceClasses),
    similarGroups: pickList(r.similarGroups, existing?.similarGroups),
    goodsServices: pick(r.goodsServices, existing?.goodsServices) ?? '',
    applicants: pickList(r.applicants, existing?.applicants),
    filingDate: pick(r.filingDate, existing?.filingDate),
    registrationDate: pick(r.registrationDate, existing?.registrationDate),
    expiryDate: pick(r.expiryDate, existing?.expiryDate),
    status: pick(r.status, existing?.status),
  };
}

const sameContent = (a: Stored, b: Stored) => TRADEMARK_FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));

/** The search columns of a record: Han bigrams and Latin keys of mark name and goods/services, applicants under `p:`, the registration number under `n:`. */
export function indexFields(s: Stored) {
  const keys = textKeysOf([s.markName, s.goodsServices], { 'p:': s.applicants });
  keys.add(`n:${s.registrationNumber.toLowerCase()}`);
  return { hanKeys: hanKeysOf([s.markName, s.goodsServices]), searchKeys: [...keys] };
}

async function writeBatch(deps: Pick<AppDeps, 'db' | 'clock'>, rows: TrademarkInput[], batchId: string, counts: TrademarkImportCounts) {
  if (!rows.length) return;
  await deps.db.transaction(async (tx) => {
    const existing = await repo.findByRegistrationNumbers(tx, [...new Set(rows.map((r) => r.registrationNumber))]);
    const before = new Map(existing.map((e) => [e.registrationNumber, e]));
    // Later rows of the batch see earlier ones: a number twice in one file is one record.
    const current = new Map(before);
    for (const r of rows) {
      const found = current.get(r.registrationNumber) ?? null;
      const merged = mergeTrademark(found, r);
      if (!found) counts.created++;
      else if (sameContent(found, merged)) counts.unchanged++;
      else counts.updated++;
      current.set(r.registrationNumber, merged);
    }
    const inserts: (Stored & ReturnType<typeof indexFields>)[] = [];
    const updates: (Stored & ReturnType<typeof indexFields>)[] = [];
    for (const s of current.values()) {
      const old = before.get(s.registrationNumber);
      if (old && sameContent(old, s)) continue;
      (old ? updates : inserts).push({ ...s, ...indexFields(s) });
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
  let batch: TrademarkInput[] = [];
  const flush = async () => {
    await writeBatch(deps, batch, batchId, counts);
    batch = [];
    await opts.onProgress?.(counts, state.bytes);
  };
  for await (const row of readRows(stream, format, TRADEMARK_HEADER_ALIASES)) {
    counts.read++;
    const result = normalizeTrademarkRow(row.data);
    if (!result.ok) {
      counts.rejected++;
      if (rejectedRows.length < MAX_REJECTED_ROWS) rejectedRows.push({ line: row.line, problems: result.problems });
      continue;
    }
    batch.push(result.record);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  const sha256 = state.sha256();
  await deps.db.transaction(async (tx) => {
    await recordAudit(tx, { actorId: opts.actorId ?? null, requestId: opts.requestId ?? null, now: deps.clock() }, {
      type: 'bulk.completed',
      recordType: 'bulk',
      recordId: batchId,
      data: { operation: 'trademarks.import', counts: { ...counts }, sha256 },
    });
  });
  return { counts, rejectedRows, batchId, sha256 };
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
