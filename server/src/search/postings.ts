import { hash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { copyData } from './bulk';
import { rowsOf } from './sql';

/**
 * An inverted index of integer keys in a table of our own, instead of a GIN on each record's key
 * array: one row per key and *chunk* of records written together, holding a bitmap (bit(2048)) of
 * the chunk's records that have the key. A record's number (`doc`) is chunk × CHUNK + bit; chunks
 * come from a sequence, so numbers are never reused.
 *
 * Keys: Han bigram codes (search/text.ts bigramCode) and, for text keys (`w:oled`, `p:…`), an int4
 * id each from a dictionary table (`names`), in a range no bigram code takes (`keyIds`).
 *
 * Why: a GIN entry per key and record (~390 Han and ~60 other keys a patent) made the index insert
 * the whole cost of an import; one row per key and chunk is ~10 rows a patent on the generated
 * corpus (an import batch of 2,000 records has ~20,000 distinct keys), written with one binary
 * COPY. Bitmaps rather than lists of offsets: COPY reads a bitmap as its bytes where a list cost a
 * parse per element, and the search intersects them with bit_and instead of grouping every offset.
 * Chunks of 2,048 rather than 512 (migration 0020): a common key's row serves four times the
 * records, for a third of the rows a record and half the COPY's cost (bench/README.md).
 *
 * Updates: a record whose keys are written anew gets a new number in a new chunk; the postings
 * under its old number match no record any more (the search joins numbers to the table), so
 * nothing is ever deleted or rewritten. The dead numbers cost only space and candidates.
 *
 * Search (`candidates`): the docs holding every key of a set, intersected in SQL; where an exact
 * recheck follows, only the rarest few keys are intersected (any subset of a necessary condition
 * is one), and only in the chunks of the rarest, so a common bigram (所述) is read only there.
 */

export const CHUNK = 2048;

/** A bytea value as the driver gives it (a Buffer or Uint8Array; hex text from a driver that has no type parser for it). */
export const bytesOf = (v: unknown): Uint8Array => {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string' && v.startsWith('\\x')) return Buffer.from(v.slice(2), 'hex');
  throw new Error('expected a bytea value');
};


/**
 * The key of every record of a chunk (no bigram code is 0): each chunk in use has a row, so the
 * largest chunk in the table is the largest in use, which a restore sets the sequence past
 * (the sequence is owned by the chunk column, migration 0016).
 */
export const ALL_KEY = 0;

export interface PostingsTable {
  /** Plain identifiers: the postings table (key int4, chunk int8, n int2, bits bit(CHUNK)) and the sequence of chunks. */
  table: string;
  sequence: string;
  /** The dictionary of text keys (key text primary key, id int4 with a default from its own sequence). */
  names: string;
}

const ident = (s: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`postings: plain identifiers only (${s})`);
  return s;
};

/**
 * SHA-256 of a record's keys as big-endian int4s, in the order given: what a record stores to tell
 * whether its keys changed. Migration 0016 computes the same in SQL from the int4[] it replaced.
 */
export function keySignature(keys: ArrayLike<number>): Buffer {
  if (signing.length < keys.length * 4) signing = Buffer.allocUnsafe(Math.max(keys.length * 4, signing.length * 2));
  const b = signing.subarray(0, keys.length * 4);
  if (keys instanceof Int32Array && LITTLE_ENDIAN) {
    // The array's bytes, each int4 then turned big-endian in one native pass.
    b.set(new Uint8Array(keys.buffer, keys.byteOffset, keys.byteLength));
    b.swap32();
  } else {
    for (let i = 0; i < keys.length; i++) b.writeInt32BE(keys[i] | 0, i * 4);
  }
  return hash('sha256', b, 'buffer');
}
// The bytes being hashed, reused from call to call (a call runs to its end).
let signing = Buffer.allocUnsafe(4096);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `n` fresh record numbers, in chunks of at most CHUNK consecutive ones. */
export async function allocateDocs(db: DbOrTx, t: PostingsTable, n: number): Promise<number[]> {
  if (n <= 0) return [];
  const chunks = Math.ceil(n / CHUNK);
  const res = rowsOf<{ c: string | number }>(await db.execute(sql.raw(`select nextval('${ident(t.sequence)}') as c from generate_series(1, ${chunks})`)));
  const docs: number[] = new Array(n);
  for (let i = 0; i < n; i++) docs[i] = Number(res[Math.floor(i / CHUNK)].c) * CHUNK + (i % CHUNK);
  return docs;
}

