import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CLUSTER_CODES_CURRENT } from '../../../../shared/src/clusters';
import { DISTRICTS } from '../../../../shared/src/districts';
import { recordAudit } from '../../audit/audit.service';
import type { DbOrTx } from '../../db/client';
import type { AppDeps } from '../../deps';
import { AppError, notFound } from '../../errors';
import { translate, type Locale } from '../../i18n/messages';
import type { JobHelpers, JobRow, JobRunner } from '../../jobs/job-runner';
import { sha256 } from '../../lib/crypto';
import { openSheet, SheetError, type Sheet, type SheetRow } from '../../lib/sheet-reader';
import { sortKey } from '../../lib/sort-key';
import { isValidUscc, normalizeUscc } from '../../lib/uscc';
import { hasRole, type Actor, type RequestContext } from '../../policy/actor';
import * as repo from './enterprises.repository';
import { staffWorkstations } from './enterprises.policy';
import { districtFromUscc } from './enterprises.service';
import { notify } from '../notifications/notifications.service';

/**
 * Imports an enterprise list (.xlsx or .csv) into the registry, or into a workstation's members.
 *
 * Every row is validated in memory first (the sheet is read as a stream); only then is anything
 * written, in batches of BATCH rows, one transaction each, with one `bulk.completed` audit event for
 * the whole import in the last batch's transaction. A code already registered is never changed:
 * it joins the workstation, or is counted unchanged, so importing a file twice changes nothing
 * the second time. Files of more than SYNC_ROW_LIMIT rows run as a job on the job runner.
 */

export const IMPORT_MODES = ['dry_run', 'all', 'valid_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const IMPORT_LIMIT_BYTES = 10 * 1024 * 1024;
export const SYNC_ROW_LIMIT = 2_000;
export const MAX_ROWS = 200_000;
export const REPORT_PREVIEW_LINES = 1_000;
/** Past this many report lines the report stops growing (the counts stay exact). */
const MAX_REPORT_LINES = 200_000;
const BATCH = 1_000;
/** Batches written at the same time (see `write`). */
const WRITERS = 2;
const ANALYZE_AFTER = 10_000;
/**
 * Up to this many valid rows are kept from the check for the writes (packed: ~10 MB for 150,000);
 * a larger file is read a second time instead.
 */
const HELD_ROWS = 150_000;
export const IMPORT_JOB = 'enterprises.import';

type ColumnKey = 'uscc' | 'name' | 'district' | 'clusters' | 'high_tech' | 'specialized' | 'above_scale' | 'contactName' | 'contactPhone' | 'consentPurpose';

/** The template's columns, in order; the export writes the same ones. */
export const IMPORT_COLUMNS: { key: ColumnKey; header: string; aliases?: string[]; required?: boolean; width: number }[] = [
  { key: 'uscc', header: '统一社会信用代码', aliases: ['社会信用代码', '信用代码'], required: true, width: 24 },
  { key: 'name', header: '企业名称', aliases: ['单位名称', '企业名'], required: true, width: 36 },
  { key: 'district', header: '所属区', aliases: ['所属区域', '行政区'], width: 12 },
  { key: 'clusters', header: '产业集群', width: 16 },
  { key: 'high_tech', header: '高新技术企业', width: 14 },
  { key: 'specialized', header: '专精特新', width: 10 },
  { key: 'above_scale', header: '规上企业', width: 10 },
  { key: 'contactName', header: '联系人', width: 12 },
  { key: 'contactPhone', header: '联系电话', width: 16 },
  { key: 'consentPurpose', header: '联系人同意用途', width: 24 },
];
const HEADER = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.header])) as Record<ColumnKey, string>;
const FLAG_COLUMNS = ['high_tech', 'specialized', 'above_scale'] as const;

const normalizeHeader = (s: string) => s.replace(/[\s*＊]/g, '').replace(/[（(](必填|选填|可选)[)）]$/, '');
const HEADER_LOOKUP = new Map<string, ColumnKey>(
  IMPORT_COLUMNS.flatMap((c) => [c.header, ...(c.aliases ?? [])].map((h) => [normalizeHeader(h), c.key] as const)),
);

export interface ReportLine {
  row: number;
  column: string;
  value: string;
  /** i18n key of the reason, rendered in the reader's language when presented. */
  key: string;
  params?: Record<string, string | number>;
}

export interface ImportCounts {
  total: number;
  valid: number;
  invalid: number;
  new: number;
  joined: number;
  unchanged: number;
}

