import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import readline from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import ExcelJS from 'exceljs';
import type { RowProblem } from '../../i18n/row-problems';

/**
 * Streaming readers for the three import formats. Each yields one raw row at a time with the line
 * (or sheet row) it came from, so a file of a million records never sits in memory. Patent and
 * trademark imports both read through here; each names its own column header aliases.
 */

export type ImportFormat = 'jsonl' | 'csv' | 'xlsx';
/** Why a line could not be read at all (`unreadableProblems` words it in the reader's language). */
export interface UnreadableRow {
  __problem: { code: 'not_json'; detail: string } | { code: 'not_object' } | { code: 'json_array' } | { code: 'extra_cells'; cells: number; headers: number };
}

export const isUnreadable = (data: RawRow['data']): data is UnreadableRow => '__problem' in data;

/** The problem of a line that could not be read, as every import reports it. */
export function unreadableProblems(r: UnreadableRow): RowProblem[] {
  const p = r.__problem;
  if (p.code === 'extra_cells') return [{ field: null, key: 'import.cells', params: { cells: p.cells, headers: p.headers } }];
  if (p.code === 'not_object') return [{ field: null, key: 'import.not_object' }];
  if (p.code === 'json_array') return [{ field: null, key: 'import.json_array' }];
  return [{ field: null, key: 'import.bad_json', params: { detail: p.detail } }];
}
export interface RawRow {
  line: number;
  /** Parsed fields, or the reason the line could not be read at all. */
  data: Record<string, unknown> | UnreadableRow;
}

export function formatOf(filename: string): ImportFormat | null {
  const f = filename.toLowerCase();
  if (f.endsWith('.jsonl') || f.endsWith('.ndjson') || f.endsWith('.json')) return 'jsonl';
  if (f.endsWith('.csv')) return 'csv';
  if (f.endsWith('.xlsx')) return 'xlsx';
  return null;
}

async function* jsonl(stream: Readable): AsyncGenerator<RawRow> {
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  let seen = false;
  for await (const text of rl) {
    line++;
    const t = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (!t) continue;
    if (t.startsWith('[') && !seen) {
      // A JSON document holding an array (a .json export), not one record a line: said once, not
      // for each of its lines. A million records in one array could not be read as a stream.
      yield { line, data: { __problem: { code: 'json_array' } } };
      return;
    }
    seen = true;
    try {
      const v = JSON.parse(t);
      if (!v || typeof v !== 'object' || Array.isArray(v)) yield { line, data: { __problem: { code: 'not_object' } } };
      else yield { line, data: v as Record<string, unknown> };
    } catch (e) {
      const detail = (e as Error).message;
      yield { line, data: { __problem: { code: 'not_json', detail } } };
    }
  }
}

/** How much of a CSV file decides its encoding, bytes. */
const SNIFF_BYTES = 64 * 1024;

/**
 * A CSV file's encoding, from its first bytes: a byte-order mark says UTF-8 or UTF-16; else UTF-8
 * when they are valid UTF-8 (an incomplete character at the end is allowed), else GBK, as Excel on
 * Chinese Windows saves "CSV", read as GB18030, its superset (the enterprise import reads the same).
 */
export function csvEncodingOf(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** A byte stream as text in its encoding (csvEncodingOf its first SNIFF_BYTES), chunk by chunk. */
async function* decodedText(stream: Readable): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let head: Buffer[] = [];
  let headBytes = 0;
  const begin = (): [TextDecoder, string] => {
    const buf = Buffer.concat(head);
    head = [];
    const d = new TextDecoder(csvEncodingOf(buf));
    return [d, d.decode(buf, { stream: true })];
  };
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (decoder) {
      yield decoder.decode(bytes, { stream: true });
      continue;
    }
    head.push(bytes);
    headBytes += bytes.length;
    if (headBytes >= SNIFF_BYTES) {
      const [d, text] = begin();
      decoder = d;
      yield text;
    }
  }
  let text = '';
  if (!decoder) [decoder, text] = begin();
  text += decoder.decode();
  if (text) yield text;
}