/**
 * Ids of text keys already in a dictionary, remembered across the batches of one import (most keys
 * recur, and a batch then asks the database only for the new ones). Only ids read as already stored
 * are kept: those are committed, where one this batch adds could still be rolled back.
 */
export class KeyIdCache {
  private readonly ids = new Map<string, number>();
  constructor(private readonly max = 200_000) {}
  get(key: string): number | undefined {
    return this.ids.get(key);
  }
  remember(key: string, id: number) {
    if (this.ids.size >= this.max) this.ids.clear();
    this.ids.set(key, id);
  }
}

/**
 * The ids of text keys, adding those not yet in the dictionary (in key order, so two imports adding
 * the same keys wait on each other instead of deadlocking). A key another transaction adds at the
 * same moment is read once that one has committed, with a second statement.
 */
export async function keyIds(db: DbOrTx, t: PostingsTable, keys: readonly string[], cache?: KeyIdCache): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const wanted: string[] = [];
  const distinct = new Set(keys);
  for (const k of distinct) {
    const id = cache?.get(k);
    if (id === undefined) wanted.push(k);
    else ids.set(k, id);
  }
  if (!wanted.length) return ids;
  const dict = sql.raw(ident(t.names));
  const read = (rows: unknown, stored: boolean) => {
    for (const r of rowsOf<{ key: string; id: number; stored?: boolean }>(rows)) {
      ids.set(r.key, Number(r.id));
      if (cache && (stored || r.stored)) cache.remember(r.key, Number(r.id));
    }
  };
  read(
    await db.execute(sql`
      with k as (select distinct key from unnest(${sql.param(wanted)}::text[]) as k(key)),
      ins as (
        insert into ${dict} (key) select k.key from k where not exists (select 1 from ${dict} d where d.key = k.key) order by k.key
        on conflict (key) do nothing returning key, id
      )
      select key, id, false as stored from ins union all select d.key, d.id, true from ${dict} d join k on d.key = k.key`),
    false,
  );
  const missing = wanted.filter((k) => !ids.has(k));
  if (missing.length) read(await db.execute(sql`select key, id from ${dict} where key = any(${sql.param(missing)}::text[])`), true);
  if (ids.size < distinct.size) throw new Error('keyIds: a key has no id');
  return ids;
}

const COLUMNS = ['key', 'chunk', 'n', 'bits'];
const BYTES = CHUNK / 8;

type Keyed = { doc: number; keys: ArrayLike<number> };

// A chunk's (key, offset) pairs and the arrays the radix sort moves them into: kept from call to
// call (an import batch's are ~900,000 pairs, ~11 MB), since a call runs to its end on one thread.
let room = 0;
let keyA = new Uint32Array(0);
let offA = new Uint16Array(0);
let keyB = new Uint32Array(0);
let offB = new Uint16Array(0);
const counts = new Uint32Array(0x10000);

/**
 * Groups (doc, distinct keys) into posting rows, one per key and chunk, chunk by chunk and in key
 * order within each, so the primary key's btree fills page after page. An import batch is ~900,000
 * (key, record) pairs and ~20,000 rows: a chunk's pairs, as two typed arrays, are sorted by key
 * with a two-pass radix sort (16 bits a pass, stable, so each key's records stay in doc order), and
 * each run of one key is a row whose bitmap is then set from left to right. A hash table from key
 * to row cost ~5 times as much: it touched a random row's bitmap for every pair.
 *
 * `chunkRows` gets each chunk's pairs sorted: keys with the sign bit flipped (unsigned order is the
 * keys' signed order; `(k ^ 0x80000000) | 0` is the key), offsets in the chunk, and the number of rows.
 */