export interface ImportOutcome {
  mode: ImportMode;
  outcome: 'dry_run' | 'imported' | 'refused';
  counts: ImportCounts;
  lines: ReportLine[];
  linesCapped: boolean;
  sha256: string;
}

interface ValidRow {
  uscc: string;
  name: string;
  districtCode: string | null;
  clusters: string[];
  flags: string[];
  contact: { name: string; phone?: string; purpose: string } | null;
}

/**
 * A copy of a text that holds nothing else alive: the concatenation is flattened into a new string
 * of its own, which the slice then points into. V8 lets a substring share the memory of the string
 * it was cut from, so a kept text would keep its whole chunk of sheet XML alive.
 */
const own = (text: string) => (' ' + text).slice(1);

type RowShape = Pick<ValidRow, 'districtCode' | 'clusters' | 'flags'>;

/** BATCH kept rows, packed (see HeldRows). */
interface PackedBatch {
  usccs: string;
  names: string;
  /** Where each row's code and name end in `usccs` and `names`. */
  usccEnds: Uint32Array;
  nameEnds: Uint32Array;
  shapes: RowShape[];
  contacts: Map<number, NonNullable<ValidRow['contact']>>;
}

/**
 * The valid rows kept from the check until the writes, BATCH to a packed batch: the codes of a
 * batch as one string, its names as another, and each row's district, clusters and flags as one of
 * the few combinations the file has (shared by every row that has it). Kept as row objects, each
 * with its own copies of its texts, 120,000 rows were ~45 MB of some 700,000 objects that every
 * garbage collection of the import copied or marked again (~2 s of the server's CPU went to garbage
 * collection); packed they are ~10 MB of a few thousand. The rows are unpacked a batch at a time
 * when written, as the same values.
 */
class HeldRows {
  readonly batches: PackedBatch[] = [];
  length = 0;
  private usccs: string[] = [];
  private names: string[] = [];
  private shapes: RowShape[] = [];
  private contacts = new Map<number, NonNullable<ValidRow['contact']>>();
  private readonly shapeOf = new Map<string, RowShape>();

  push(r: ValidRow) {
    const i = this.usccs.length;
    this.usccs.push(r.uscc);
    this.names.push(r.name);
    // Codes are [0-9A-Z], flags and district codes words: '|' and ',' separate them unambiguously.
    const key = `${r.districtCode ?? ''}|${r.clusters.join(',')}|${r.flags.join(',')}`;
    let shape = this.shapeOf.get(key);
    if (!shape) {
      shape = { districtCode: r.districtCode && own(r.districtCode), clusters: r.clusters.map(own), flags: r.flags.map(own) };
      this.shapeOf.set(key, shape);
    }
    this.shapes.push(shape);
    if (r.contact) {
      const c = r.contact;
      this.contacts.set(i, { name: own(c.name), ...(c.phone ? { phone: own(c.phone) } : {}), purpose: own(c.purpose) });
    }
    this.length++;
    if (this.usccs.length >= BATCH) this.seal();
  }

  /** Packs the rows pushed since the last batch (called when a batch is full, and at the end). */
  seal() {
    if (!this.usccs.length) return;
    // join() copies the texts into one new string: the sheet's chunks they were cut from are let go.
    this.batches.push({ usccs: this.usccs.join(''), names: this.names.join(''), usccEnds: ends(this.usccs), nameEnds: ends(this.names), shapes: this.shapes, contacts: this.contacts });
    this.usccs = [];
    this.names = [];
    this.shapes = [];
    this.contacts = new Map();
  }
}

function ends(texts: string[]) {
  const out = new Uint32Array(texts.length);
  let at = 0;
  for (let i = 0; i < texts.length; i++) out[i] = at += texts[i].length;
  return out;
}

function unpack(b: PackedBatch): ValidRow[] {
  const rows = new Array<ValidRow>(b.shapes.length);
  for (let i = 0; i < rows.length; i++) {
    const shape = b.shapes[i];
    rows[i] = {
      uscc: b.usccs.slice(i ? b.usccEnds[i - 1] : 0, b.usccEnds[i]),
      name: b.names.slice(i ? b.nameEnds[i - 1] : 0, b.nameEnds[i]),
      districtCode: shape.districtCode,
      clusters: shape.clusters,
      flags: shape.flags,
      contact: b.contacts.get(i) ?? null,
    };
  }
  return rows;
}

/** Who runs an import: a signed-in user, or the system (CLI) with actorId null. */
export interface ImportWho {
  actorId: string | null;
  requestId: string | null;
  locale: Locale;
}

