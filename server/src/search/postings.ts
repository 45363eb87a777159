import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { copyData } from './bulk';
import { rowsOf } from './sql';

/**
 * An inverted index of integer keys in a table of our own, instead of a GIN on each record's key
 * array: one row per key and *chunk* of records written together, holding a bitmap (bit(512)) of
 * the chunk's records that have the key. A record's number (`doc`) is chunk × CHUNK + bit; chunks
 * come from a sequence, so numbers are never reused.
 *
 * Keys: Han bigram codes (search/text.ts bigramCode) and, for text keys (`w:oled`, `c:h01m`…), an
 * int4 id each from a dictionary table (`names`), in a range no bigram code takes (`keyIds`).
 *
 * Why: a GIN entry per key and record (~390 Han and ~96 other keys a patent) made the index insert
 * the whole cost of an import; one row per key and chunk is ~35 rows a patent on the generated
 * corpus (an import batch of 500 records has ~17,000 distinct keys), written with one COPY. Bitmaps
 * rather than lists of offsets: a bitmap is read by COPY as 128 hex digits where a list cost a parse
 * per element, and the search intersects them with bit_and instead of grouping every offset.
 *
 * Updates: a record whose keys are written anew gets a new number in a new chunk; the postings
 * under its old number match no record any more (the search joins numbers to the table), so
 * nothing is ever deleted or rewritten. The dead numbers cost only space and candidates.
 *
 * Search (`candidates`): the docs holding every key of a set, intersected in SQL; where an exact
 * recheck follows, only the rarest few keys are intersected (any subset of a necessary condition
 * is one), and only in the chunks of the rarest, so a common bigram (所述) is read only there.
 */

export const CHUNK = 512;

/**
 * The key of every record of a chunk (no bigram code is 0): each chunk in use has a row, so the
 * largest chunk in the table is the largest in use, which a restore sets the sequence past
 * (the sequence is owned by the chunk column, migration 0016).
 */
export const ALL_KEY = 0;

