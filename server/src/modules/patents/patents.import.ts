import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../../audit/audit.service';
import type { RefusedRow } from '../../i18n/row-problems';
import { KeyIdCache } from '../../search/postings';
import { reindexAudited, type ReindexCounts, type ReindexOptions } from '../../search/reindex';
import { KeyedBatches, type KeyedRow } from '../../workers/pool';
import { indexFields, mergeRecord, recordKeysOf, type IndexedPatent } from './patents.keys';
import { candidateKeys, KNOWN_FIELDS, normalizeRow } from './patents.record';
import { feedBatches, ImportStopped, inputOf, PATENT_HEADER_ALIASES, readRows, tap, type ImportFormat } from './patents.readers';
import * as repo from './patents.repository';
import { runWatches } from './saved-searches.service';

export interface ImportCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  bad: number;
}
/** A refused row with its problems (i18n keys: `presentRefusedRows` words them for a reader). */
export type BadRow = RefusedRow;
export interface ImportResult {
  counts: ImportCounts;
  /** The first MAX_BAD_ROWS refused rows with their problems (counts.bad has them all). */
  badRows: BadRow[];
  batchId: string;
  sha256: string;
  alerts: number;
  /** Columns of a CSV or .xlsx file that no record field takes, left unread (header cells as written). */
  ignoredColumns: string[];
}

export const MAX_BAD_ROWS = 1000;
// As many as a chunk of the postings holds (search/postings.ts CHUNK): a batch's new records share its rows.
const BATCH = 2000;

type Stored = repo.PatentWrite;

const CONTENT_FIELDS = ['upsertKey', 'applicationNumber', 'publicationNumber', 'publicationDate', 'kindCode', 'grantNumber', 'grantDate', 'type', 'title', 'abstract', 'mainClaim', 'claims', 'applicants', 'inventors', 'agency', 'mainIpc', 'ipc', 'filingDate', 'priority', 'legalStatus', 'externalId', 'publications'] as const;
const sameContent = (a: Stored, b: Stored) => CONTENT_FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));

export { indexFields, mergeRecord, recordKeysOf };

type Indexed = IndexedPatent;
type Prepared = KeyedRow<'patentKeys'>;

// Most rows of a large import are new records, whose keys need nothing from the database: they
// are computed ahead, in worker threads while earlier batches are written (workers/pool.ts
// KeyedBatches; on this thread when there are none), and used when the row indeed finds no stored
// record. A row that updates one gets its keys from the merge, here.

async function writeBatch(deps: Pick<AppDeps, 'db' | 'clock'>, rows: Prepared[], postings: Uint8Array | null, batchId: string, counts: ImportCounts, ids: KeyIdCache) {
  if (!rows.length) return;
  await deps.db.transaction(async (tx) => {
    const existing = await repo.findForUpsert(tx, [...new Set(rows.flatMap((p) => candidateKeys(p.r)))]);
    const byKey = new Map<string, Stored>();
    const index = (s: Stored) => {
      for (const k of recordKeysOf(s)) byKey.set(k, s);
    };
    const before = new Map<string, Stored>();
    for (const e of existing) {
      before.set(e.id, e);
      index(e);
    }
    // Later rows of the batch see earlier ones: an A and its B in one file make one record.
    const out = new Map<string, Stored>();
    for (const { r, fresh } of rows) {
      const found = candidateKeys(r).map((k) => byKey.get(k)).find((x): x is Stored => !!x) ?? null;
      const merged = found ? mergeRecord(found, r) : fresh ?? mergeRecord(null, r);
      if (!found) counts.inserted++;
      else if (sameContent(found, merged)) counts.unchanged++;
      else counts.updated++;
      out.set(merged.id, merged);
      index(merged);
    }
    const now = deps.clock();
    const inserts: Indexed[] = [];
    const updates: Indexed[] = [];
    const freshOnes = new Set<Stored>(rows.map((p) => p.fresh).filter((f): f is Indexed => !!f));
    for (const s of out.values()) {
      const old = before.get(s.id);
      if (old && sameContent(old, s)) continue;
      const w = freshOnes.has(s) ? (s as Indexed) : { ...s, ...indexFields(s) };
      (old ? updates : inserts).push(w);
    }
    // Every row new, in the order the worker keyed them: the postings it built are theirs.
    const built = postings && inserts.length === rows.length && inserts.every((w, i) => w === rows[i].fresh) ? postings : undefined;
    await repo.insertMany(tx, inserts, batchId, now, ids, built);
    await repo.upsertMany(tx, updates, batchId, now, ids);
  });
}