type Progress = JobHelpers['progress'];

// ---------------------------------------------------------------------------------------------
// Who may import where

/**
 * The bureau imports into the registry (or, naming one, into any workstation); workstation staff
 * into their own workstation's members; nobody else imports.
 */
export async function importTarget(deps: AppDeps, actor: Actor, requested?: string | null): Promise<string | null> {
  if (hasRole(actor, 'bureau_admin')) {
    if (!requested) return null;
    if (!(await repo.isWorkstation(deps.db, requested))) throw notFound();
    return requested;
  }
  const mine = staffWorkstations(actor);
  if (!mine.length) throw new AppError('FORBIDDEN');
  if (requested) {
    if (!mine.includes(requested)) throw new AppError('FORBIDDEN');
    return requested;
  }
  if (mine.length === 1) return mine[0];
  throw new AppError('VALIDATION', { messageKey: 'WORKSTATION_REQUIRED', details: [{ path: 'workstationId', message: '' }] });
}

// ---------------------------------------------------------------------------------------------
// Reading and validating

const fileError = (messageKey: string, params?: Record<string, string | number>) =>
  new AppError('VALIDATION', { messageKey, params, details: [{ path: 'file', message: '' }] });

function sheetError(err: unknown): unknown {
  if (!(err instanceof SheetError)) return err;
  if (err.problem === 'not_spreadsheet') return fileError('IMPORT_NOT_SPREADSHEET');
  if (err.problem === 'macros') return fileError('IMPORT_MACROS');
  return fileError('IMPORT_CORRUPT');
}

export function checkedSheet(data: Buffer, filename: string, maxBytes: number): Sheet {
  if (!data.length) throw fileError('IMPORT_FILE_EMPTY');
  if (data.length > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', { messageKey: 'FILE_TOO_LARGE', params: { limit: `${Math.round(maxBytes / 1024 / 1024)} MB` } });
  try {
    return openSheet(data, filename);
  } catch (err) {
    throw sheetError(err);
  }
}

/**
 * Finds the header row (the first non-empty row naming at least two template columns, within the
 * first ten, so a title row above it is allowed) and checks it. Reads the generator by hand, so
 * the caller goes on reading the data rows from the same generator.
 */
async function locateColumns(rows: AsyncGenerator<SheetRow>): Promise<Map<ColumnKey, number>> {
  let first: Set<ColumnKey> | undefined;
  for (let looked = 0; looked < 10; ) {
    const next = await rows.next();
    if (next.done) break;
    const texts = next.value.cells.map((c) => (c ? normalizeHeader(c.text) : ''));
    if (!texts.some(Boolean)) continue;
    looked++;
    const found = new Map<ColumnKey, number>();
    const duplicates = new Set<string>();
    texts.forEach((t, i) => {
      const key = HEADER_LOOKUP.get(t);
      if (!key) return;
      if (found.has(key)) duplicates.add(HEADER[key]);
      else found.set(key, i);
    });
    first ??= new Set(found.keys());
    if (found.size < 2) continue;
    if (duplicates.size) throw fileError('IMPORT_HEADER_DUPLICATE', { columns: [...duplicates].join('、') });
    const missing = IMPORT_COLUMNS.filter((c) => c.required && !found.has(c.key)).map((c) => c.header);
    // Contacts may only be kept with the purpose they consented to.
    if ((found.has('contactName') || found.has('contactPhone')) && !found.has('consentPurpose')) missing.push(HEADER.consentPurpose);
    if (missing.length) throw fileError('IMPORT_HEADERS', { missing: missing.join('、') });
    return found;
  }
  if (!first) throw fileError('IMPORT_NO_ROWS');
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !first!.has(c.key)).map((c) => c.header);
  throw fileError('IMPORT_HEADERS', { missing: (missing.length ? missing : IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.header)).join('、') });
}

const halfWidth = (s: string) => s.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
/** Undo the apostrophe our export puts before text a spreadsheet would take for a formula. */
const cellText = (s: string) => {
  const t = s.trim();
  return /^'[=+\-@]/.test(t) ? t.slice(1) : t;
};
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const CLUSTERS = new Set<string>(CLUSTER_CODES_CURRENT);
const DISTRICT_BY_TEXT = new Map<string, string>(
  DISTRICTS.flatMap((d) => [
    [d.code.toUpperCase(), d.code],
    [d.name, d.code],
    [d.name.replace(/(新区|区)$/, ''), d.code],
    [d.nameEn.toUpperCase(), d.code],
  ]),
);
const YES = new Set(['是', 'Y', 'YES', 'TRUE', '1', '√']);
const NO = new Set(['否', 'N', 'NO', 'FALSE', '0', '×']);
const PHONE = /^[0-9+\-() ]{5,30}$/;

