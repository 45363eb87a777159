import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCorpus } from '../../../bench/search-corpus';
import { setupTestApp, type TestContext } from '../../test/harness';
import { importPatents } from '../modules/patents/patents.import';
import { importTrademarks } from '../modules/trademarks/trademarks.import';
import { workerFailure } from './pool';

// One database where imports compute keys in a worker thread, one where they compute in place.
const pooled = await setupTestApp({ env: { IPSTATION_WORKER_THREADS: '1' } });
const inPlace = await setupTestApp({ env: { IPSTATION_WORKER_THREADS: '0' } });

const jsonl = (rows: object[]) => Readable.from([Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n'), 'utf8')]);
const rowsOf = async (ctx: TestContext, q: ReturnType<typeof sql>) => (await ctx.db.execute(q) as unknown as { rows: Record<string, unknown>[] }).rows;
/** Every stored column but those an import sets differently on each run (ids, batch, times). */
const stored = async (ctx: TestContext, table: 'patents' | 'trademarks', orderBy: string) =>
  (await rowsOf(ctx, sql`select * from ${sql.raw(table)} order by ${sql.raw(orderBy)}`)).map(({ id: _i, import_batch: _b, created_at: _c, updated_at: _u, ...rest }) => rest);

describe('an import with worker threads and one without', () => {
  it('store the same patents and postings, across batches, with updates and astral Han', async () => {
    const next = createCorpus(7);
    const corpus = Array.from({ length: 1200 }, () => next());
    const extra = [
      { applicationNumber: '201580074208.0', publicationNumber: 'CN107123456A', title: '一种𠀀𠀁石墨烯电池隔膜', abstract: '采用OLED与Li-ion 5G模组，𪚥字测试。', applicants: ['深圳𠀀科技有限公司'], publicationDate: '2017-08-01' },
      { externalId: 'x-latin', title: 'LiDAR 定位 ＡＢＣ', abstract: 'CMOS FPGA' },
    ];
    // The grant of the first extra record, in a later batch: it updates the record, keyed in place.
    const grant = { applicationNumber: 'CN 201580074208.0', publicationNumber: 'CN107123456B', title: '一种𠀀𠀁石墨烯电池隔膜', claims: '授权的权利要求𪚥。', publicationDate: '2020-03-10', legalStatus: 'granted_valid' };
    const file = [...extra, ...corpus.slice(0, 700), grant, ...corpus.slice(700)];
    const a = await importPatents(pooled.deps, jsonl(file), 'jsonl');
    expect(workerFailure()).toBeNull();
    const b = await importPatents(inPlace.deps, jsonl(file), 'jsonl');
    expect(a.counts).toEqual(b.counts);
    expect(a.counts).toMatchObject({ read: 1203, bad: 0, updated: 1 });
    const rows = await stored(pooled, 'patents', 'upsert_key');
    expect(rows).toHaveLength(a.counts.inserted);
    expect(rows).toEqual(await stored(inPlace, 'patents', 'upsert_key'));
    const postings = sql`select * from patent_postings order by key, chunk`;
    expect((await rowsOf(pooled, postings)).length).toBeGreaterThan(1000);
    expect(await rowsOf(pooled, postings)).toEqual(await rowsOf(inPlace, postings));
  });

  it('store the same trademarks', async () => {
    const names = '星月云山海龙凤华新光𠀀𪚥';
    const rows = Array.from({ length: 1100 }, (_, i) => ({
      registrationNumber: String(40_000_000 + i),
      markName: `${names[i % names.length]}${names[(i * 7) % names.length]}${i % 5 === 0 ? ' NOVA' : ''}`,
      niceClasses: [1 + (i % 45)],
      goodsServices: i % 3 ? '服装；鞋；LED灯' : 'software; 计算机',
      applicants: [`申请人${i % 17} Ltd`],
    }));
    const file = [...rows, { ...rows[3], goodsServices: '更新的商品' }];
    const a = await importTrademarks(pooled.deps, jsonl(file), 'jsonl');
    expect(workerFailure()).toBeNull();
    const b = await importTrademarks(inPlace.deps, jsonl(file), 'jsonl');
    expect(a.counts).toEqual(b.counts);
    expect(a.counts).toMatchObject({ created: 1100, updated: 1 });
    const stored1 = await stored(pooled, 'trademarks', 'registration_number');
    expect(stored1.find((r) => r.registration_number === '40000003')).toMatchObject({ goods_services: '更新的商品' });
    expect(stored1).toEqual(await stored(inPlace, 'trademarks', 'registration_number'));
  });
});