/**
 * Imports patent records from a stream (JSONL, CSV or .xlsx) in batches of 2,000 rows, each in one
 * transaction (new records are written with COPY, see repository insertMany). Bad rows are
 * reported with their problems and skipped; good rows are kept. When it is done, every watch is
 * run against the records this import created or changed.
 */
export async function importPatents(
  deps: AppDeps,
  input: Readable,
  format: ImportFormat,
  opts: { actorId?: string | null; requestId?: string | null; onProgress?: (counts: ImportCounts, bytes: number) => Promise<void> | void } = {},
): Promise<ImportResult> {
  const counts: ImportCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, bad: 0 };
  const badRows: BadRow[] = [];
  const batchId = randomUUID();
  const { stream, state } = tap(input);
  const ids = new KeyIdCache();
  // Batches are written in order while the next ones are read, validated and keyed (with
  // PostgreSQL the writing runs in the server's process, the keys in worker threads); one batch a
  // worker is keyed ahead (a batch is 2,000 records: memory is the bound). Keys are computed ahead
  // while most rows turn out new; a re-import of known records skips it.
  let ahead = true;
  const batches = new KeyedBatches(deps, 'patentKeys', 1, () => ahead, async ({ rows, postings }) => {
    const insertedBefore = counts.inserted;
    await writeBatch(deps, rows, postings, batchId, counts, ids);
    ahead = counts.inserted - insertedBefore >= rows.length / 2;
    await opts.onProgress?.(counts, state.bytes);
  });
  let ignoredColumns: string[] = [];
  const columns = { aliases: PATENT_HEADER_ALIASES, fields: KNOWN_FIELDS, onIgnored: (h: string[]) => (ignoredColumns = h) };
  const stopped = await feedBatches(readRows(stream, format, columns), batches, BATCH, (row) => {
    counts.read++;
    const result = normalizeRow(row.data);
    if (result.ok) return result.record;
    counts.bad++;
    if (badRows.length < MAX_BAD_ROWS) badRows.push({ line: row.line, problems: result.problems });
    return null;
  });
  const read = inputOf(stopped, state);
  await deps.db.transaction(async (tx) => {
    await recordAudit(tx, { actorId: opts.actorId ?? null, requestId: opts.requestId ?? null, now: deps.clock() }, {
      type: 'bulk.completed',
      recordType: 'bulk',
      recordId: batchId,
      data: { operation: 'patents.import', counts: { ...counts }, ...read },
    });
  });
  // Also after a stop: the records that were written alert now, and, unchanged by a re-import of
  // the mended file, never again.
  const alerts = await runWatches(deps, batchId);
  if (stopped) throw new ImportStopped({ ...counts, alerts }, stopped);
  return { counts, badRows, batchId, sha256: read.sha256!, alerts, ignoredColumns };
}

/**
 * Recomputes every stored record's keys with the code an import uses (`indexFields`), after a
 * change of the index keys left older records with stale ones: in pages by id, one statement per
 * page, writing only the keys that differ (search/reindex.ts). Records keep their version and
 * import batch, so no watch alerts again. One `bulk.completed` audit event with the counts.
 */
export async function reindexPatents(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  opts: ReindexOptions & { actorId?: string | null } = {},
): Promise<ReindexCounts> {
  return reindexAudited(
    deps,
    'patents.reindex',
    {
      page: (after, limit) => repo.reindexPage(deps.db, after, limit),
      keysOf: (row) => indexFields(row),
      write: (rows) => repo.writeIndexKeys(deps.db, rows),
    },
    opts,
  );
}