/**
 * What the checks of one row share. Plain functions over it, not closures made for every row: the
 * server runs through tsx, which names each closure as it is made (a property write per closure),
 * and 120,000 rows made 360,000 of them (~0.25 s of the check).
 */
interface RowCheck {
  row: number;
  columns: Map<ColumnKey, number>;
  lines: (ReportLine & { at: number })[];
  text: Record<ColumnKey, string>;
  /** The columns holding a formula, already reported; null when there are none. */
  formula: Set<string> | null;
}

function bad(c: RowCheck, key: ColumnKey, value: string, reason: string, params?: Record<string, string | number>) {
  c.lines.push({ row: c.row, column: HEADER[key], value: value.slice(0, 200), key: reason, params, at: c.columns.get(key) ?? 0 });
}

/** The column can be checked: it holds no formula (already reported). */
const has = (c: RowCheck, key: ColumnKey) => !c.formula?.has(HEADER[key]);

function tooLong(c: RowCheck, key: ColumnKey, max: number) {
  if ((c.text[key] ?? '').length <= max) return false;
  bad(c, key, c.text[key], 'import.too_long', { max });
  return true;
}

/** One data row: a valid row, or the lines that say why not. `seen` holds each code's first row. */
function checkRow(r: SheetRow, columns: Map<ColumnKey, number>, seen: Map<string, number>): { ok?: ValidRow; lines: (ReportLine & { at: number })[] } | null {
  const lines: (ReportLine & { at: number })[] = [];
  const text = {} as Record<ColumnKey, string>;
  let empty = true;
  for (const [key, i] of columns) {
    const cell = r.cells[i];
    if (!cell) continue;
    empty = false;
    // A formula is refused whatever it computes: its value is not what the file shows as data.
    if (cell.formula) lines.push({ row: r.row, column: HEADER[key], value: cell.text.slice(0, 200), key: 'import.formula', at: i });
    else text[key] = cellText(cell.text);
  }
  if (empty || (!lines.length && Object.values(text).every((t) => !t))) return null;
  const c: RowCheck = { row: r.row, columns, lines, text, formula: lines.length ? new Set(lines.map((l) => l.column)) : null };

  let uscc = '';
  if (has(c, 'uscc')) {
    const raw = text.uscc ?? '';
    const code = normalizeUscc(halfWidth(raw));
    if (!raw) bad(c, 'uscc', raw, 'import.required');
    else if (!USCC_SHAPE.test(code)) bad(c, 'uscc', raw, 'import.uscc_format');
    else if (!isValidUscc(code)) bad(c, 'uscc', raw, 'import.uscc_check');
    else {
      const first = seen.get(code);
      if (first) bad(c, 'uscc', raw, 'import.duplicate', { row: first });
      else {
        seen.set(code, r.row);
        uscc = code;
      }
    }
  }
  const name = text.name ?? '';
  if (has(c, 'name')) {
    if (!name) bad(c, 'name', name, 'import.required');
    else tooLong(c, 'name', 200);
  }
  let districtCode: string | null = null;
  if (has(c, 'district') && text.district) {
    districtCode = DISTRICT_BY_TEXT.get(halfWidth(text.district).toUpperCase()) ?? null;
    if (!districtCode) bad(c, 'district', text.district, 'import.district_unknown');
  }
  let clusters: string[] = [];
  if (has(c, 'clusters') && text.clusters) {
    clusters = [...new Set(halfWidth(text.clusters).toUpperCase().split(/[;；,，、\s]+/).filter(Boolean))];
    const unknown = clusters.filter((code) => !CLUSTERS.has(code));
    if (unknown.length) bad(c, 'clusters', text.clusters, 'import.cluster_unknown', { codes: unknown.join(', ') });
  }
  const flags: string[] = [];
  for (const key of FLAG_COLUMNS) {
    const v = has(c, key) ? halfWidth(text[key] ?? '').toUpperCase() : '';
    if (YES.has(v)) flags.push(key);
    else if (v && !NO.has(v)) bad(c, key, text[key], 'import.flag_invalid');
  }
  const contactName = text.contactName ?? '';
  const phone = halfWidth(text.contactPhone ?? '');
  const purpose = text.consentPurpose ?? '';
  if (has(c, 'contactName') && contactName) tooLong(c, 'contactName', 50);
  if (has(c, 'contactPhone') && phone && !PHONE.test(phone)) bad(c, 'contactPhone', text.contactPhone, 'import.phone_invalid');
  if (has(c, 'contactName') && phone && !contactName) bad(c, 'contactName', '', 'import.contact_name_required');
  if (has(c, 'consentPurpose') && contactName && !purpose) bad(c, 'consentPurpose', '', 'import.consent_required');
  else if (purpose) tooLong(c, 'consentPurpose', 200);

  if (lines.length) return { lines: lines.sort((a, b) => a.at - b.at) };
  return {
    ok: {
      uscc,
      name,
      districtCode: districtCode ?? districtFromUscc(uscc),
      clusters,
      flags,
      contact: contactName ? { name: contactName, ...(phone ? { phone } : {}), purpose } : null,
    },
    lines,
  };
}

