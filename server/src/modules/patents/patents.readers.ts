import { createHash } from 'node:crypto';
import readline from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Streaming readers for the three import formats. Each yields one raw row at a time with the line
 * (or sheet row) it came from, so a file of a million records never sits in memory.
 */

export type ImportFormat = 'jsonl' | 'csv' | 'xlsx';
export interface RawRow {
  line: number;
  /** Parsed fields, or the reason the line could not be read at all. */
  data: Record<string, unknown> | { __error: string };
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
  for await (const text of rl) {
    line++;
    const t = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (!t) continue;
    try {
      const v = JSON.parse(t);
      if (!v || typeof v !== 'object' || Array.isArray(v)) yield { line, data: { __error: 'not a JSON object' } };
      else yield { line, data: v as Record<string, unknown> };
    } catch (e) {
      yield { line, data: { __error: `not valid JSON (${(e as Error).message})` } };
    }
  }
}

/** RFC 4180 CSV over a stream: quoted fields may hold commas, quotes ("") and line breaks. */
async function* csvRecords(stream: Readable): AsyncGenerator<{ line: number; cells: string[] }> {
  let field = '';
  let cells: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let first = true;
  let sawAny = false;
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
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

async function* tabular(records: AsyncGenerator<{ line: number; cells: string[] }>): AsyncGenerator<RawRow> {
  let header: string[] | null = null;
  for await (const r of records) {
    if (!header) {
      header = r.cells.map((h) => headerName(h));
      continue;
    }
    if (r.cells.every((c) => c.trim() === '')) continue;
    const data: Record<string, unknown> = {};
    header.forEach((h, i) => {
      if (h && r.cells[i] !== undefined && r.cells[i] !== '') data[h] = r.cells[i];
    });
    if (r.cells.length > header.length && r.cells.slice(header.length).some((c) => c.trim())) {
      yield { line: r.line, data: { __error: `${r.cells.length} cells but ${header.length} headers` } };
      continue;
    }
    yield { line: r.line, data };
  }
}

/** Column headers as CNIPA exports name them, besides the JSON keys themselves. */
const HEADER_ALIASES: Record<string, string> = {
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
const headerName = (h: string) => {
  const t = h.trim().replace(/（/g, '(').replace(/）/g, ')');
  return HEADER_ALIASES[t] ?? t;
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

async function* xlsxRecords(stream: Readable): AsyncGenerator<{ line: number; cells: string[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache' });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = (row.values as unknown[]) ?? [];
      yield { line: row.number, cells: values.slice(1).map(cellText) };
    }
    // The first sheet holds the records; others (notes, lists) are not read.
    break;
  }
}

export function readRows(stream: Readable, format: ImportFormat): AsyncGenerator<RawRow> {
  if (format === 'jsonl') return jsonl(stream);
  if (format === 'csv') return tabular(csvRecords(stream));
  return tabular(xlsxRecords(stream));
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