function eachChunk(records: readonly Keyed[], chunkRows: (chunk: number, keys: Uint32Array, offs: Uint16Array, pairs: number, rows: number) => void, all = true) {
  const sorted = [...records].sort((a, b) => a.doc - b.doc);
  for (let i = 0; i < sorted.length; ) {
    const chunk = Math.floor(sorted[i].doc / CHUNK);
    let end = i;
    let pairs = 0;
    for (; end < sorted.length && Math.floor(sorted[end].doc / CHUNK) === chunk; end++) pairs += sorted[end].keys.length + (all ? 1 : 0);
    if (pairs > room) {
      room = Math.max(pairs, room * 2);
      keyA = new Uint32Array(room);
      offA = new Uint16Array(room);
      keyB = new Uint32Array(room);
      offB = new Uint16Array(room);
    }
    let p = 0;
    for (; i < end; i++) {
      const r = sorted[i];
      const off = r.doc - chunk * CHUNK;
      // Key 0 (no bigram's code) for every record of the chunk, so each chunk in use has a row.
      if (all) {
        keyA[p] = (ALL_KEY ^ 0x80000000) >>> 0;
        offA[p++] = off;
      }
      const ks = r.keys;
      for (let j = 0; j < ks.length; j++) {
        keyA[p] = (ks[j] ^ 0x80000000) >>> 0;
        offA[p++] = off;
      }
    }
    // Low 16 bits into B, then high 16 bits back into A.
    counts.fill(0);
    for (let q = 0; q < pairs; q++) counts[keyA[q] & 0xffff]++;
    for (let d = 0, sum = 0; d < 0x10000; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let q = 0; q < pairs; q++) {
      const at = counts[keyA[q] & 0xffff]++;
      keyB[at] = keyA[q];
      offB[at] = offA[q];
    }
    counts.fill(0);
    for (let q = 0; q < pairs; q++) counts[keyB[q] >>> 16]++;
    for (let d = 0, sum = 0; d < 0x10000; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let q = 0; q < pairs; q++) {
      const at = counts[keyB[q] >>> 16]++;
      keyA[at] = keyB[q];
      offA[at] = offB[q];
    }
    let rows = 0;
    for (let q = 0; q < pairs; q++) if (q === 0 || keyA[q] !== keyA[q - 1]) rows++;
    chunkRows(chunk, keyA, offA, pairs, rows);
  }
}

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
// Per row: field count, then each field's length and value: int4, int8, int2, bit(CHUNK).
const ROW = 2 + (4 + 4) + (4 + 8) + (4 + 2) + (4 + 4 + BYTES);
// The signature, then the flags and the header extension's length (0 each).
const HEADER = COPY_SIGNATURE.length + 8;

/**
 * The posting rows in COPY's binary format: the server reads each field as it is stored (the
 * bitmap as its bit length and bytes), where the text format had it parse ~500 hex digits a row
 * (half the cost of the COPY on PGlite, measured). Written straight from the sorted pairs. With
 * `all` false, without the chunks' key-0 rows (rows to join to others that have them: `joinCopies`).
 */
export function postingsBinary(records: readonly Keyed[], all = true): Buffer {
  let out = Buffer.alloc(0);
  let at = 0;
  const int32 = (v: number) => {
    out[at++] = v >>> 24;
    out[at++] = (v >>> 16) & 0xff;
    out[at++] = (v >>> 8) & 0xff;
    out[at++] = v & 0xff;
  };
  eachChunk(records, (chunk, keys, offs, pairs, rows) => {
    // Zeroed, so each bitmap only has its bits set.
    const need = (at || HEADER) + rows * ROW + 2;
    if (need > out.length) {
      const next = Buffer.alloc(Math.max(need, out.length * 2));
      out.copy(next, 0, 0, at);
      out = next;
    }
    if (!at) at = COPY_SIGNATURE.copy(out, 0) + 8;
    // A sequence's value: 0 to 2^53, as two halves.
    const hi = Math.floor(chunk / 0x100000000);
    const lo = chunk % 0x100000000;
    let nAt = -1;
    let bitsAt = 0;
    let n = 0;
    for (let q = 0; q < pairs; q++) {
      if (q === 0 || keys[q] !== keys[q - 1]) {
        if (nAt >= 0) out.writeUInt16BE(n, nAt);
        out[at++] = 0; // 4 fields
        out[at++] = 4;
        int32(4);
        int32((keys[q] ^ 0x80000000) | 0);
        int32(8);
        int32(hi);
        int32(lo);
        int32(2);
        nAt = at;
        at += 2;
        int32(4 + BYTES);
        int32(CHUNK);
        bitsAt = at;
        at += BYTES;
        n = 0;
      }
      n++;
      const o = offs[q];
      out[bitsAt + (o >> 3)] |= 0x80 >> (o & 7);
    }
    if (nAt >= 0) out.writeUInt16BE(n, nAt);
  }, all);
  if (!at) {
    out = Buffer.alloc(HEADER + 2);
    at = COPY_SIGNATURE.copy(out, 0) + 8;
  }
  out.writeInt16BE(-1, at);
  return out.subarray(0, at + 2);
}

