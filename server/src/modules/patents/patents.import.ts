import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../../audit/audit.service';
import type { RefusedRow } from '../../i18n/row-problems';
import { hanKeysOf, searchKeysOf, segmentWordsOf } from '../../search/indexer';
import { KeyIdCache } from '../../search/postings';
import { reindexAudited, type ReindexCounts, type ReindexOptions } from '../../search/reindex';
import { GRANT_KINDS, parseApplicationNumber, parsePublicationNumber } from './patents.numbers';
import { candidateKeys, normalizeRow, type PatentInput } from './patents.record';
import { readRows, tap, type ImportFormat } from './patents.readers';
import { splitSearchKeys } from './patents.query';
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
}

export const MAX_BAD_ROWS = 1000;
// As many as a chunk of the postings holds (search/postings.ts CHUNK): a batch's new records share its rows.
const BATCH = 2000;

type Stored = repo.PatentWrite;

const KIND_RANK: Record<string, number> = { A: 1, B: 2, U: 2, S: 2, C: 3, Y: 3 };
const pick = <T>(incoming: T | null | undefined, existing: T | null | undefined): T | null => (incoming !== null && incoming !== undefined && incoming !== '' ? incoming : existing ?? null);
const pickList = (incoming: string[], existing: string[] | undefined) => (incoming.length ? incoming : existing ?? []);

/**
 * One record per application: an incoming document updates what is known. The A publication keeps
 * the publication number and date; a later grant (B, U, S) sets the kind, grant number and date;
 * text fields take the newer non-empty value (a grant's claims replace the application's).
 */
export function mergeRecord(existing: Stored | null, r: PatentInput): Stored {
  const pubs = [...(existing?.publications ?? [])];
  const grantKind = r.kindCode && GRANT_KINDS.has(r.kindCode);
  if (r.publicationNumber && !pubs.some((p) => p.number === r.publicationNumber)) {
    pubs.push({ number: r.publicationNumber, kind: r.kindCode, date: r.publicationDate });
  }
  const first = pubs.find((p) => p.kind === 'A') ?? [...pubs].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'))[0];
  const kinds = pubs.map((p) => p.kind).filter((k): k is string => !!k);
  if (existing?.kindCode) kinds.push(existing.kindCode);
  if (r.kindCode) kinds.push(r.kindCode);
  const kindCode = kinds.sort((a, b) => (KIND_RANK[b] ?? 0) - (KIND_RANK[a] ?? 0))[0] ?? null;
  const grantDoc = pubs.find((p) => p.kind && GRANT_KINDS.has(p.kind) && p.kind !== 'C' && p.kind !== 'Y');
  const applicationNumber = pick(r.applicationNumber, existing?.applicationNumber);
  const appDigits = applicationNumber ? (parseApplicationNumber(applicationNumber) as { digits?: string }).digits ?? null : null;
  const serial = first ? parsePublicationNumber(first.number)?.serial ?? null : null;
  const externalId = pick(r.externalId, existing?.externalId);
  const upsertKey = appDigits ? `an:${appDigits}` : serial ? `pn:${serial}` : `ex:${externalId}`;
  return {
    id: existing?.id ?? randomUUID(),
    upsertKey,
    applicationNumber,
    publicationNumber: first?.number ?? existing?.publicationNumber ?? null,
    publicationDate: first?.date ?? pick(r.publicationDate, existing?.publicationDate),
    kindCode,
    grantNumber: pick(r.grantNumber, existing?.grantNumber) ?? grantDoc?.number ?? null,
    grantDate: pick(r.grantDate, existing?.grantDate) ?? (grantKind ? r.publicationDate : null) ?? grantDoc?.date ?? null,
    type: pick(r.type, existing?.type),
    title: pick(r.title, existing?.title) ?? '',
    abstract: pick(r.abstract, existing?.abstract) ?? '',
    mainClaim: pick(r.mainClaim, existing?.mainClaim) ?? '',
    claims: pick(r.claims, existing?.claims) ?? '',
    applicants: pickList(r.applicants, existing?.applicants),
    inventors: pickList(r.inventors, existing?.inventors),
    agency: pick(r.agency, existing?.agency),
    mainIpc: pick(r.mainIpc, existing?.mainIpc),
    ipc: pickList(r.ipc, existing?.ipc),
    filingDate: pick(r.filingDate, existing?.filingDate),
    priority: r.priority.length ? r.priority : existing?.priority ?? [],
    legalStatus: pick(r.legalStatus, existing?.legalStatus),
    externalId,
    publications: pubs,
  };
}

