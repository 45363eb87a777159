import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';

/**
 * Bulk writes of search-indexed rows (patents, trademarks) with COPY: one statement per import
 * batch whose rows travel as COPY text, instead of an INSERT with one bind parameter per cell.
 * The server parses it with its cheapest input path, and the driver does no per-value work
 * (a batch of 500 patents is ~15,000 parameters, ~200,000 array elements).
 *
 * Both drivers are reached through the transaction drizzle hands out: node-postgres through
 * pg-copy-streams (the COPY sub-protocol as a writable stream), PGlite through its `/dev/blob`
 * device. Where neither is found, `copyRows` answers false and the caller writes
 * the rows the ordinary way.
 */

/** How a value is written in COPY text format; the column's SQL type parses it. */
export type CopyKind = 'text' | 'int[]' | 'text[]' | 'json' | 'timestamp' | 'bytea';
export interface CopyColumn<R> {
  name: string;
  kind: CopyKind;
  get(row: R): unknown;
}

/** How COPY text writes a value of a column of this SQL type (drizzle's `getSQLType()`). */
function kindOf(sqlType: string): CopyKind {
  if (sqlType.endsWith('[]')) return /^(smallint|integer|bigint)\b/.test(sqlType) ? 'int[]' : 'text[]';
  if (sqlType === 'json' || sqlType === 'jsonb') return 'json';
  if (sqlType.startsWith('timestamp')) return 'timestamp';
  if (sqlType === 'bytea') return 'bytea';
  return 'text';
}

/**
 * The COPY columns for drizzle columns, keyed by the row property that holds each value (the keys
 * a drizzle insert of the same rows would use): names and kinds come from the schema.
 */
export function copyColumnsOf<R extends object>(columns: Record<string, PgColumn>): CopyColumn<R>[] {
  return Object.entries(columns).map(([key, column]) => ({
    name: column.name,
    kind: kindOf(column.getSQLType()),
    get: (row: R) => (row as Record<string, unknown>)[key],
  }));
}

// COPY text format: backslash, tab, newline and carriage return are escaped; \N is NULL.
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_G = /[\\\t\n\r]/g;
const ESC: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyEscape = (s: string) => (SPECIAL.test(s) ? s.replace(SPECIAL_G, (c) => ESC[c]) : s);

// An array element inside an array literal is always quoted; `"` and `\` are backslash-escaped.
const ARRAY_SPECIAL = /["\\]/;
const ARRAY_SPECIAL_G = /["\\]/g;
const arrayElement = (s: string) => `"${ARRAY_SPECIAL.test(s) ? s.replace(ARRAY_SPECIAL_G, '\\$&') : s}"`;

function cell(kind: CopyKind, v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  switch (kind) {
    case 'int[]': {
      const xs = v as number[];
      for (const x of xs) if (!Number.isInteger(x)) throw new TypeError(`not an integer: ${x}`);
      return `{${xs.join(',')}}`;
    }
    case 'text[]':
      return copyEscape(`{${(v as string[]).map(arrayElement).join(',')}}`);
    case 'json':
      return copyEscape(JSON.stringify(v));
    case 'timestamp':
      return (v as Date).toISOString();
    case 'bytea':
      // bytea's hex input `\x…`, its backslash escaped for COPY.
      return `\\\\x${Buffer.from(v as Uint8Array).toString('hex')}`;
    default:
      return copyEscape(String(v));
  }
}

/**
 * COPY text written straight into a growing buffer: each value's UTF-8 bytes once, with no string
 * of the cell, the line or the batch built first (a patent's row is ~29 cells and ~150 array
 * elements; building those strings, then encoding the batch's, was most of an import's time in
 * COPY text). Values holding a character COPY or an array literal escapes take `cell`, the
 * definition; the bytes are the same either way (bulk.unit.test.ts).
 */
class CopyWriter {
  at = 0;
  buf: Buffer;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  private room(n: number) {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  byte(c: number) {
    this.room(1);
    this.buf[this.at++] = c;
  }

  /** A string's UTF-8 bytes, unescaped. */
  raw(s: string) {
    this.room(s.length * 3);
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  /**
   * A short string that needs no escape in COPY text nor in an array element, as its UTF-8 bytes
   * (encoded here: a call into the buffer costs more than a few characters); false, having written
   * nothing, for one with a quote, a backslash, a control character or a surrogate (those go
   * through `raw`, escaped where they need it).
   */
  plain(s: string): boolean {
    const n = s.length;
    this.room(n * 3);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c === 34 || c === 92 || c < 32) return false;
        buf[at++] = c;
      } else if (c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6);
        buf[at++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) return false;
        buf[at++] = 0xe0 | (c >> 12);
        buf[at++] = 0x80 | ((c >> 6) & 0x3f);
        buf[at++] = 0x80 | (c & 0x3f);
      }
    }
    this.at = at;
    return true;
  }

  cell(kind: CopyKind, v: unknown) {
    if (v === null || v === undefined) {
      this.room(2);
      this.buf[this.at++] = 0x5c; // \N
      this.buf[this.at++] = 0x4e;
      return;
    }
    if (kind === 'text' && typeof v === 'string') {
      if (v.length >= 32 || !this.plain(v)) this.raw(SPECIAL.test(v) ? copyEscape(v) : v);
      return;
    }
    if (kind === 'text[]') {
      const xs = v as string[];
      this.byte(0x7b); // {
      for (let i = 0; i < xs.length; i++) {
        if (i) this.byte(0x2c); // ,
        const x = xs[i];
        this.byte(0x22); // "
        if (typeof x !== 'string') this.raw(copyEscape(String(x).replace(ARRAY_SPECIAL_G, '\\$&')));
        else if (x.length < 32 && this.plain(x)) {
          // written
        } else if (ELEMENT_SPECIAL.test(x)) this.raw(copyEscape(x.replace(ARRAY_SPECIAL_G, '\\$&')));
        else this.raw(x);
        this.byte(0x22);
      }
      this.byte(0x7d); // }
      return;
    }
    if (kind === 'timestamp') {
      // Every row of a batch mostly carries the same instant: its text once.
      if (v !== this.lastDate) {
        this.lastDate = v as Date;
        this.lastDateText = (v as Date).toISOString();
      }
      this.raw(this.lastDateText);
      return;
    }
    if (kind === 'bytea' && v instanceof Uint8Array) {
      // `\\x` and hex digits (cell's), without the string.
      this.room(3 + v.length * 2);
      const buf = this.buf;
      buf[this.at++] = 0x5c;
      buf[this.at++] = 0x5c;
      buf[this.at++] = 0x78;
      for (let i = 0; i < v.length; i++) {
        buf[this.at++] = HEX[v[i] >> 4];
        buf[this.at++] = HEX[v[i] & 15];
      }
      return;
    }
    this.raw(cell(kind, v));
  }

  private lastDate: Date | null = null;
  private lastDateText = '';
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');
// What an array element or COPY text escapes.
const ELEMENT_SPECIAL = /["\\\t\n\r]/;

let bytesPerRow = 256;

/** The rows in COPY text format as UTF-8 bytes, one line each, columns in the given order. */
export function copyBytes<R>(rows: readonly R[], columns: readonly CopyColumn<R>[]): Buffer {
  // Room for rows the size of the last call's, and a little more, so the buffer is rarely regrown.
  const w = new CopyWriter(Math.max(1 << 12, Math.ceil(rows.length * bytesPerRow * 1.25)));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let c = 0; c < columns.length; c++) {
      if (c) w.byte(0x09);
      w.cell(columns[c].kind, columns[c].get(r));
    }
    w.byte(0x0a);
  }
  if (rows.length) bytesPerRow = w.at / rows.length;
  return w.buf.subarray(0, w.at);
}