// Where a row's chunk (int8) is: after the field count, the key's length and value, the chunk's length.
const CHUNK_AT = 2 + 4 + 4 + 4;

/**
 * The postings of a batch's new records by their place in it (record i is doc i of chunk 0), from
 * their keys laid one after another (`ends[i]`: where record i's end): what a key worker builds
 * (workers/keys.tasks.ts) before the records have numbers. `inChunk` moves them to their chunk.
 */
export function batchPostings(keys: Int32Array, ends: Uint32Array): Buffer {
  if (ends.length > CHUNK) throw new Error('batchPostings: more records than a chunk holds');
  const records: Keyed[] = new Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    records[i] = { doc: i, keys: keys.subarray(start, ends[i]) };
    start = ends[i];
  }
  return postingsBinary(records);
}

/** Binary posting rows made for chunk 0 (batchPostings), set to `chunk`, in place. */
export function inChunk(bin: Uint8Array, chunk: number): Uint8Array {
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const hi = Math.floor(chunk / 0x100000000);
  const lo = chunk % 0x100000000;
  for (let at = HEADER; at + ROW <= bin.byteLength; at += ROW) {
    view.setInt32(at + CHUNK_AT, hi);
    view.setUint32(at + CHUNK_AT + 4, lo);
  }
  return bin;
}

/** Two binary COPY streams as one: the first's rows, then the second's (each has a header and an end mark). */
export function joinCopies(a: Uint8Array, b: Uint8Array): Buffer {
  return Buffer.concat([a.subarray(0, a.byteLength - 2), b.subarray(HEADER)]);
}

/** The same rows in COPY text format, one line each: `key \t chunk \t n \t X<hex digits>` (the bitmap, bit 0 first). */
export function postingsText(records: readonly Keyed[]): Buffer {
  const lines: string[] = [];
  const bits = Buffer.alloc(BYTES);
  eachChunk(records, (chunk, keys, offs, pairs) => {
    let n = 0;
    for (let q = 0; q < pairs; q++) {
      n++;
      const o = offs[q];
      bits[o >> 3] |= 0x80 >> (o & 7);
      if (q + 1 === pairs || keys[q + 1] !== keys[q]) {
        lines.push(`${(keys[q] ^ 0x80000000) | 0}\t${chunk}\t${n}\tX${bits.toString('hex')}\n`);
        bits.fill(0);
        n = 0;
      }
    }
  });
  return Buffer.from(lines.join(''), 'latin1');
}

/**
 * Writes the postings of freshly numbered records (in the caller's transaction, with the records
 * themselves): one binary COPY, or on a driver without one, one INSERT splitting the same rows as
 * text. `han`: the records' Han postings built already (batchPostings, then inChunk), with the
 * chunks' key-0 rows: the rows of `records` are then added to them without key-0 rows.
 */
export async function writePostings(db: DbOrTx, t: PostingsTable, records: readonly Keyed[], han?: Uint8Array): Promise<void> {
  if (!records.length) return;
  if (await copyData(db, ident(t.table), COLUMNS, () => (han ? joinCopies(han, postingsBinary(records, false)) : postingsBinary(records)), 'binary')) return;
  if (han) throw new Error('writePostings: built postings need COPY');
  await db.execute(
    sql`insert into ${sql.raw(ident(t.table))} (key, chunk, n, bits)
        select split_part(l, E'\t', 1)::int4, split_part(l, E'\t', 2)::int8, split_part(l, E'\t', 3)::int2, split_part(l, E'\t', 4)::bit(${sql.raw(String(CHUNK))})
          from unnest(string_to_array(rtrim(${postingsText(records).toString('latin1')}, E'\n'), E'\n')) l`,
  );
}

/**
 * Writes the postings of freshly numbered records by both kinds of key: integer keys (Han bigram
 * codes) as they are, text keys through the dictionary (one statement for the batch's keys). Each
 * name is looked up once, in the import's cache; only the names it lacks go to `keyIds` (after the
 * first batches of an import, few: a batch has ~120,000 names and ~5,000 distinct ones). With
 * `han` (writePostings), the integer keys' rows are those, and `keys` is not read.
 */