interface Validated {
  total: number;
  invalid: number;
  /** How many rows passed. */
  validCount: number;
  /**
   * The valid rows again, BATCH at a time: those the check kept, or, for a file of more than
   * HELD_ROWS valid rows, a second pass over the sheet (the check is deterministic, so both passes
   * agree), so a file of a million rows is never held as row objects, only as its bytes.
   */
  batches: () => AsyncGenerator<ValidRow[]>;
  lines: ReportLine[];
  linesCapped: boolean;
}

/** Reads and checks every row; with `stopAfter`, answers 'overflow' as soon as there are more rows. */
async function validateSheet(sheet: Sheet, opts: { maxRows: number; stopAfter?: number; progress?: Progress; heldRows?: number }): Promise<Validated | 'overflow'> {
  const heldRows = opts.heldRows ?? HELD_ROWS;
  let held: HeldRows | null = new HeldRows();
  const out: Validated = {
    total: 0,
    invalid: 0,
    validCount: 0,
    batches: () => (held ? heldBatches(held) : validBatches(sheet)),
    lines: [],
    linesCapped: false,
  };
  const seen = new Map<string, number>();
  try {
    const rows = sheet.rows();
    const columns = await locateColumns(rows);
    for await (const r of rows) {
      const checked = checkRow(r, columns, seen);
      if (!checked) continue;
      out.total++;
      if (opts.stopAfter && out.total > opts.stopAfter) return 'overflow';
      if (out.total > opts.maxRows) throw fileError('IMPORT_TOO_MANY_ROWS', { limit: opts.maxRows });
      if (checked.ok) {
        out.validCount++;
        if (held && held.length < heldRows) held.push(checked.ok);
        else held = null;
      } else {
        out.invalid++;
        for (const { at: _at, ...line } of checked.lines) {
          if (out.lines.length < MAX_REPORT_LINES) out.lines.push(line);
          else out.linesCapped = true;
        }
      }
      // Keep the server answering while a large file is read.
      if (out.total % 2_000 === 0) {
        await nextTurn();
        // Rows read so far; the total is known once the whole file has been read.
        if (opts.progress && out.total % 10_000 === 0) await opts.progress(out.total, undefined, 'validating');
      }
    }
  } catch (err) {
    throw sheetError(err);
  }
  if (!out.total) throw fileError('IMPORT_NO_ROWS');
  held?.seal();
  return out;
}

/** The rows the check kept, BATCH at a time. */
async function* heldBatches(rows: HeldRows): AsyncGenerator<ValidRow[]> {
  for (const b of rows.batches) yield unpack(b);
}