/** RFC 4180 CSV over a stream (UTF-8, UTF-16 or GBK): quoted fields may hold commas, quotes ("") and line breaks. */
async function* csvRecords(stream: Readable): AsyncGenerator<{ line: number; cells: string[] }> {
  let field = '';
  let cells: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let first = true;
  let sawAny = false;
  for await (const chunk of decodedText(stream)) {
    let s = chunk;
    if (first) {
      s = s.replace(/^\uFEFF/, '');
      first = false;
    }
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (quoted) {
        if (c === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i++;
          } else if (i + 1 === s.length) {
            // A quote at the chunk's end: decided by the next chunk's first character.
            quoted = false;
            afterQuote = true;
          } else {
            quoted = false;
          }
        } else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (afterQuote) {
        afterQuote = false;
        if (c === '"') {
          field += '"';
          quoted = true;
          continue;
        }
      }
      if (c === '"' && field === '') {
        quoted = true;
        sawAny = true;
      } else if (c === ',') {
        cells.push(field);
        field = '';
        sawAny = true;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && s[i + 1] === '\n') i++;
        cells.push(field);
        if (sawAny || cells.some((x) => x !== '')) yield { line: recordLine, cells };
        line++;
        recordLine = line;
        cells = [];
        field = '';
        sawAny = false;
      } else {
        field += c;
        sawAny = true;
      }
    }
  }
  if (sawAny || field) {
    cells.push(field);
    yield { line: recordLine, cells };
  }
}

/** How a file's columns are read: header aliases, and the fields the import knows (see readRows). */
export interface ColumnOptions {
  aliases: Record<string, string>;
  fields: readonly string[];
  /** Called once with the header cells of the columns left unread (as the file names them). */
  onIgnored?: (headers: string[]) => void;
}

async function* tabular(records: AsyncGenerator<{ line: number; cells: string[] }>, columns: ColumnOptions): AsyncGenerator<RawRow> {
  let header: string[] | null = null;
  for await (const r of records) {
    if (!header) {
      header = r.cells.map((h) => headerName(h, columns.aliases));
      // Exports carry columns no record keeps (申请人地址, 代理人, 序号…): those are left unread and
      // named once. A file with no known column at all keeps them, so every row says what is wrong.
      const known = new Set(columns.fields);
      if (header.some((h) => known.has(h))) {
        const ignored = r.cells.filter((cell, i) => header![i] && !known.has(header![i])).map((cell) => cell.trim());
        header = header.map((h) => (known.has(h) ? h : ''));
        if (ignored.length) columns.onIgnored?.(ignored);
      }
      continue;
    }
    if (r.cells.every((c) => c.trim() === '')) continue;
    const data: Record<string, unknown> = {};
    header.forEach((h, i) => {
      if (h && r.cells[i] !== undefined && r.cells[i] !== '') data[h] = r.cells[i];
    });
    if (r.cells.length > header.length && r.cells.slice(header.length).some((c) => c.trim())) {
      yield { line: r.line, data: { __problem: { code: 'extra_cells', cells: r.cells.length, headers: header.length } } };
      continue;
    }
    yield { line: r.line, data };
  }
}

/** Patent column headers as CNIPA exports name them, besides the JSON keys themselves. */
export const PATENT_HEADER_ALIASES: Record<string, string> = {
  申请号: 'applicationNumber',
  '公开(公告)号': 'publicationNumber',
  公开号: 'publicationNumber',
  公告号: 'publicationNumber',
  文献类型: 'kindCode',
  授权公告号: 'grantNumber',
  专利类型: 'type',
  名称: 'title',
  发明名称: 'title',
  摘要: 'abstract',
  主权项: 'mainClaim',
  权利要求: 'claims',
  '申请(专利权)人': 'applicants',
  申请人: 'applicants',
  '发明(设计)人': 'inventors',
  发明人: 'inventors',
  代理机构: 'agency',
  主分类号: 'mainIpc',
  分类号: 'ipc',
  申请日: 'filingDate',
  '公开(公告)日': 'publicationDate',
  公开日: 'publicationDate',
  授权公告日: 'grantDate',
  优先权: 'priority',
  法律状态: 'legalStatus',
};
/** A header cell as a field name: an alias (full-width parentheses read as ASCII ones) or the cell itself. */
const headerName = (h: string, aliases: Record<string, string>) => {
  const t = h.trim().replace(/（/g, '(').replace(/）/g, ')');
  return Object.hasOwn(aliases, t) ? aliases[t] : t;
};

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: string; result?: unknown; hyperlink?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return cellText(o.result);
    return '';
  }
  return String(v);
}