/** The rows in COPY text format, one line each, columns in the given order. */
export function copyText<R>(rows: readonly R[], columns: readonly CopyColumn<R>[]): string {
  return copyBytes(rows, columns).toString('utf8');
}

interface PgClientLike {
  query(q: CopyStreamQuery): CopyStreamQuery;
}
interface PgliteLike {
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
  exec(sql: string): Promise<unknown>;
}

/** The driver's own connection behind a drizzle transaction, when it is one we can COPY through. */
function driverOf(db: DbOrTx): { pg: PgClientLike } | { pglite: PgliteLike } | null {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client as Record<string, unknown> | undefined;
  if (!client || typeof client.query !== 'function') return null;
  const connection = client.connection as { sendCopyFromChunk?: unknown } | undefined;
  if (connection && typeof connection.sendCopyFromChunk === 'function') return { pg: client as unknown as PgClientLike };
  // A pool has no connection of its own; COPY must run on the transaction's client.
  if ('totalCount' in client || 'idleCount' in client) return null;
  if (typeof client.exec === 'function' && !('connection' in client)) return { pglite: client as unknown as PgliteLike };
  return null;
}

/** `COPY … FROM STDIN` on a node-postgres client, streamed by pg-copy-streams. */
async function pgCopy(client: PgClientLike, statement: string, data: Buffer): Promise<void> {
  // pg-copy-streams sends the data in chunks and settles the stream on the server's answer; an error
  // from the server rejects the pipeline and leaves the client ready for the caller's ROLLBACK.
  await pipeline(Readable.from([data]), client.query(copyFrom(statement)));
}

/**
 * COPYs the rows into `table` (a plain identifier) on the transaction's connection. Returns false,
 * having written nothing, when the driver offers no COPY path; the caller then inserts the usual way.
 */
export async function copyRows<R>(db: DbOrTx, table: string, rows: readonly R[], columns: readonly CopyColumn<R>[]): Promise<boolean> {
  return copyData(db, table, columns.map((c) => c.name), () => copyBytes(rows, columns));
}

/**
 * COPYs data already in COPY format (text: one line per row, `columns` in order; or COPY's binary
 * format) into `table`; false, having written nothing (nor built the data), when the driver offers
 * no COPY path.
 */
export async function copyData(db: DbOrTx, table: string, columns: readonly string[], data: () => string | Buffer, format: 'text' | 'binary' = 'text'): Promise<boolean> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table) || columns.some((c) => !/^[a-z_][a-z0-9_]*$/.test(c))) throw new Error('copyRows: plain identifiers only');
  const driver = driverOf(db);
  if (!driver) return false;
  const text = data();
  if (!text.length) return true;
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const options = format === 'binary' ? ' (format binary)' : '';
  if ('pg' in driver) {
    await pgCopy(driver.pg, `copy "${table}" (${cols}) from stdin${options}`, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  } else {
    await driver.pglite.query(`copy "${table}" (${cols}) from '/dev/blob'${options}`, [], { blob: new Blob([text]) });
  }
  return true;
}
