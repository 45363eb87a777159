import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCorpus, type CorpusRecord } from '../../../bench/search-corpus';
import { openDatabase } from '../db/client';
import { setupTestApp } from '../../test/harness';
import { importPatents } from '../modules/patents/patents.import';
import { PATENT_DOCS } from '../modules/patents/patents.query';
import * as repo from '../modules/patents/patents.repository';
import { DocOrder } from './doc-order';
import { matchMemo } from './match-memo';
import { parseQuery } from './query-parser';
import { viaIndexes } from './sql';

/**
 * The in-memory date order of patents follows the database: new imports, records that move to a
 * new number (changed text or date), and a table emptied and filled again; and the search built on
 * it pages and counts exactly as the table says.
 */
const ctx = await setupTestApp();
const jsonl = (rows: object[]) => Readable.from([rows.map((r) => JSON.stringify(r)).join('\n')]);
const rowsOf = async <T>(q: ReturnType<typeof sql>) => ((await ctx.db.execute(q)) as unknown as { rows: T[] }).rows;
const inDateOrder = async () => (await rowsOf<{ doc: string | number }>(sql`select doc from patents order by publication_date desc nulls last, id`)).map((r) => Number(r.doc));
const liveOrder = (o: DocOrder) => [...o.order].filter((d) => o.isLive(d));

const next = createCorpus(4242);
const first: CorpusRecord[] = Array.from({ length: 150 }, () => next());
const MOVERS = [
  { externalId: 'do-text', title: '一种储热装置', abstract: '所述储热装置包括相变材料。', publicationDate: '2015-03-03' },
  { externalId: 'do-date', title: '一种散热装置', abstract: '所述散热装置包括热管。', publicationDate: '2014-02-02' },
  { externalId: 'do-none', title: '一种无日期装置', abstract: '所述装置没有公开日期。' },
];

beforeAll(async () => {
  expect((await importPatents(ctx.deps, jsonl([...first, ...MOVERS]), 'jsonl')).counts).toMatchObject({ inserted: first.length + MOVERS.length, bad: 0 });
});

describe('the date order of patents in memory', () => {
  it('holds every record newest first, the undated last, as the table orders them', async () => {
    const o = new DocOrder(PATENT_DOCS);
    await o.sync(ctx.db);
    expect(o.liveCount).toBe(first.length + MOVERS.length);
    expect(liveOrder(o)).toEqual(await inDateOrder());
    const [none] = await rowsOf<{ doc: string }>(sql`select doc from patents where external_id = 'do-none'`);
    expect(liveOrder(o).at(-1)).toBe(Number(none.doc));
  });

  it('follows later imports, and records that took a new number (new text, new date) leave their old one', async () => {
    const o = new DocOrder(PATENT_DOCS);
    await o.sync(ctx.db);
    const before = new Map((await rowsOf<{ external_id: string; doc: string }>(sql`select external_id, doc from patents where external_id like 'do-%'`)).map((r) => [r.external_id, Number(r.doc)]));
    const more = Array.from({ length: 40 }, () => next());
    const changed = [
      { ...MOVERS[0], abstract: '所述储热装置包括熔盐。' },
      { ...MOVERS[1], publicationDate: '2025-12-12' },
    ];
    expect((await importPatents(ctx.deps, jsonl([...more, ...changed]), 'jsonl')).counts).toMatchObject({ inserted: more.length, updated: 2, bad: 0 });
    const after = new Map((await rowsOf<{ external_id: string; doc: string }>(sql`select external_id, doc from patents where external_id like 'do-%'`)).map((r) => [r.external_id, Number(r.doc)]));
    // A new date alone gives a new number too: the order keeps a number's date.
    expect(after.get('do-text')).not.toBe(before.get('do-text'));
    expect(after.get('do-date')).not.toBe(before.get('do-date'));
    expect(after.get('do-none')).toBe(before.get('do-none'));

    expect(o.isLive(before.get('do-date')!)).toBe(true);
    await o.sync(ctx.db);
    expect(o.isLive(before.get('do-date')!)).toBe(false);
    expect(o.isLive(before.get('do-text')!)).toBe(false);
    expect(o.liveCount).toBe(first.length + MOVERS.length + more.length);
    expect(liveOrder(o)).toEqual(await inDateOrder());

    // The search sees the new date: the moved record is now the newest of its matches.
    const { rows } = await repo.search(ctx.db, parseQuery('散热装置'), { sort: 'date', limit: 1, offset: 0 });
    expect(rows[0].publicationDate).toBe('2025-12-12');
  });

  it('starts over when the table was emptied and filled again, even under the same chunk numbers', async () => {
    const o = new DocOrder(PATENT_DOCS);
    await o.sync(ctx.db);
    await ctx.db.execute(sql`delete from saved_search_results`);
    await ctx.db.execute(sql`delete from patents`);
    await ctx.db.execute(sql`delete from patent_postings`);
    await ctx.db.execute(sql`alter sequence patent_doc_chunks restart with 1`);
    const again = Array.from({ length: 30 }, () => next());
    expect((await importPatents(ctx.deps, jsonl(again), 'jsonl')).counts).toMatchObject({ inserted: again.length });
    await o.sync(ctx.db);
    expect(o.liveCount).toBe(again.length);
    expect(liveOrder(o)).toEqual(await inDateOrder());
  });
});