export async function writeKeyedPostings(
  db: DbOrTx,
  t: PostingsTable,
  records: readonly { doc: number; keys: ArrayLike<number>; names: readonly string[] }[],
  cache?: KeyIdCache,
  han?: Uint8Array,
): Promise<void> {
  if (!records.length) return;
  const keyed: { doc: number; keys: Int32Array }[] = new Array(records.length);
  const missed: string[] = [];
  const missedAt: number[] = []; // record, position: a pair for each missed name
  // Every record's keys in one array (views of it), rather than an ArrayBuffer a record.
  const own = (r: (typeof records)[number]) => (han ? 0 : r.keys.length);
  let total = 0;
  for (const r of records) total += own(r) + r.names.length;
  const all = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const n = own(r);
    const keys = all.subarray(at, (at += n + r.names.length));
    if (n) keys.set(r.keys);
    for (let j = 0; j < r.names.length; j++) {
      const id = cache?.get(r.names[j]);
      if (id !== undefined) keys[n + j] = id;
      else {
        missed.push(r.names[j]);
        missedAt.push(i, n + j);
      }
    }
    keyed[i] = { doc: r.doc, keys };
  }
  if (missed.length) {
    const ids = await keyIds(db, t, missed, cache);
    for (let m = 0; m < missed.length; m++) keyed[missedAt[2 * m]].keys[missedAt[2 * m + 1]] = ids.get(missed[m])!;
  }
  await writePostings(db, t, keyed, han);
}

/** How many of the rarer optional keys a lookup intersects (besides every required one). */
export const RAREST = 3;

const intList = (xs: readonly number[]) => sql.raw(`'{${xs.map((x) => String(Math.trunc(x))).join(',')}}'::int4[]`);

/**
 * How many records at most hold every key of a lookup: the fewest postings of any one key (for a
 * lone key, its exact count; a name the dictionary lacks, 0). What a total says above the exact
 * count's cap, where the planner, which cannot see into the bitmaps, would say nothing useful.
 * Null without keys.
 */
export async function estimateDocs(db: DbOrTx, t: PostingsTable, keys: readonly number[], names: readonly string[]): Promise<number | null> {
  if (!keys.length && !names.length) return null;
  const tbl = sql.raw(ident(t.table));
  const dict = sql.raw(ident(t.names));
  const all = sql.join(
    [
      ...(keys.length ? [sql`select k.key from unnest(${intList([...new Set(keys)])}) k(key)`] : []),
      ...(names.length ? [sql`select d.id as key from unnest(${sql.param([...new Set(names)])}::text[]) n(name) left join ${dict} d on d.key = n.name`] : []),
    ],
    sql` union all `,
  );
  const [row] = rowsOf<{ n: number | string | null }>(
    await db.execute(sql`select min(df) as n from (select coalesce(sum(c.n), 0) as df from (${all}) k left join ${tbl} c on c.key = k.key group by k.key) x`),
  );
  return row?.n === null || row?.n === undefined ? null : Number(row.n);
}

/**
 * Record numbers of the set bits of `bits` in chunk `chunk` (SQL expressions of a FROM item): a
 * get_bit per position, 3× faster than splitting the bitmap's text into characters (200,000 set
 * bits in 98 chunks: 18 ms against 53 on PostgreSQL).
 */
const expand = (from: SQL, chunk: string, bits: string) =>
  sql`select ${sql.raw(chunk)} * ${sql.raw(String(CHUNK))} + x.i from ${from}, generate_series(0, ${sql.raw(String(CHUNK - 1))}) x(i) where get_bit(${sql.raw(bits)}, x.i) = 1`;

/**
 * The record numbers holding every `required` key and some of the `optional` ones (the rarest
 * RAREST, by their number of postings; those are only a narrowing, an exact recheck follows), and
 * every one of the text keys `names` (required too; read through the dictionary: a name it does not
 * hold has no postings). The bitmaps are intersected (bit_and) only in the chunks of the rarest
 * chosen key, so a common key is read only there. A key with no postings at all is the rarest, and
 * the answer is empty.
 */
export function candidates(t: PostingsTable, required: readonly number[], optional: readonly number[], names: readonly string[] = []): SQL {
  return expand(sql`(${hitChunks(t, required, optional, names)}) h`, 'h.chunk', 'h.bits');
}