const CONTENT_FIELDS = ['upsertKey', 'applicationNumber', 'publicationNumber', 'publicationDate', 'kindCode', 'grantNumber', 'grantDate', 'type', 'title', 'abstract', 'mainClaim', 'claims', 'applicants', 'inventors', 'agency', 'mainIpc', 'ipc', 'filingDate', 'priority', 'legalStatus', 'externalId', 'publications'] as const;
const sameContent = (a: Stored, b: Stored) => CONTENT_FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));

/** The `an:` `pn:` `ex:` keys a stored record answers to (how a later row finds it). */
export function recordKeysOf(s: Stored): string[] {
  const keys = new Set<string>([s.upsertKey]);
  if (s.applicationNumber) {
    const a = parseApplicationNumber(s.applicationNumber);
    if (a.ok) keys.add(`an:${a.digits}`);
  }
  for (const p of s.publications) {
    const serial = parsePublicationNumber(p.number)?.serial;
    if (serial) keys.add(`pn:${serial}`);
  }
  if (s.externalId) keys.add(`ex:${s.externalId}`);
  return [...keys];
}

export function indexFields(s: Stored) {
  return {
    recordKeys: recordKeysOf(s),
    hanKeys: hanKeysOf([s.title, s.abstract, s.mainClaim, s.claims]),
    ...splitSearchKeys(
      searchKeysOf({
        title: s.title,
        abstract: s.abstract,
        mainClaim: s.mainClaim,
        claims: s.claims,
        applicants: s.applicants,
        inventors: s.inventors,
        ipc: s.ipc,
        applicationNumber: s.applicationNumber,
        publicationNumbers: s.publications.map((p) => p.number),
        grantNumber: s.grantNumber,
      }),
    ),
    segWords: segmentWordsOf(s),
  };
}

type Indexed = Stored & ReturnType<typeof indexFields>;
/** A validated row, and (when computed ahead) the record and keys it makes if it is new. */
interface Prepared {
  r: PatentInput;
  fresh: Indexed | null;
}

/**
 * Most rows of a large import are new records, whose keys need nothing from the database: they
 * are computed while the previous batch is still being written (`importPatents`), and used when
 * the row indeed finds no stored record. A row that updates one gets its keys from the merge.
 */
const prepare = (rows: PatentInput[], ahead: boolean): Prepared[] =>
  rows.map((r) => {
    if (!ahead) return { r, fresh: null };
    const s = mergeRecord(null, r);
    return { r, fresh: { ...s, ...indexFields(s) } };
  });

async function writeBatch(deps: Pick<AppDeps, 'db' | 'clock'>, rows: Prepared[], batchId: string, counts: ImportCounts, ids: KeyIdCache) {
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
    await repo.insertMany(tx, inserts, batchId, now, ids);
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
  let batch: PatentInput[] = [];
  const ids = new KeyIdCache();
  // One batch is written while the next is read, validated and keyed: with PostgreSQL the two run
  // on two processes. Batches are still written one after another, in order, so each one's lookup
  // sees every record the batches before it stored.
  let writing: Promise<void> = Promise.resolve();
  // Keys are computed ahead while most rows turn out new; a re-import of known records skips it.
  let ahead = true;
  const flush = async () => {
    const rows = prepare(batch, ahead);
    batch = [];
    await writing;
    if (!rows.length) return;
    writing = (async () => {
      const insertedBefore = counts.inserted;
      await writeBatch(deps, rows, batchId, counts, ids);
      ahead = counts.inserted - insertedBefore >= rows.length / 2;
      await opts.onProgress?.(counts, state.bytes);
    })();
    // Failure surfaces at the next flush or the final wait; until then it must not go unhandled.
    writing.catch(() => undefined);
  };
  for await (const row of readRows(stream, format)) {
    counts.read++;
    const result = normalizeRow(row.data);
    if (!result.ok) {
      counts.bad++;
      if (badRows.length < MAX_BAD_ROWS) badRows.push({ line: row.line, problems: result.problems });
      continue;
    }
    batch.push(result.record);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await writing;
  const sha256 = state.sha256();
  await deps.db.transaction(async (tx) => {
    await recordAudit(tx, { actorId: opts.actorId ?? null, requestId: opts.requestId ?? null, now: deps.clock() }, {
      type: 'bulk.completed',
      recordType: 'bulk',
      recordId: batchId,
      data: { operation: 'patents.import', counts: { ...counts }, sha256 },
    });
  });
  const alerts = await runWatches(deps, batchId);
  return { counts, badRows, batchId, sha256, alerts };
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