/**
 * The removals of the temporary files the workbook reader makes within one read. ExcelJS keeps a
 * sheet that comes before the shared strings (as Excel writes them) in a temporary file of the
 * `tmp` package and removes it only when that sheet has been read to its end: a workbook that
 * breaks part-way (a truncated upload) or a read stopped early left the file, and its open
 * descriptor, until the process ended. Its `tmp.file` is wrapped once to hand each new file's
 * removal to the read it was made in (told apart by async context); the read removes them when it
 * ends, however it ends (a removal runs once however often it is called).
 */
const xlsxTemporaries = new AsyncLocalStorage<(() => void)[]>();
let temporariesWatched = false;
function watchXlsxTemporaries() {
  if (temporariesWatched) return;
  temporariesWatched = true;
  // The `tmp` module ExcelJS itself loads (not a dependency of ours).
  const tmp = createRequire(createRequire(import.meta.url).resolve('exceljs'))('tmp') as { file: (...args: unknown[]) => unknown };
  const file = tmp.file;
  tmp.file = (...args: unknown[]) => {
    const removals = xlsxTemporaries.getStore();
    const done = args[args.length - 1];
    if (removals && typeof done === 'function') {
      args[args.length - 1] = (err: unknown, path: string, fd: number, remove: () => void) => {
        if (!err && remove) removals.push(remove);
        return done(err, path, fd, remove);
      };
    }
    return file.apply(tmp, args);
  };
}

async function* xlsxRecords(stream: Readable): AsyncGenerator<{ line: number; cells: string[] }> {
  watchXlsxTemporaries();
  const removals: (() => void)[] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache' });
  const sheets = reader[Symbol.asyncIterator]();
  let first = true;
  try {
    for (;;) {
      // Each step of the reader runs in this read's context, where its temporary files are noted.
      const next = await xlsxTemporaries.run(removals, () => sheets.next());
      if (next.done) break;
      for await (const row of next.value) {
        // The first sheet holds the records; others (notes, lists) are passed over, not left: the
        // reader removes a sheet's temporary file when its turn ends.
        if (!first) continue;
        const values = (row.values as unknown[]) ?? [];
        yield { line: row.number, cells: values.slice(1).map(cellText) };
      }
      first = false;
    }
  } finally {
    for (const remove of removals) remove();
  }
}

/**
 * The rows of a file; in CSV and .xlsx the first row is the header (`columns.aliases` maps header
 * cells to field names; columns of no known field are left unread and reported to `onIgnored`).
 */
export function readRows(stream: Readable, format: ImportFormat, columns: ColumnOptions): AsyncGenerator<RawRow> {
  if (format === 'jsonl') return turnTaking(jsonl(stream));
  if (format === 'csv') return turnTaking(tabular(csvRecords(stream), columns));
  return turnTaking(tabular(xlsxRecords(stream), columns));
}