/** (chunk, bits) of the chunks holding every required key and name and the rarest optional keys (see `candidates`). */
function hitChunks(t: PostingsTable, required: readonly number[], optional: readonly number[], names: readonly string[]): SQL {
  const tbl = sql.raw(ident(t.table));
  const dict = sql.raw(ident(t.names));
  const req = [...new Set(required)];
  const opt = [...new Set(optional)].filter((k) => !req.includes(k));
  const nm = [...new Set(names)];
  const nameId = (name: string) => sql`(select d.id from ${dict} d where d.key = ${name})`;
  if (req.length + opt.length + nm.length === 1) {
    const key = nm.length ? nameId(nm[0]) : sql.raw(String(Math.trunc([...req, ...opt][0])));
    return sql`select c.chunk, c.bits from ${tbl} c where c.key = ${key}`;
  }
  // Every key with whether it is required; a name the dictionary lacks is a null key, which has no postings.
  const keys = sql.join(
    [
      ...(req.length || opt.length ? [sql`select k.key, k.key = any(${intList(req)}) as req from unnest(${intList([...req, ...opt])}) k(key)`] : []),
      ...(nm.length ? [sql`select d.id as key, true as req from unnest(${sql.param(nm)}::text[]) n(name) left join ${dict} d on d.key = n.name`] : []),
    ],
    sql` union all `,
  );
  return sql`
    with df as materialized (
      select k.key, bool_or(k.req) as req, coalesce(sum(c.n), 0) as df
        from (${keys}) k left join ${tbl} c on c.key = k.key group by k.key
    ), ks as materialized (
      select key, df from df where req
      union all (select key, df from df where not req order by df, key limit ${sql.raw(String(RAREST))})
    ), lead as materialized (
      select c.chunk from ${tbl} c where c.key = (select key from ks order by df, key nulls first limit 1)
    ), hit as materialized (
      select c.chunk, bit_and(c.bits) as bits from lead join ${tbl} c on c.chunk = lead.chunk and c.key in (select key from ks)
       group by c.chunk having count(*) = (select count(*) from ks)
    )
    select hit.chunk, hit.bits from hit`;
}

/** One chunk's bitmap of a lookup: the chunk, and its CHUNK bits (bit 0 = the first byte's high bit). */
export interface ChunkBits {
  chunk: number;
  bits: Uint8Array;
}

/** How long a key's number of postings read here is used for choosing keys (it only steers the lookup). */
const FREQUENCY_TTL_MS = 60_000;

/**
 * What the lookups of one process have read of a posting index: each key's number of postings (to
 * choose the rarest keys without summing them again: at 1,000,000 patents a common bigram has ~500
 * rows, each a page read) and the ids of text keys (never reused). Numbers are only a choice of
 * which necessary keys to intersect, so a stale one costs time, never a match.
 */
class KeyStats {
  private readonly df = new Map<number, { n: number; at: number }>();
  private readonly ids = new Map<string, number>();
  constructor(private readonly t: PostingsTable) {}

  /** The ids of text keys; null for one the dictionary does not hold (no record has it). */
  async idsOf(db: DbOrTx, names: readonly string[]): Promise<(number | null)[]> {
    const missing = names.filter((n) => !this.ids.has(n));
    if (missing.length) {
      const rows = rowsOf<{ key: string; id: number }>(await db.execute(sql`select key, id from ${sql.raw(ident(this.t.names))} where key = any(${sql.param(missing)}::text[])`));
      for (const r of rows) this.ids.set(r.key, Number(r.id));
    }
    return names.map((n) => this.ids.get(n) ?? null);
  }

  async frequencies(db: DbOrTx, keys: readonly number[]): Promise<Map<number, number>> {
    const now = Date.now();
    const stale = keys.filter((k) => (this.df.get(k)?.at ?? -Infinity) < now - FREQUENCY_TTL_MS);
    if (stale.length) {
      const rows = rowsOf<{ key: number; n: string | number }>(
        await db.execute(sql`select k.key, coalesce(sum(c.n), 0) as n from unnest(${intList(stale)}) k(key) left join ${sql.raw(ident(this.t.table))} c on c.key = k.key group by k.key`),
      );
      for (const r of rows) this.df.set(Number(r.key), { n: Number(r.n), at: now });
    }
    return new Map(keys.map((k) => [k, this.df.get(k)?.n ?? 0]));
  }
}