export interface PostingsTable {
  /** Plain identifiers: the postings table (key int4, chunk int8, n int2, bits bit(512)) and the sequence of chunks. */
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
export function keySignature(keys: readonly number[]): Buffer {
  const b = Buffer.allocUnsafe(keys.length * 4);
  for (let i = 0; i < keys.length; i++) b.writeInt32BE(keys[i] | 0, i * 4);
  return createHash('sha256').update(b).digest();
}

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
  for (const k of new Set(keys)) {
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
  if (ids.size < new Set(keys).size) throw new Error('keyIds: a key has no id');
  return ids;
}

const COLUMNS = ['key', 'chunk', 'n', 'bits'];
const HEX_DIGITS = Buffer.from('0123456789abcdef');

/**
 * The posting rows of some records (doc, distinct keys) in COPY text format, one line per key and
 * chunk: `key \t chunk \t n \t X<128 hex digits>` (the bitmap, bit 0 first), in key order so the
 * primary key's btree fills page after page. Built as bytes: an import batch is ~195,000 (key,
 * record) pairs and ~11,000 lines.
 */
export function postingsText(records: readonly { doc: number; keys: readonly number[] }[]): Buffer {
  if (!records.length) return Buffer.alloc(0);
  const sorted = [...records].sort((a, b) => a.doc - b.doc);
  let total = 0;
  for (const r of sorted) total += r.keys.length + 1;
  // An open-addressing table of the distinct keys, each with its list of records (ascending, as the
  // records are visited in order) threaded through `next`: typed arrays, since bigram codes are
  // outside V8's small integers and a Map of them is several times slower.
  let size = 1024;
  while (size < total * 2) size *= 2; // at most `total` distinct keys: the table stays at most half full
  const mask = size - 1;
  const slotKey = new Int32Array(size);
  const used = new Uint8Array(size);
  const head = new Int32Array(size);
  const tail = new Int32Array(size);
  const next = new Int32Array(total);
  const docOf = new Float64Array(total);
  let distinct = 0;
  let i = 0;
  for (const r of sorted) {
    // Key 0 (no bigram's code) first: every record of the chunk, so each chunk in use has a row.
    for (let j = -1; j < r.keys.length; j++) {
      const k = j < 0 ? ALL_KEY : r.keys[j];
      let h = Math.imul(k, 0x9e3779b1) >>> 0;
      h = (h ^ (h >>> 15)) & mask;
      while (used[h] && slotKey[h] !== k) h = (h + 1) & mask;
      docOf[i] = r.doc;
      next[i] = -1;
      if (!used[h]) {
        if (++distinct > size / 2) throw new Error('postingsText: table full');
        used[h] = 1;
        slotKey[h] = k;
        head[h] = i;
      } else next[tail[h]] = i;
      tail[h] = i;
      i++;
    }
  }
  const slots: number[] = [];
  for (let h = 0; h < size; h++) if (used[h]) slots.push(h);
  slots.sort((a, b) => slotKey[a] - slotKey[b]);
  // Longest line: 11 + 1 + 20 + 1 + 3 + 1 + 1 + 128 + 1 bytes; at most one line per pair.
  const out = Buffer.allocUnsafe(168 * Math.min(total, distinct * (1 + Math.ceil((sorted[sorted.length - 1].doc - sorted[0].doc + 1) / CHUNK))));
  let at = 0;
  for (const h of slots) {
    const key = slotKey[h];
    let p = head[h];
    while (p >= 0) {
      const chunk = Math.floor(docOf[p] / CHUNK);
      let count = 0;
      for (let q = p; q >= 0 && Math.floor(docOf[q] / CHUNK) === chunk; q = next[q]) count++;
      at += out.write(`${key}\t${chunk}\t${count}\tX`, at, 'latin1');
      out.fill(0x30, at, at + CHUNK / 4);
      // Offsets ascend: each hex digit is complete when the next one starts.
      let digit = -1;
      let value = 0;
      for (; p >= 0 && Math.floor(docOf[p] / CHUNK) === chunk; p = next[p]) {
        const off = docOf[p] - chunk * CHUNK;
        if (off >> 2 !== digit) {
          if (digit >= 0) out[at + digit] = HEX_DIGITS[value];
          digit = off >> 2;
          value = 0;
        }
        value |= 8 >> (off & 3);
      }
      out[at + digit] = HEX_DIGITS[value];
      at += CHUNK / 4;
      out[at++] = 0x0a;
    }
  }
  return out.subarray(0, at);
}

/**
 * Writes the postings of freshly numbered records (in the caller's transaction, with the records
 * themselves): one COPY, or on a driver without one, one INSERT splitting the same text.
 */
export async function writePostings(db: DbOrTx, t: PostingsTable, records: readonly { doc: number; keys: readonly number[] }[]): Promise<void> {
  if (!records.length) return;
  const text = postingsText(records);
  if (await copyData(db, ident(t.table), COLUMNS, () => text)) return;
  await db.execute(
    sql`insert into ${sql.raw(ident(t.table))} (key, chunk, n, bits)
        select split_part(l, E'\t', 1)::int4, split_part(l, E'\t', 2)::int8, split_part(l, E'\t', 3)::int2, split_part(l, E'\t', 4)::bit(512)
          from unnest(string_to_array(rtrim(${text.toString('latin1')}, E'\n'), E'\n')) l`,
  );
}

/**
 * Writes the postings of freshly numbered records by both kinds of key: integer keys (Han bigram
 * codes) as they are, text keys through the dictionary (one statement for the batch's keys).
 */
export async function writeKeyedPostings(
  db: DbOrTx,
  t: PostingsTable,
  records: readonly { doc: number; keys: readonly number[]; names: readonly string[] }[],
  cache?: KeyIdCache,
): Promise<void> {
  if (!records.length) return;
  const ids = await keyIds(db, t, records.flatMap((r) => r.names), cache);
  await writePostings(
    db,
    t,
    records.map((r) => {
      const keys = r.keys.slice();
      for (const name of r.names) keys.push(ids.get(name)!);
      return { doc: r.doc, keys };
    }),
  );
}

/** How many of the rarer optional keys a lookup intersects (besides every required one). */
export const RAREST = 3;

const intList = (xs: readonly number[]) => sql.raw(`'{${xs.map((x) => String(Math.trunc(x))).join(',')}}'::int4[]`);

/** Record numbers of the set bits of `bits` in chunk `chunk` (SQL expressions of a FROM item). */
const expand = (from: SQL, chunk: string, bits: string) =>
  sql`select ${sql.raw(chunk)} * ${sql.raw(String(CHUNK))} + x.o - 1 from ${from}, unnest(string_to_array(${sql.raw(bits)}::text, null)) with ordinality x(v, o) where x.v = '1'`;

/**
 * The record numbers holding every `required` key and some of the `optional` ones (the rarest
 * RAREST, by their number of postings; those are only a narrowing, an exact recheck follows), and
 * every one of the text keys `names` (required too; read through the dictionary: a name it does not
 * hold has no postings). The bitmaps are intersected (bit_and) only in the chunks of the rarest
 * chosen key, so a common key is read only there. A key with no postings at all is the rarest, and
 * the answer is empty.
 */
export function candidates(t: PostingsTable, required: readonly number[], optional: readonly number[], names: readonly string[] = []): SQL {
  const tbl = sql.raw(ident(t.table));
  const dict = sql.raw(ident(t.names));
  const req = [...new Set(required)];
  const opt = [...new Set(optional)].filter((k) => !req.includes(k));
  const nm = [...new Set(names)];
  const nameId = (name: string) => sql`(select d.id from ${dict} d where d.key = ${name})`;
  if (req.length + opt.length + nm.length === 1) {
    const key = nm.length ? nameId(nm[0]) : sql.raw(String(Math.trunc([...req, ...opt][0])));
    return expand(sql`${tbl} c`, 'c.chunk', 'c.bits').append(sql` and c.key = ${key}`);
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
    ${expand(sql`hit`, 'hit.chunk', 'hit.bits')}`;
}