describe('search over the date order', () => {
  const more: CorpusRecord[] = Array.from({ length: 200 }, () => next());
  beforeAll(async () => {
    await importPatents(ctx.deps, jsonl(more), 'jsonl');
  });
  const likeCount = async (terms: string[]) => {
    const conds = terms.map((t) => sql`(title like ${`%${t}%`} or abstract like ${`%${t}%`} or main_claim like ${`%${t}%`} or claims like ${`%${t}%`})`);
    return (await rowsOf<{ n: number }>(sql`select count(*)::int as n from patents where ${sql.join(conds, sql` and `)}`))[0].n;
  };

  it('counts a two-character term from the postings alone, exactly at any size', async () => {
    const n = await likeCount(['所述']);
    expect(n).toBeGreaterThan(20);
    const { total, totalIsEstimate, rows } = await repo.search(ctx.db, parseQuery('所述'), { sort: 'relevance', limit: 5, offset: 0, window: 5, cap: 10 });
    expect({ total, totalIsEstimate }).toEqual({ total: n, totalIsEstimate: false });
    expect(rows).toHaveLength(5);
  });

  it('a longer term is counted exactly up to the cap, and estimated above it only when surely above', async () => {
    const term = '所述的';
    const n = await likeCount([term]);
    expect(n).toBeGreaterThan(100);
    // By date, the page needs only the newest few: the rest are counted apart.
    const exact = await repo.search(ctx.db, parseQuery(term), { sort: 'date', limit: 5, offset: 0, cap: n });
    expect(exact).toMatchObject({ total: n, totalIsEstimate: false });
    const capped = await repo.search(ctx.db, parseQuery(term), { sort: 'date', limit: 5, offset: 0, cap: 3 });
    expect(capped.totalIsEstimate).toBe(true);
    expect(capped.total).toBeGreaterThan(3);
    // Every candidate was in the sample here, so the estimate is the count.
    expect(capped.total).toBe(n);
  });

  it('a term with many more candidates than matches is counted past its sample, in batches (two at once on PostgreSQL)', async () => {
    // 器的厚: 器的 and 的厚 are common apart, far rarer together; a small sample cannot show more than the cap.
    const term = '器的厚';
    const n = await likeCount([term]);
    const candidates = await likeCount(['器的', '的厚']);
    expect(n).toBeGreaterThan(50);
    expect(candidates).toBeGreaterThan(1.5 * n);
    const counted = await repo.search(ctx.db, parseQuery(term), { sort: 'date', limit: 5, offset: 0, cap: n + 40, sample: 100, countBatch: 7 });
    expect(counted).toMatchObject({ total: n, totalIsEstimate: false });
    // Tested in small statements newest first, the page is still the newest matches, in order.
    const like = sql`(title like ${`%${term}%`} or abstract like ${`%${term}%`} or main_claim like ${`%${term}%`} or claims like ${`%${term}%`})`;
    const newest = (await rowsOf<{ id: string }>(sql`select id from patents where ${like} order by publication_date desc nulls last, id limit 10`)).map((r) => r.id);
    expect(counted.rows.map((r) => r.id)).toEqual(newest.slice(0, 5));
    const next5 = await repo.search(ctx.db, parseQuery(term), { sort: 'date', limit: 5, offset: 5, cap: n + 40, sample: 100, countBatch: 7 });
    expect(next5.rows.map((r) => r.id)).toEqual(newest.slice(5, 10));
  });

  it.runIf(!!ctx.databaseUrl)('counts on spare connections only: as many searches at once as the pool has connections all finish', async () => {
    // Each search holds a connection for its transaction; one that waited for a second while every
    // connection was held by such searches would wait forever.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-pool-'));
    const small = await openDatabase({ databaseUrl: ctx.databaseUrl, dataDir, poolSize: 2 });
    try {
      const n = await likeCount(['器的厚']);
      const searches = Array.from({ length: 4 }, () =>
        repo.search(small.db, parseQuery('器的厚'), { sort: 'date', limit: 5, offset: 0, cap: n + 40, sample: 100, countBatch: 7 }),
      );
      const all = await Promise.race([Promise.all(searches), new Promise<'stuck'>((r) => setTimeout(() => r('stuck'), 20_000))]);
      expect(all).not.toBe('stuck');
      for (const r of all as Awaited<(typeof searches)[number]>[]) expect(r).toMatchObject({ total: n, totalIsEstimate: false });
    } finally {
      await small.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('asks the rows of its candidates once: the next page, the facets and the same query again test none until a write', async () => {
    const term = '所述的';
    const q = parseQuery(term);
    const memoOf = () => matchMemo(ctx.db, PATENT_DOCS, JSON.stringify(q), 0);
    const n = await likeCount([term]);
    const like = sql`(title like ${`%${term}%`} or abstract like ${`%${term}%`} or main_claim like ${`%${term}%`} or claims like ${`%${term}%`})`;
    const byDate = (await rowsOf<{ id: string }>(sql`select id from patents where ${like} order by publication_date desc nulls last, id limit 10`)).map((r) => r.id);
    const first = await repo.search(ctx.db, q, { sort: 'date', limit: 5, offset: 0 });
    expect(first).toMatchObject({ total: n, totalIsEstimate: false });
    const tested = memoOf()!.tested;
    expect(tested).toBeGreaterThanOrEqual(n);
    const second = await repo.search(ctx.db, q, { sort: 'date', limit: 5, offset: 5 });
    expect({ total: second.total, ids: [...first.rows, ...second.rows].map((r) => r.id) }).toEqual({ total: n, ids: byDate });
    const ranked = await repo.search(ctx.db, q, { sort: 'relevance', limit: 5, offset: 0 });
    expect(ranked.total).toBe(n);
    const afterRanked = memoOf()!.tested;
    // By relevance the title test is asked once of the matches; the facets ask nothing more.
    const f = await repo.facets(ctx.db, q);
    const dated = (await rowsOf<{ n: number }>(sql`select count(*)::int as n from patents where ${like} and publication_date is not null`))[0].n;
    expect({ sampled: f.sampled, years: f.years.reduce((a, y) => a + y.count, 0) }).toEqual({ sampled: false, years: dated });
    await repo.search(ctx.db, q, { sort: 'date', limit: 5, offset: 10 });
    expect(memoOf()!.tested).toBe(afterRanked);
    expect(afterRanked - tested).toBeLessThanOrEqual(n);
    // Any write to the patents ends what was learned.
    const more = await importPatents(ctx.deps, jsonl([{ externalId: 'memo-end', title: '一种记忆装置', abstract: '所述记忆装置。', publicationDate: '2001-01-01' }]), 'jsonl');
    expect(more.counts).toMatchObject({ inserted: 1 });
    expect(memoOf()!.tested).toBe(0);
  });

  it('a record whose text changed but whose keys did not (same number) is found as it now reads', async () => {
    // Bigrams 甲乙 then 乙丙 either way, and the same title: the upsert keeps the record's number.
    const before = { externalId: 'memo-same-keys', title: '一种测试装置', abstract: '甲乙', claims: '乙丙', publicationDate: '2002-02-02' };
    await importPatents(ctx.deps, jsonl([before]), 'jsonl');
    const docOf = async () => (await rowsOf<{ doc: string }>(sql`select doc from patents where external_id = 'memo-same-keys'`))[0].doc;
    const doc = await docOf();
    const q = parseQuery('甲乙丙');
    expect((await repo.search(ctx.db, q, { sort: 'relevance', limit: 5, offset: 0 })).total).toBe(0);
    expect((await importPatents(ctx.deps, jsonl([{ ...before, abstract: '甲乙丙', claims: '' }]), 'jsonl')).counts).toMatchObject({ updated: 1 });
    expect(await docOf()).toBe(doc);
    const after = await repo.search(ctx.db, q, { sort: 'relevance', limit: 5, offset: 0 });
    expect({ total: after.total, ids: after.rows.map((r) => r.externalId) }).toEqual({ total: 1, ids: ['memo-same-keys'] });
  });

  it('pages by date through every match once, in the table order', async () => {
    const all = (await rowsOf<{ id: string }>(sql`select id from patents where abstract like '%所述%' or title like '%所述%' or main_claim like '%所述%' or claims like '%所述%' order by publication_date desc nulls last, id`)).map((r) => r.id);
    const seen: string[] = [];
    for (let page = 0; page * 25 < all.length; page++) {
      const { rows } = await repo.search(ctx.db, parseQuery('所述'), { sort: 'date', limit: 25, offset: page * 25 });
      seen.push(...rows.map((r) => r.id));
    }
    expect(seen).toEqual(all);
  });
});

describe('search transactions', () => {
  it('price sequential scans out and start no parallel workers, for that transaction only', async () => {
    const shown = async (db: typeof ctx.db) =>
      (await (db.execute(sql`select current_setting('enable_seqscan') as s, current_setting('max_parallel_workers_per_gather') as w`) as unknown as Promise<{ rows: { s: string; w: string }[] }>)).rows[0];
    expect(await viaIndexes(ctx.db, (tx) => shown(tx as typeof ctx.db))).toEqual({ s: 'off', w: '0' });
    expect((await shown(ctx.db)).s).toBe('on');
  });
});