/** The file could not be read on past `line`, the last line (or sheet row) read (0: none). */
export class ImportReadError extends Error {
  constructor(
    readonly line: number,
    options: { cause: unknown },
  ) {
    super(`the file could not be read past line ${line}: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
  }
}

/** Where an import stopped: reading the file (`line`, the last line read) or writing (`line` null). */
export interface Stop {
  line: number | null;
  cause: unknown;
}

/**
 * An import that stopped part-way. What was written before stays: each batch is its own
 * transaction; the import has audited it and run the watches on it, so its records alert now and
 * never again.
 */
export class ImportStopped extends Error {
  readonly line: number | null;
  constructor(
    readonly counts: Record<string, number>,
    stop: Stop,
  ) {
    super(`import stopped${stop.line === null ? '' : ` after line ${stop.line}`}: ${stop.cause instanceof Error ? stop.cause.message : String(stop.cause)}`, { cause: stop.cause });
    this.line = stop.line;
  }
}

/**
 * What an import's audit event says of its input: the file's hash, or where the import stopped (a
 * file not read to its end has no hash to give, and its hash must not be finished while it flows).
 */
export const inputOf = (stop: Stop | null, state: { sha256: () => string }): { sha256?: string; stopped?: number | 'writing' } =>
  stop ? { stopped: stop.line ?? 'writing' } : { sha256: state.sha256() };

/**
 * Feeds a file's rows to batches written in order (`workers/pool.ts KeyedBatches`): `take` checks a
 * row and gives its record, or null for a refused one (it counts and keeps what it refuses). Returns
 * where the import stopped, or null. When the file breaks, the rows read before it are written too;
 * either way the batch being written has finished (or failed) when this returns.
 */
export async function feedBatches<R>(
  rows: AsyncIterable<RawRow>,
  batches: { push(rows: R[], last?: boolean): Promise<void>; done(): Promise<void> },
  size: number,
  take: (row: RawRow) => R | null,
): Promise<Stop | null> {
  let batch: R[] = [];
  try {
    for await (const row of rows) {
      const record = take(row);
      if (record === null) continue;
      batch.push(record);
      if (batch.length >= size) {
        await batches.push(batch);
        batch = [];
      }
    }
    await batches.push(batch, true);
    await batches.done();
    return null;
  } catch (err) {
    if (!(err instanceof ImportReadError)) {
      await batches.done().catch(() => undefined);
      return { line: null, cause: err };
    }
    try {
      await batches.push(batch, true);
      await batches.done();
      return { line: err.line, cause: err };
    } catch (writing) {
      return { line: null, cause: writing };
    }
  }
}

/** How long reading (and what the reader's caller does with each row) runs before other work gets a turn, ms. */
const TURN_MS = 4;

/**
 * The rows, with a turn of the event loop for other work every TURN_MS. Rows already buffered come
 * through promises alone, which never let I/O in: a reader running ahead read and checked a whole
 * batch (~100 ms) while the batch before waited for its database answers, on the same thread
 * (event loop delay p99 147 ms during an import).
 */
async function* turnTaking(rows: AsyncGenerator<RawRow>): AsyncGenerator<RawRow> {
  let since = performance.now();
  let line = 0;
  try {
    for (;;) {
      let next: IteratorResult<RawRow>;
      try {
        next = await rows.next();
      } catch (err) {
        // The reader's own failure (a truncated workbook, a broken stream), told apart from the caller's.
        throw new ImportReadError(line, { cause: err });
      }
      if (next.done) return;
      line = next.value.line;
      yield next.value;
      const now = performance.now();
      if (now - since >= TURN_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        since = performance.now();
      }
    }
  } finally {
    // A caller that stops early closes the reader, as for-await would.
    await rows.return(undefined);
  }
}

// Reading one raw field: JSON gives strings, numbers and arrays; CSV and .xlsx give text.

/** A field as trimmed text ('' when absent or not text). */
export const rawText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A list: a JSON array, or text with items separated by ; (also full-width ；). null when it is neither. */
export function rawList(v: unknown): string[] | null {
  if (v === null || v === undefined || v === '') return [];
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string' || typeof x === 'number') ? v.map((x) => String(x).trim()).filter(Boolean) : null;
  if (typeof v === 'string') return v.split(/[;；]/).map((x) => x.trim()).filter(Boolean);
  return null;
}

/** A date as YYYY-MM-DD (also YYYYMMDD, YYYY/M/D, YYYY.M.D, an ISO timestamp); null when empty, undefined when not a date. */
export function rawDate(v: unknown): string | null | undefined {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : rawText(v);
  if (!s) return null;
  const m = /^(\d{4})[-./]?(\d{1,2})[-./]?(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || y < 1900 || y > 2100) return undefined;
  return dt.toISOString().slice(0, 10);
}

/** Passes the bytes through while hashing and counting them (audit hash, progress). */
export function tap(stream: Readable) {
  const hash = createHash('sha256');
  const state = { bytes: 0, sha256: () => hash.digest('hex') };
  const out = new PassThrough();
  stream.on('data', (c: Buffer) => {
    hash.update(c);
    state.bytes += c.length;
  });
  stream.on('error', (e) => out.destroy(e));
  stream.pipe(out);
  return { stream: out, state };
}
