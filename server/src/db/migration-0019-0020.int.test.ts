import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from './client';
import { migrate, migrationsFolder } from './migrate';
import * as repo from '../modules/patents/patents.repository';
import { parseQuery } from '../search/query-parser';
import { rowsOf } from '../search/sql';

/**
 * Migration 0019 moves patents' Latin keys from the GIN on search_keys into the postings, and 0020
 * makes the postings' chunks 2,048 records wide instead of 512: records stored before them must be
 * found by those keys afterwards, under the numbers they have.
 */
let handle: DbHandle;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-m0019-'));
  // The migrations up to 0018, as a database had them before this one.
  const before = path.join(dir, 'migrations');
  fs.cpSync(migrationsFolder, before, { recursive: true });
  const journalPath = path.join(before, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 18);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  handle = await openDatabase({ dataDir: path.join(dir, 'data') });
  await migratePglite(handle.db as never, { migrationsFolder: before });
  const row = (id: string, doc: number, title: string, keys: string[]) => sql`
    insert into patents (id, upsert_key, title, han_sig, doc, search_keys, publication_date)
    values (${id}::uuid, ${`ex:${id}`}, ${title}, sha256(''::bytea), ${doc}, ${sql.param(keys)}::text[], '2024-01-01')`;
  await handle.db.execute(sql`select setval('patent_doc_chunks', 2)`);
  await handle.db.execute(row('00000000-0000-4000-8000-000000000001', 512 + 3, 'OLED display', ['w:oled', 'x:o', 'x:ol', 'x:ole', 'x:oled', 'w:display', 'c:h', 'c:h01', 'c:h01l']));
  await handle.db.execute(row('00000000-0000-4000-8000-000000000002', 1024 + 7, 'IGBT module', ['w:igbt', 'x:i', 'x:ig', 'x:igb', 'x:igbt', 'w:module', 'c:h', 'c:h01', 'c:h01m']));
  // Their rows of key 0 (every record of a chunk) in the old chunks of 512: 1 and 2.
  await handle.db.execute(sql`insert into patent_han_postings (key, chunk, n, bits) values
    (0, 1, 1, set_bit(repeat('0', 512)::bit(512), 3, 1)), (0, 2, 1, set_bit(repeat('0', 512)::bit(512), 7, 1))`);
  await migrate(handle);
});

afterAll(async () => {
  await handle?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrations 0019 and 0020 (Latin keys into the postings, chunks of 2,048)', () => {
  const ids = async (q: string) => (await repo.matchingIds(handle.db, parseQuery(q), sql`true`)).sort();

  it('finds records stored before it by their Latin, prefix and IPC keys', async () => {
    expect(await ids('OLED')).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(await ids('ig*')).toEqual(['00000000-0000-4000-8000-000000000002']);
    expect(await ids('ipc:H01')).toEqual(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']);
    expect(await ids('ipc:H01M')).toEqual(['00000000-0000-4000-8000-000000000002']);
    expect(await ids('OLED IGBT')).toEqual([]);
    expect(await ids('unknownword')).toEqual([]);
  });

  it('puts each record at its own number in the wider chunks, and hands out new numbers past them', async () => {
    const bits = rowsOf<{ key: string; chunk: number; b1: number; b2: number }>(
      await handle.db.execute(sql`select d.key, p.chunk, get_bit(p.bits, 515) as b1, get_bit(p.bits, 1031) as b2 from patent_postings p join patent_key_ids d on d.id = p.key where d.key in ('w:oled', 'w:igbt') order by d.key`),
    );
    expect(bits.map((b) => ({ ...b, chunk: Number(b.chunk) }))).toEqual([
      { key: 'w:igbt', chunk: 0, b1: 0, b2: 1 },
      { key: 'w:oled', chunk: 0, b1: 1, b2: 0 },
    ]);
    const [all] = rowsOf<{ n: number; ones: number }>(await handle.db.execute(sql`select n, bit_count(bits)::int as ones from patent_postings where key = 0`));
    expect(all).toEqual({ n: 2, ones: 2 });
    const [next] = rowsOf<{ c: number }>(await handle.db.execute(sql`select nextval('patent_doc_chunks') as c`));
    expect(Number(next.c)).toBeGreaterThan(0);
  });

  it('moves the Latin keys to posting_keys with one id each, outside the range of Han bigram codes; IPC keys stay', async () => {
    const keys = rowsOf<{ search_keys: string[]; posting_keys: string[] }>(await handle.db.execute(sql`select search_keys, posting_keys from patents order by id`));
    expect(keys[0]).toEqual({ search_keys: ['c:h', 'c:h01', 'c:h01l'], posting_keys: ['w:oled', 'x:o', 'x:ol', 'x:ole', 'x:oled', 'w:display'] });
    const [d] = rowsOf<{ n: number; lo: number; hi: number }>(await handle.db.execute(sql`select count(*)::int as n, min(id) as lo, max(id) as hi from patent_key_ids`));
    expect(d.n).toBe(12);
    expect(Number(d.lo)).toBeGreaterThanOrEqual(0x00100000);
    expect(Number(d.hi)).toBeLessThan(0x2e800000);
    const [p] = rowsOf<{ rows: number; bits: number }>(await handle.db.execute(sql`select count(*)::int as rows, sum(bit_count(bits))::int as bits from patent_postings where key <> 0`));
    // Six posting keys a record: a row per key and chunk.
    expect(p).toEqual({ rows: 12, bits: 12 });
  });
});