/**
 * The chunks a reader of the postings knows, in the order it learned them, and a number that
 * changes whenever it forgets them (search/doc-order.ts: a key-0 row rewritten or gone). Every
 * posting row of a chunk it knows was committed before it learned the chunk.
 */
export interface KnownChunks {
  readonly learned: readonly number[];
  readonly epoch: number;
  knows(chunk: number): boolean;
}

/** What the lookup cache of one posting table holds at most, per process (outside the JS heap). */
export const BITMAP_CACHE_BYTES = 32 * 1024 * 1024;
/** What a cached key or chunk costs besides its bits (map entries, objects), roughly. */
const ENTRY_OVERHEAD = 64;

interface Cached {
  /** Whose chunks, and which of them the bitmaps are complete for (`learned[0, seen)`). */
  known: KnownChunks;
  epoch: number;
  seen: number;
  /** The chunks holding every key, and their intersected bitmaps. */
  bits: Map<number, Uint8Array>;
  bytes: number;
}

/**
 * The answers of bitmap lookups (a set of keys → the chunks holding all of them, intersected), kept
 * by the set of keys. A (key, chunk) row is written once, with its chunk, in the transaction that
 * takes the chunk's numbers, and never rewritten (an updated record takes a new number in a new
 * chunk), so a lookup's answer in a chunk stays true: asked again, only the chunks the reader
 * learned since are read. The next page of a query, its facets, the other sort and the next query
 * sharing its rarest keys read no bitmap again (the postings' reads were ~14 ms of a first page on
 * the embedded database at 200,000). Least recently used lookups go first past the budget; when the
 * reader forgets its chunks, so does this.
 */
class LookupCache {
  private readonly entries = new Map<string, Cached>();
  private bytes = 0;
  constructor(
    private readonly t: PostingsTable,
    private readonly budget: number,
  ) {}

  /** The chunks `known` knows holding every one of `keys` (`lead`: the rarest), as copies. */
  async holding(db: DbOrTx, keys: readonly number[], lead: number, known: KnownChunks): Promise<ChunkBits[]> {
    const n = known.learned.length;
    const epoch = known.epoch;
    const id = [...keys].sort((a, b) => a - b).join(',');
    let e = this.entries.get(id);
    if (e && (e.known !== known || e.epoch !== epoch)) {
      this.drop(id, e);
      e = undefined;
    }
    if (e && e.seen >= n) {
      this.entries.delete(id); // the most recently used last
      this.entries.set(id, e);
    } else {
      const rows = await chunksHolding(db, this.t, keys, lead, e ? known.learned.slice(e.seen) : undefined);
      // Copied into one buffer of their own: the driver's may be views of a larger one.
      const room = new Uint8Array(rows.length * BYTES);
      const got = new Map<number, Uint8Array>();
      rows.forEach((r, i) => {
        room.set(r.bits, i * BYTES);
        got.set(r.chunk, room.subarray(i * BYTES, (i + 1) * BYTES));
      });
      if (e) {
        // The chunks learned since, into the entry read from (another request may have added some).
        let bytes = 0;
        for (const [c, b] of got) {
          if (e.bits.has(c)) continue;
          e.bits.set(c, b);
          bytes += BYTES + ENTRY_OVERHEAD;
        }
        e.seen = Math.max(e.seen, n);
        if (this.entries.get(id) === e) this.grow(e, bytes);
      } else {
        e = { known, epoch, seen: n, bits: got, bytes: 0 };
        // Kept unless the reader forgot its chunks meanwhile; one another request made meanwhile is replaced.
        const bytes = ENTRY_OVERHEAD + id.length + got.size * (BYTES + ENTRY_OVERHEAD);
        if (known.epoch === epoch && bytes <= this.budget / 4) {
          const cur = this.entries.get(id);
          if (cur) this.drop(id, cur);
          this.entries.set(id, e);
          this.grow(e, bytes);
        }
      }
      for (const [k, x] of this.entries) {
        if (this.bytes <= this.budget) break;
        this.drop(k, x);
      }
    }
    const out: ChunkBits[] = [];
    for (const [chunk, bits] of e.bits) if (known.knows(chunk)) out.push({ chunk, bits: Uint8Array.from(bits) }); // copies: callers may change theirs
    return out;
  }

  private grow(e: Cached, bytes: number) {
    e.bytes += bytes;
    this.bytes += bytes;
  }

