import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runReindex } from '../cli/reindex.commands';
import { importPatents } from '../modules/patents/patents.import';
import * as patentRepo from '../modules/patents/patents.repository';
import { importTrademarks } from '../modules/trademarks/trademarks.import';
import { auditEventsOf, buildNetwork } from '../../test/factories';
import { setupTestApp } from '../../test/harness';

const ctx = await setupTestApp();
const rowsOf = async <T>(q: ReturnType<typeof sql>) => ((await ctx.db.execute(q)) as unknown as { rows: T[] }).rows;
const jsonl = (rows: object[]) => Readable.from([rows.map((r) => JSON.stringify(r)).join('\n')]);
let net: Awaited<ReturnType<typeof buildNetwork>>;

const PATENTS = [
  { externalId: 'ri-wide', title: '一种ＯＬＥＤ柔性屏', abstract: '支持５Ｇ通信的折叠显示模组。', applicants: ['深圳市折叠科技有限公司'], publicationDate: '2021-08-01' },
  ...Array.from({ length: 6 }, (_, i) => ({ externalId: `ri-${i}`, title: `一种储能装置${i}`, abstract: '电池包结构。', publicationDate: '2020-01-01' })),
];

/** Runs the CLI command in-process, keeping what it prints. */
async function reindex(kind: 'patents' | 'trademarks', batchSize?: string) {
  const printed: string[] = [];
  const noted: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => noted.push(String(chunk)) > 0);
  try {
    const counts = await runReindex(ctx.deps, kind, { batchSize });
    return { counts, printed, noted };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

const patentHits = async (q: string) => {
  const res = await net.staff1.get(`/api/patents/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (res.body.items as { externalId: string }[]).map((i) => i.externalId);
};
const trademarkHits = async (q: string) => {
  const res = await net.staff1.get(`/api/trademarks/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (res.body.items as { registrationNumber: string }[]).map((i) => i.registrationNumber);
};

beforeAll(async () => {
  net = await buildNetwork(ctx);
  expect((await importPatents(ctx.deps, jsonl(PATENTS), 'jsonl')).counts).toMatchObject({ inserted: PATENTS.length, bad: 0 });
  const marks = await importTrademarks(ctx.deps, jsonl([{ registrationNumber: '30000001', markName: '折叠ＯＬＥＤ', niceClasses: [9], goodsServices: '显示屏' }]), 'jsonl');
  expect(marks.counts).toMatchObject({ created: 1, rejected: 0 });
});

describe('ipstation patents reindex', () => {
  it('rewrites stale keys in batches so search finds the record again; records keep version and import batch; a second run changes nothing', async () => {
    expect(await patentHits('OLED 柔性屏')).toEqual(['ri-wide']);
    const [before] = await rowsOf<Record<string, unknown>>(sql`select version, import_batch, han_sig, doc, search_keys, seg_words, record_keys from patents where external_id = 'ri-wide'`);
    // Keys as an older release left them: no Han keys (a record number without postings, the
    // signature of no keys), and Latin keys without the full-width fold.
    await ctx.db.execute(sql`update patents set han_sig = sha256(''::bytea), doc = nextval('patent_doc_chunks') * 2048, search_keys = array['w:ｏｌｅｄ'], seg_words = '{}', record_keys = '{}' where external_id = 'ri-wide'`);
    expect(await patentHits('OLED')).toEqual([]);
    expect(await patentHits('柔性屏')).toEqual([]);
    expect(await patentHits('ap:深圳市折叠科技有限公司')).toEqual([]);

    const first = await reindex('patents', '3');
    expect(first.counts).toEqual({ read: PATENTS.length, changed: 1, skipped: 0 });
    expect(first.printed).toEqual([expect.stringMatching(/^read 7, rewritten 1, unchanged 6, changed meanwhile by an import 0 \(/)]);
    expect(first.noted.at(-1)).toBe(`… 7 / 7 patents read, 1 with stale keys rewritten\n`);

    expect(await patentHits('OLED')).toEqual(['ri-wide']);
    expect(await patentHits('５Ｇ 柔性屏')).toEqual(['ri-wide']);
    expect(await patentHits('ap:深圳市折叠科技有限公司')).toEqual(['ri-wide']);
    const [after] = await rowsOf<Record<string, unknown>>(sql`select version, import_batch, han_sig, doc, search_keys, seg_words, record_keys from patents where external_id = 'ri-wide'`);
    // The same keys again, under a new record number (the stale one's postings match nothing).
    expect({ ...after, doc: null }).toEqual({ ...before, doc: null });
    expect(after.doc).not.toEqual(before.doc);
    // The record keys are back too: a re-import of the record updates it instead of adding another.
    expect((await importPatents(ctx.deps, jsonl([PATENTS[0]]), 'jsonl')).counts).toMatchObject({ inserted: 0, unchanged: 1 });

    const second = await reindex('patents');
    expect(second.counts).toEqual({ read: PATENTS.length, changed: 0, skipped: 0 });
    const events = await auditEventsOf(ctx, { type: 'bulk.completed' });
    expect(events.filter((e) => (e.data as { operation: string }).operation === 'patents.reindex').map((e) => (e.data as { counts: unknown }).counts)).toEqual(
      expect.arrayContaining([{ read: 7, changed: 1, skipped: 0 }, { read: 7, changed: 0, skipped: 0 }]),
    );
  });

  it('leaves a record alone that an import changed after the batch was read', async () => {
    const [row] = await patentRepo.reindexPage(ctx.db, null, 1);
    await ctx.db.execute(sql`update patents set han_sig = sha256(''::bytea) where id = ${row.id}`);
    const written = await patentRepo.writeIndexKeys(ctx.db, [{ id: row.id, version: row.version - 1, recordKeys: [], hanKeys: [1], searchKeys: [], postingKeys: [], segWords: [] }]);
    expect(written).toEqual({ changed: 0, skipped: 1 });
    const [after] = await rowsOf<{ stale: boolean }>(sql`select han_sig = sha256(''::bytea) as stale from patents where id = ${row.id}`);
    expect(after.stale).toBe(true);
    expect((await reindex('patents')).counts).toMatchObject({ changed: 1 });
  });

  it('refuses a batch size that is not a whole number from 1 to 10000', async () => {
    await expect(runReindex(ctx.deps, 'patents', { batchSize: '0' })).rejects.toThrow(/--batch-size/);
    await expect(runReindex(ctx.deps, 'patents', { batchSize: 'many' })).rejects.toThrow(/--batch-size/);
  });
});

describe('ipstation trademarks reindex', () => {
  it('rewrites stale keys so search finds the mark again; a second run changes nothing', async () => {
    expect(await trademarkHits('OLED')).toEqual(['30000001']);
    await ctx.db.execute(sql`update trademarks set han_keys = '{}', search_keys = '{}' where registration_number = '30000001'`);
    expect(await trademarkHits('OLED')).toEqual([]);
    expect(await trademarkHits('30000001')).toEqual([]);

    expect((await reindex('trademarks')).counts).toEqual({ read: 1, changed: 1, skipped: 0 });
    expect(await trademarkHits('OLED')).toEqual(['30000001']);
    expect(await trademarkHits('折叠')).toEqual(['30000001']);
    expect(await trademarkHits('30000001')).toEqual(['30000001']);
    expect((await reindex('trademarks')).counts).toEqual({ read: 1, changed: 0, skipped: 0 });
  });
});
