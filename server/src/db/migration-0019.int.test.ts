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
 * Migration 0019 moves patents' Latin keys from the GIN on search_keys into the postings: records
 * stored before it must be found by those keys afterwards, under the numbers they have.
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
  await migrate(handle);
});

afterAll(async () => {
  await handle?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migration 0019 (Latin keys into the postings)', () => {
  const ids = async (q: string) => (await repo.matchingIds(handle.db, parseQuery(q), sql`true`)).sort();

  it('finds records stored before it by their Latin, prefix and IPC keys', async () => {
    expect(await ids('OLED')).toEqual(['00000000-0000-4000-8000-000000000001']);
    expect(await ids('ig*')).toEqual(['00000000-0000-4000-8000-000000000002']);
    expect(await ids('ipc:H01')).toEqual(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']);
    expect(await ids('ipc:H01M')).toEqual(['00000000-0000-4000-8000-000000000002']);
    expect(await ids('OLED IGBT')).toEqual([]);
    expect(await ids('unknownword')).toEqual([]);
  });

  it('moves the Latin keys to posting_keys with one id each, outside the range of Han bigram codes; IPC keys stay', async () => {
    const keys = rowsOf<{ search_keys: string[]; posting_keys: string[] }>(await handle.db.execute(sql`select search_keys, posting_keys from patents order by id`));
    expect(keys[0]).toEqual({ search_keys: ['c:h', 'c:h01', 'c:h01l'], posting_keys: ['w:oled', 'x:o', 'x:ol', 'x:ole', 'x:oled', 'w:display'] });
    const [d] = rowsOf<{ n: number; lo: number; hi: number }>(await handle.db.execute(sql`select count(*)::int as n, min(id) as lo, max(id) as hi from patent_key_ids`));
    expect(d.n).toBe(12);
    expect(Number(d.lo)).toBeGreaterThanOrEqual(0x00100000);
    expect(Number(d.hi)).toBeLessThan(0x2e800000);
    const [p] = rowsOf<{ rows: number; bits: number }>(await handle.db.execute(sql`select count(*)::int as rows, sum(bit_count(bits))::int as bits from patent_postings`));
    // Six posting keys a record: a row per key and chunk.
    expect(p).toEqual({ rows: 12, bits: 12 });
  });
});