  private drop(id: string, e: Cached) {
    this.entries.delete(id);
    this.bytes -= e.bytes;
  }
}

interface TableState {
  stats: KeyStats;
  lookups: LookupCache;
}

const stateByDb = new WeakMap<object, Map<string, TableState>>();
const stateOf = (root: object, t: PostingsTable) => {
  let m = stateByDb.get(root);
  if (!m) stateByDb.set(root, (m = new Map()));
  let s = m.get(t.table);
  if (!s) m.set(t.table, (s = { stats: new KeyStats(t), lookups: new LookupCache(t, BITMAP_CACHE_BYTES) }));
  return s;
};

/**
 * The bitmaps of the chunks holding every one of `keys`, read and intersected in SQL in the chunks
 * of `lead`, one of them (only in `chunks`, when given).
 */
async function chunksHolding(db: DbOrTx, t: PostingsTable, keys: readonly number[], lead: number, chunks?: readonly number[]): Promise<ChunkBits[]> {
  if (chunks && !chunks.length) return [];
  const tbl = sql.raw(ident(t.table));
  const within = chunks ? sql` and l.chunk = any(${sql.param(chunks)}::int8[])` : sql``;
  const q =
    keys.length === 1
      ? sql`select l.chunk, substring(varbit_send(l.bits) from 5) as bits from ${tbl} l where l.key = ${sql.raw(String(Math.trunc(lead)))}${within}`
      : sql`select c.chunk, substring(varbit_send(bit_and(c.bits)) from 5) as bits
              from ${tbl} l join ${tbl} c on c.chunk = l.chunk and c.key = any(${intList(keys)})
             where l.key = ${sql.raw(String(Math.trunc(lead)))}${within}
             group by c.chunk having count(*) = ${sql.raw(String(keys.length))}`;
  return rowsOf<{ chunk: string | number; bits: unknown }>(await db.execute(q)).map((r) => ({ chunk: Number(r.chunk), bits: bytesOf(r.bits) }));
}

/**
 * The same records as `candidates`, as bitmaps by chunk, with the keys chosen here from what this
 * process has read of their numbers of postings (`root`: the database handle those are kept for;
 * `db`: where to read, maybe its transaction). With `known`, in the chunks it knows, through the
 * process' cache of lookups.
 */
export async function candidateChunks(
  db: DbOrTx,
  root: object,
  t: PostingsTable,
  required: readonly number[],
  optional: readonly number[],
  names: readonly string[] = [],
  known?: KnownChunks,
): Promise<ChunkBits[]> {
  const { stats, lookups } = stateOf(root, t);
  const ids = await stats.idsOf(db, [...new Set(names)]);
  if (ids.some((id) => id === null)) return [];
  const req = [...new Set([...required, ...(ids as number[])])];
  const opt = [...new Set(optional)].filter((k) => !req.includes(k));
  const df = await stats.frequencies(db, [...req, ...opt]);
  const rarest = opt.sort((a, b) => df.get(a)! - df.get(b)! || a - b).slice(0, RAREST);
  const keys = [...req, ...rarest];
  if (!keys.length) throw new Error('candidateChunks: no key');
  const lead = keys.reduce((a, b) => (df.get(b)! < df.get(a)! ? b : a));
  return known ? lookups.holding(db, keys, lead, known) : chunksHolding(db, t, keys, lead);
}

/** Bitmaps (as candidateChunks) of the records holding every key of some one of the key sets. */
export async function anyOfChunks(db: DbOrTx, root: object, t: PostingsTable, sets: readonly (readonly number[])[], known?: KnownChunks): Promise<ChunkBits[]> {
  const { stats, lookups } = stateOf(root, t);
  const df = await stats.frequencies(db, [...new Set(sets.flat())]);
  const out = new Map<number, Uint8Array>();
  for (const set of sets) {
    const keys = [...new Set(set)];
    if (!keys.length) continue;
    const lead = keys.reduce((a, b) => (df.get(b)! < df.get(a)! ? b : a));
    for (const c of known ? await lookups.holding(db, keys, lead, known) : await chunksHolding(db, t, keys, lead)) {
      const had = out.get(c.chunk);
      if (!had) out.set(c.chunk, c.bits);
      else for (let i = 0; i < had.length; i++) had[i] |= c.bits[i];
    }
  }
  return [...out].map(([chunk, bits]) => ({ chunk, bits }));
}