/** The second pass: the rows that passed the check, in file order, BATCH at a time. */
async function* validBatches(sheet: Sheet): AsyncGenerator<ValidRow[]> {
  let batch: ValidRow[] = [];
  try {
    const rows = sheet.rows();
    const columns = await locateColumns(rows);
    const seen = new Map<string, number>();
    for await (const r of rows) {
      const ok = checkRow(r, columns, seen)?.ok;
      if (!ok) continue;
      batch.push(ok);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    throw sheetError(err);
  }
  if (batch.length) yield batch;
}

// ---------------------------------------------------------------------------------------------
// Writing

const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** What a dry run would do: new codes, codes that would join the workstation, members already. */
async function classify(db: DbOrTx, v: Validated, workstationId: string | null, progress: (done: number) => Promise<void>) {
  const counts = { new: 0, joined: 0, unchanged: 0 };
  let done = 0;
  for await (const batch of v.batches()) {
    const existing = await repo.idsByUscc(db, batch.map((r) => r.uscc));
    counts.new += batch.length - existing.size;
    if (workstationId) {
      const members = await repo.memberIdsAmong(db, workstationId, [...existing.values()]);
      counts.unchanged += members.size;
      counts.joined += existing.size - members.size;
    } else {
      counts.unchanged += existing.size;
    }
    done += batch.length;
    await progress(done);
  }
  return counts;
}

async function write(
  deps: AppDeps,
  who: ImportWho,
  v: Validated,
  workstationId: string | null,
  meta: { counts: ImportCounts; sha256: string; jobId: string | null },
  progress: (done: number) => Promise<void>,
) {
  const now = deps.clock();
  const joinedOn = chinaDate(now);
  const counts = { new: 0, joined: 0, unchanged: 0 };
  const audit = (tx: DbOrTx, done: typeof counts, operation = 'enterprises.import') =>
    recordAudit(tx, { actorId: who.actorId, requestId: who.requestId, now }, {
      type: 'bulk.completed',
      recordType: 'bulk',
      recordId: meta.jobId,
      organizationId: workstationId,
      data: { operation, counts: { ...meta.counts, ...done }, sha256: meta.sha256 },
    });
  if (!v.validCount) {
    await deps.db.transaction((tx) => audit(tx, counts));
    return counts;
  }
  // A batch is looked up and prepared (sort keys) before its transaction, which then holds the
  // database (on PGlite, the one connection) only for the writes; a code registered in between is
  // caught by the insert and joins like any existing one. The next batch is read from the sheet and
  // prepared while this one is written, so the sheet, the sort keys and the database's writes overlap
  // (the codes of two batches never meet: the check refused every repeated code).
  const prepare = async (batch: ValidRow[]) => {
    const existing = await repo.idsByUscc(deps.db, batch.map((r) => r.uscc));
    const fresh = batch
      .filter((r) => !existing.has(r.uscc))
      .map((r) => ({
        id: randomUUID(),
        uscc: r.uscc,
        name: r.name,
        nameSort: sortKey(r.name),
        districtCode: r.districtCode,
        clusters: r.clusters,
        flags: r.flags,
        contacts: r.contact
          ? [{ name: r.contact.name, ...(r.contact.phone ? { phone: r.contact.phone } : {}), consent: { at: now.toISOString(), purpose: r.contact.purpose }, workstationId }]
          : [],
      }));
    return { size: batch.length, existing, fresh };
  };
  type Prepared = Awaited<ReturnType<typeof prepare>>;
  const batches = v.batches();
  const prepareNext = async () => {
    const next = await batches.next();
    return next.done ? null : prepare(next.value);
  };
  const writeBatch = async ({ existing, fresh }: Prepared, last: boolean) =>
    deps.db.transaction(async (tx) => {
      // Each commit waited ~15 ms for the disk (a fifth of a 120,000-row import): the batches before
      // the last are made durable by the last one's commit, which carries the audit event and starts
      // only once every other batch has committed (WAL is flushed in order).
      if (!last) await repo.commitWithoutFlush(tx);
      const inserted = await repo.insertEnterprisesBulk(tx, fresh, now);
      const raced = fresh.filter((r) => !inserted.has(r.uscc)).map((r) => r.uscc);
      if (raced.length) for (const [code, id] of await repo.idsByUscc(tx, raced)) existing.set(code, id);
      const b = { new: inserted.size, joined: 0, unchanged: existing.size };
      if (workstationId) {
        const joined = await repo.joinBulk(tx, workstationId, [...inserted.values(), ...existing.values()], joinedOn, 'import', now);
        b.joined = [...existing.values()].filter((id) => joined.has(id)).length;
        b.unchanged = existing.size - b.joined;
      }
      if (last) await audit(tx, { new: counts.new + b.new, joined: counts.joined + b.joined, unchanged: counts.unchanged + b.unchanged });
      return b;
    });
  // Batches being written, WRITERS at most: on PostgreSQL each on a connection of its own, so the
  // database works on two cores; PGlite, one connection, runs them in turn. They never wait for each
  // other: their codes are distinct (the check refused every repeated code).
  const writing = new Set<Promise<unknown>>();
  let failed = null as { err: unknown } | null;
  let handed = 0;
  let i = 0;
  try {
    let upcoming = prepareNext();
    for (let current = await upcoming; current; current = await upcoming) {
      const last = handed + current.size >= v.validCount;
      handed += current.size;
      upcoming = last ? Promise.resolve(null) : prepareNext();
      // Awaited in the next turn of the loop; a failure while this batch is written is reported once.
      upcoming.catch(() => undefined);
      if (last) await Promise.all(writing);
      else while (writing.size >= WRITERS) await Promise.race(writing);
      if (failed) throw failed.err;
      const size = current.size;
      const written = writeBatch(current, last).then(async (b) => {
        counts.new += b.new;
        counts.joined += b.joined;
        counts.unchanged += b.unchanged;
        i += size;
        await progress(i);
      });
      writing.add(written);
      written.then(
        () => writing.delete(written),
        (err: unknown) => {
          writing.delete(written);
          failed ??= { err };
        },
      );
      if (last) await written;
    }
    await Promise.all(writing);
  } catch (err) {
    // Batches already committed stay (those still being written end first); the audit log says so.
    await Promise.allSettled(writing);
    if (i > 0) {
      await deps.db
        .transaction((tx) => audit(tx, counts, 'enterprises.import.interrupted'))
        .catch((e: unknown) => deps.log.error({ err: e }, 'could not audit an interrupted import'));
    }
    throw failed?.err ?? err;
  }
  if (counts.new + counts.joined >= ANALYZE_AFTER) await repo.analyzeRegistry(deps.db);
  return counts;
}

/** Validates then (unless a dry run, or `all` with refused rows) writes. The one path of every import. */
async function finish(
  deps: AppDeps,
  who: ImportWho,
  v: Validated,
  opts: { mode: ImportMode; workstationId: string | null; sha256: string; jobId: string | null; progress?: Progress },
): Promise<ImportOutcome> {
  const counts: ImportCounts = { total: v.total, valid: v.validCount, invalid: v.invalid, new: 0, joined: 0, unchanged: 0 };
  const base = { mode: opts.mode, lines: v.lines, linesCapped: v.linesCapped, sha256: opts.sha256 };
  const progress = async (done: number) => opts.progress?.(v.invalid + done, v.total, opts.mode === 'dry_run' ? 'checking' : 'importing');
  if (opts.mode === 'dry_run') {
    Object.assign(counts, await classify(deps.db, v, opts.workstationId, progress));
    return { ...base, outcome: 'dry_run', counts };
  }
  if (opts.mode === 'all' && v.invalid > 0) return { ...base, outcome: 'refused', counts };
  Object.assign(counts, await write(deps, who, v, opts.workstationId, { counts, sha256: opts.sha256, jobId: opts.jobId }, progress));
  return { ...base, outcome: 'imported', counts };
}

/** A whole import in this process: the CLI, and the job. */
export async function runImport(
  deps: AppDeps,
  who: ImportWho,
  input: { data: Buffer; filename: string; mode: ImportMode; workstationId: string | null },
  opts: { maxBytes?: number; maxRows?: number; jobId?: string | null; progress?: Progress; heldRows?: number } = {},
): Promise<ImportOutcome> {
  const sheet = checkedSheet(input.data, input.filename, opts.maxBytes ?? IMPORT_LIMIT_BYTES);
  const v = (await validateSheet(sheet, { maxRows: opts.maxRows ?? MAX_ROWS, progress: opts.progress, heldRows: opts.heldRows })) as Validated;
  const outcome = await finish(deps, who, v, { mode: input.mode, workstationId: input.workstationId, sha256: sha256(input.data), jobId: opts.jobId ?? null, progress: opts.progress });
  await opts.progress?.(v.total, v.total, 'done');
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Presenting, the job, and the entry point of the HTTP route

export function presentLine(l: ReportLine, locale: Locale) {
  return { row: l.row, column: l.column, value: l.value, reason: translate(locale, l.key, l.params) };
}

export function presentOutcome(o: ImportOutcome, locale: Locale, limit = Infinity) {
  return {
    mode: o.mode,
    outcome: o.outcome,
    counts: o.counts,
    report: o.lines.slice(0, limit).map((l) => presentLine(l, locale)),
    reportLines: o.lines.length,
    reportTruncated: o.linesCapped || o.lines.length > limit,
    sha256: o.sha256,
  };
}

interface ImportJobPayload {
  fileKey: string;
  filename: string;
  mode: ImportMode;
  workstationId: string | null;
  actorId: string;
  requestId: string | null;
  locale: Locale;
}

async function runImportJob(deps: AppDeps, job: JobRow, helpers: JobHelpers) {
  const p = job.payload as ImportJobPayload;
  try {
    const data = await deps.storage.get(p.fileKey);
    const outcome = await runImport(deps, p, { data, filename: p.filename, mode: p.mode, workstationId: p.workstationId }, { jobId: job.id, progress: helpers.progress }).catch((err: unknown) => {
      // A job's error is read by people polling it: say it in their language.
      throw err instanceof AppError ? new Error(err.render(p.locale)) : err;
    });
    const reportKey = outcome.lines.length ? await deps.storage.put(Buffer.from(JSON.stringify(outcome.lines)), 'import-report') : null;
    await notifyFinished(deps, job, p, outcome);
    return { ...presentOutcome(outcome, p.locale, REPORT_PREVIEW_LINES), reportKey, reportUrl: `/api/enterprises/imports/${job.id}/report` };
  } catch (err) {
    await notify(deps, { userIds: [p.actorId], kind: 'import.failed', title: `企业导入未完成：${p.filename}`, body: err instanceof Error ? err.message : String(err), link: `/enterprises/import?job=${job.id}` }).catch(() => undefined);
    throw err;
  } finally {
    // The upload holds contacts' personal data: it is kept no longer than the import needs it.
    await deps.storage.remove(p.fileKey).catch(() => undefined);
  }
}

/** The person who started a large import is told when it ends: they may have left the page. */
async function notifyFinished(deps: AppDeps, job: JobRow, p: ImportJobPayload, o: ImportOutcome) {
  const c = o.counts;
  const title = o.outcome === 'refused' ? `企业导入未执行（有 ${c.invalid} 行错误）：${p.filename}` : o.outcome === 'dry_run' ? `企业导入检查完成：${p.filename}` : `企业导入完成：${p.filename}`;
  const body = `共 ${c.total} 行：有效 ${c.valid}，错误 ${c.invalid}，新增 ${c.new}，加入会员 ${c.joined}，未变 ${c.unchanged}`;
  await notify(deps, { userIds: [p.actorId], kind: 'import.finished', title, body, link: `/enterprises/import?job=${job.id}` });
}

/** The import job's handler, for every process that runs jobs (boot registers it). */
export function registerEnterpriseImportJobs(jobs: JobRunner, deps: AppDeps) {
  jobs.register(IMPORT_JOB, (job, helpers) => runImportJob(deps, job, helpers));
}

type Ctx = RequestContext & { actor: Actor };

/**
 * POST /api/enterprises/imports: small files are imported now and answered with their report; a
 * file of more than SYNC_ROW_LIMIT rows is stored and imported by a job (answer: its id).
 */
export async function startImport(
  deps: AppDeps,
  ctx: Ctx,
  input: { data: Buffer; filename: string; mode: ImportMode; workstationId?: string | null },
): Promise<{ jobId: string } | { result: ReturnType<typeof presentOutcome> }> {
  const workstationId = await importTarget(deps, ctx.actor, input.workstationId);
  const sheet = checkedSheet(input.data, input.filename, IMPORT_LIMIT_BYTES);
  const who: ImportWho = { actorId: ctx.actor.userId, requestId: ctx.requestId, locale: ctx.locale };
  const v = await validateSheet(sheet, { maxRows: MAX_ROWS, stopAfter: SYNC_ROW_LIMIT });
  if (v === 'overflow') {
    // This process can run what it queues even where boot has not registered the handler.
    registerEnterpriseImportJobs(deps.jobs, deps);
    const fileKey = await deps.storage.put(input.data, 'import-upload');
    const payload: ImportJobPayload = { fileKey, filename: input.filename, mode: input.mode, workstationId, ...who, actorId: ctx.actor.userId };
    // One attempt: a rerun would count the first attempt's rows as unchanged.
    const job = await deps.jobs.enqueue(IMPORT_JOB, payload, { createdBy: ctx.actor.userId, organizationId: workstationId, maxAttempts: 1 });
    return { jobId: job.id };
  }
  const outcome = await finish(deps, who, v, { mode: input.mode, workstationId, sha256: sha256(input.data), jobId: null });
  return { result: presentOutcome(outcome, ctx.locale) };
}

/** The full row report of an import job: its creator's, or the bureau's to read. */
export async function importReport(deps: AppDeps, ctx: Ctx, jobId: string): Promise<ReportLine[]> {
  const job = await deps.jobs.get(jobId);
  if (!job || job.type !== IMPORT_JOB || (job.createdBy !== ctx.actor.userId && !hasRole(ctx.actor, 'bureau_admin'))) throw notFound();
  if (job.status !== 'succeeded') throw new AppError('CONFLICT', { messageKey: 'IMPORT_NOT_FINISHED' });
  const key = (job.result as { reportKey?: string | null } | null)?.reportKey;
  return key ? (JSON.parse((await deps.storage.get(key)).toString('utf8')) as ReportLine[]) : [];
}
