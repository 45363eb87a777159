import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCorpus, substringQueries, type CorpusRecord } from '../../../../bench/search-corpus';
import { anonymous } from '../../../test/agent';
import { buildNetwork } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import { parseQuery } from '../../search/query-parser';
import { latinTokens } from '../../search/text';
import { importPatents } from './patents.import';
import { scoreOf } from './patents.query';
import * as repo from './patents.repository';

const ctx = await setupTestApp();
const jsonl = (rows: object[]) => Readable.from([rows.map((r) => JSON.stringify(r)).join('\n')]);

const next = createCorpus(2026);
const corpus: CorpusRecord[] = Array.from({ length: 400 }, () => next());
/** Hand-made records for the cases the generator does not make on purpose. */
const HAND = [
  { externalId: 'h-title', title: '一种钠离子电池正极材料', abstract: '本发明涉及储能领域。', claims: '无关内容。', publicationDate: '2020-01-01' },
  { externalId: 'h-claims', title: '一种储能装置', abstract: '本发明涉及储能领域。', claims: '1. 一种储能装置，包括钠离子电池正极材料。', publicationDate: '2024-01-01' },
  { externalId: 'h-many', title: '散热结构', abstract: '钒液流电池，钒液流电池，钒液流电池的电堆。', publicationDate: '2019-05-05' },
  // Base points put h-occ-claims first (abstract and claims, 25 against 20); occurrences put h-occ-many first.
  { externalId: 'h-occ-many', title: '电子元件', abstract: '锶钡钛陶瓷，锶钡钛陶瓷，锶钡钛陶瓷，锶钡钛陶瓷，锶钡钛陶瓷，锶钡钛陶瓷，锶钡钛陶瓷，锶钡钛陶瓷。', publicationDate: '2017-03-03' },
  { externalId: 'h-occ-claims', title: '电子元件二', abstract: '一种锶钡钛陶瓷。', mainClaim: '所述锶钡钛陶瓷。', publicationDate: '2017-03-03' },
  { externalId: 'h-once', title: '散热结构二', abstract: '一种钒液流电池的电堆。', publicationDate: '2019-05-05' },
  { externalId: 'h-near', title: '装置甲', abstract: '锑化铟红外探测器，其中锑化铟与探测器相邻，另外还有其他很多很多描述文字用于拉开距离。', publicationDate: '2018-01-01' },
  { externalId: 'h-far', title: '装置乙', abstract: '锑化铟材料用于多种场合，另外还有其他很多很多描述文字用于拉开距离，最后才提到红外探测器。', publicationDate: '2018-01-01' },
  // Latin words earn occurrences, claims and closeness points as Chinese terms do; the records that
  // should rank lower are the newer, so a tie on the other points would put them first.
  { externalId: 'h-lat-many', title: '功率器件甲', abstract: 'LDMOS器件，LDMOS工艺，LDMOS结构。', publicationDate: '2015-02-02' },
  { externalId: 'h-lat-once', title: '功率器件乙', abstract: '一种LDMOS器件。', publicationDate: '2015-03-03' },
  { externalId: 'h-lat-claims', title: '功率器件丙', abstract: '一种半导体器件。', claims: '1. 一种器件，包括LDMOS结构。', publicationDate: '2015-04-04' },
  { externalId: 'h-lat-near', title: '外延结构甲', abstract: 'HEMT与GaN外延层相邻，另外还有其他很多很多描述文字用于拉开距离。', publicationDate: '2014-01-01' },
  { externalId: 'h-lat-far', title: '外延结构乙', abstract: 'HEMT用于多种场合，另外还有其他很多很多描述文字用于拉开距离，最后才提到GaN外延层。', publicationDate: '2014-02-02' },
  { externalId: 'h-latin', title: '一种AMOLED显示面板', abstract: '采用OLED技术与5G模组，兼容Wi-Fi。', mainIpc: 'H10K 59/12', publicationDate: '2021-06-01' },
  { externalId: 'h-latin2', title: '显示装置', abstract: 'The oled panel, not an amoled one; 5g ready.', publicationDate: '2021-07-01' },
  { applicationNumber: '201710117081.7', publicationNumber: 'CN113914863A', title: '编号测试专利', abstract: '用于测试编号检索。', applicants: ['深圳市测试科技有限公司'], inventors: ['欧阳明'], ipc: ['H01M 10/052', 'H01M 4/13'], publicationDate: '2022-01-04' },
  { externalId: 'h-wide', title: '一种ＯＬＥＤ柔性屏', abstract: '支持５Ｇ通信，采用ＡＭＯＬＥＤ，兼容Ｗｉ－Ｆｉ。', publicationDate: '2021-08-01' },
  { externalId: 'h-html', title: '<script>alert(1)</script>防护结构', abstract: '防护结构 & <b>加固</b> 方法。', publicationDate: '2017-01-01' },
  // 能源 is a jieba word of the first (新能源) and only crosses a word boundary in the second (可能 源于).
  { externalId: 'h-word', title: '甲型车辆', abstract: '一种新能源汽车的电堆。', publicationDate: '2016-06-06' },
  { externalId: 'h-boundary', title: '乙型车辆', abstract: '这可能源于电堆。', publicationDate: '2016-06-06' },
  { externalId: 'h-boundary-many', title: '丙型车辆', abstract: '这可能源于电堆，也可能源于电机，还可能源于电控。', publicationDate: '2016-06-06' },
];

beforeAll(async () => {
  const r = await importPatents(ctx.deps, jsonl([...corpus, ...HAND]), 'jsonl');
  expect(r.counts).toMatchObject({ bad: 0, inserted: corpus.length + HAND.length });
});

/** The reference: a plain LIKE scan over title, abstract, main claim and claims. */
async function likeIds(term: string, cols = ['title', 'abstract', 'main_claim', 'claims']) {
  const like = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const res = await ctx.db.execute(sql`select id from patents where ${sql.join(cols.map((c) => sql`${sql.identifier(c)} like ${like}`), sql` or `)}`);
  return (res as unknown as { rows: { id: string }[] }).rows.map((r) => r.id).sort();
}
async function searchIds(q: string) {
  const { rows, total } = await repo.search(ctx.db, parseQuery(q), { sort: 'relevance', limit: 10_000, offset: 0 });
  expect(total).toBe(rows.length);
  return rows.map((r) => r.id).sort();
}
const idOf = async (externalId: string) => {
  const res = await ctx.db.execute(sql`select id from patents where external_id = ${externalId}`);
  return (res as unknown as { rows: { id: string }[] }).rows[0].id;
};

describe('a Chinese term matches exactly the records a LIKE scan finds', () => {
  const queries = [...substringQueries(corpus, 60, 11), '电池', '锂电池', '钠离子电池正极材料', '不存在的词组', '液流', '水凝胶吸附剂'];
  it.each(queries)('%s', async (q) => {
    expect(await searchIds(q)).toEqual(await likeIds(q));
  });

  it('two terms are the intersection of their LIKE sets', async () => {
    for (const [a, b] of [['电池', '隔膜'], ['水凝胶', '温度'], ['钒液流', '电堆']]) {
      const la = new Set(await likeIds(a));
      const both = (await likeIds(b)).filter((id) => la.has(id));
      expect(await searchIds(`${a} ${b}`)).toEqual(both);
    }
  });

  it('OR is the union, -term the difference', async () => {
    const a = await likeIds('隔膜');
    const b = await likeIds('电解液');
    expect(await searchIds('隔膜 OR 电解液')).toEqual([...new Set([...a, ...b])].sort());
    expect(await searchIds('隔膜 -电解液')).toEqual(a.filter((id) => !b.includes(id)));
    expect(await searchIds('隔膜 NOT 电解液')).toEqual(a.filter((id) => !b.includes(id)));
    const c = await likeIds('传感器');
    expect(await searchIds('(隔膜 OR 电解液) 传感器')).toEqual([...new Set([...a, ...b])].filter((id) => c.includes(id)).sort());
  });

  it('fields restrict where a term is looked for', async () => {
    expect(await searchIds('ti:电池')).toEqual(await likeIds('电池', ['title']));
    expect(await searchIds('ab:电池')).toEqual(await likeIds('电池', ['abstract']));
    expect(await searchIds('cl:电池')).toEqual(await likeIds('电池', ['main_claim', 'claims']));
  });

  it('a quoted phrase matches as written', async () => {
    expect(await searchIds('"钒液流电池的电堆"')).toEqual([await idOf('h-many'), await idOf('h-once')].sort());
  });
});

describe('Latin words, prefixes, numbers and fields', () => {
  /** The reference for Latin terms: the same records' text split into [a-z0-9]+ tokens in JS. */
  const allRecords = () => [...corpus, ...HAND].map((r) => ({ key: 'externalId' in r && r.externalId ? r.externalId : r.applicationNumber!, text: [r.title, r.abstract, 'mainClaim' in r ? r.mainClaim : '', 'claims' in r ? r.claims : ''].join('\n') }));
  async function idsWhere(pred: (tokens: string[], title: string) => boolean, titleOnly = false) {
    const ids: string[] = [];
    for (const [i, r] of [...corpus, ...HAND].entries()) {
      const text = titleOnly ? r.title : allRecords()[i].text;
      if (!pred(latinTokens(text), r.title)) continue;
      const res = await ctx.db.execute(sql`select id from patents where external_id = ${allRecords()[i].key} or application_number = ${allRecords()[i].key}`);
      ids.push((res as unknown as { rows: { id: string }[] }).rows[0].id);
    }
    return ids.sort();
  }

  it('Latin words match whole tokens in any case', async () => {
    const oled = await searchIds('oled');
    expect(oled).toContain(await idOf('h-latin'));
    expect(oled).toContain(await idOf('h-latin2'));
    expect(oled).toEqual(await idsWhere((t) => t.includes('oled')));
    expect(await searchIds('AMOLED')).toEqual(await idsWhere((t) => t.includes('amoled')));
    expect(await searchIds('5G')).toEqual(await idsWhere((t) => t.includes('5g')));
    expect(await searchIds('5G')).toContain(await idOf('h-latin2'));
  });
  it('full-width Latin in a query or a record matches as half-width, and Chinese stays exact', async () => {
    const wide = await idOf('h-wide');
    for (const [half, full] of [['5G', '５Ｇ'], ['OLED', 'ＯＬＥＤ'], ['amoled', 'ＡＭＯＬＥＤ'], ['ti:oled', 'ｔｉ：ＯＬＥＤ'], ['amo*', 'ａｍｏ＊']]) {
      const ids = await searchIds(half);
      expect(ids).toContain(wide);
      expect(await searchIds(full)).toEqual(ids);
    }
    expect(await searchIds('"wi-fi"')).toEqual([await idOf('h-latin'), wide].sort());
    expect(await searchIds('"Ｗｉ－Ｆｉ"')).toEqual([await idOf('h-latin'), wide].sort());
    // A mixed literal: exact on the folded text, whichever width either side is written in.
    expect(await searchIds('５Ｇ通信')).toEqual([wide]);
    expect(await searchIds('5G通信')).toEqual([wide]);
    expect(await searchIds('5G模组')).toEqual([await idOf('h-latin')]);
    // A Chinese term next to full-width text still matches exactly what LIKE finds.
    expect(await searchIds('柔性屏')).toEqual(await likeIds('柔性屏'));
  });
  it('a * prefix matches the tokens it starts', async () => {
    expect(await searchIds('amo*')).toEqual(await idsWhere((t) => t.some((x) => x.startsWith('amo'))));
    expect(await searchIds('ti:amo*')).toEqual(await idsWhere((t) => t.some((x) => x.startsWith('amo')), true));
    expect(await searchIds('ti:amo*')).toContain(await idOf('h-latin'));
  });
  it('patent numbers match in every usual spelling', async () => {
    const id = await idOf('h-latin').then(async () => {
      const res = await ctx.db.execute(sql`select id from patents where application_number = '201710117081.7'`);
      return (res as unknown as { rows: { id: string }[] }).rows[0].id;
    });
    for (const q of ['CN113914863A', 'cn113914863a', 'CN113914863', '"CN 113914863 A"', 'CN 113914863 A', '113914863 A', '201710117081.7', 'CN201710117081.7', 'ZL201710117081.7', '2017101170817', '201710117081']) {
      expect(await searchIds(q), q).toEqual([id]);
    }
    expect(await searchIds('ipc:H01M10/052')).toEqual([id]);
    expect(await searchIds('ipc:H01M10')).toContain(id);
    expect(await searchIds('ipc:"H01M 4/13"')).toEqual([id]);
    expect(await searchIds('ap:测试科技')).toEqual([id]);
    expect(await searchIds('in:欧阳')).toEqual([id]);
  });
  it('pd:, type: and status: filter', async () => {
    const { rows } = await repo.search(ctx.db, parseQuery('电池 pd:2020..2021'), { sort: 'date', limit: 10_000, offset: 0 });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.publicationDate! >= '2020-01-01' && r.publicationDate! <= '2021-12-31').toBe(true);
    const inv = await searchIds('电池 type:invention');
    const all = await searchIds('电池');
    const um = await searchIds('电池 type:utility_model');
    const untyped = await searchIds('电池 -type:invention -type:utility_model -type:design');
    expect(inv.length).toBeGreaterThan(0);
    expect(inv.length + um.length + untyped.length).toBe(all.length);
    const valid = await searchIds('电池 status:granted_valid');
    expect(valid.length).toBeGreaterThan(0);
    expect(valid.length).toBeLessThan(all.length);
    expect(await searchIds('电池 status:授权有效')).toEqual(valid);
    expect(await searchIds('电池 type:发明专利')).toEqual(inv);
  });
  it('status:有效 / 审中 / 失效 match every status of their group', async () => {
    const groups = { 有效: ['granted_valid', 'transferred', 'licensed', 'pledged', 'invalidated_partial'], 审中: ['pending_publication', 'under_examination'], 失效: ['lapsed_fee', 'expired', 'withdrawn_deemed', 'rejected', 'invalidated_full'] };
    let seen = 0;
    for (const [word, statuses] of Object.entries(groups)) {
      const expected = (await searchIds(`电池 (${statuses.map((v) => `status:${v}`).join(' OR ')})`)).sort();
      const got = (await searchIds(`电池 status:${word}`)).sort();
      expect(got, word).toEqual(expected);
      seen += got.length;
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('ranking', () => {
  it('a term in the title ranks above the same term only in the claims, even when newer', async () => {
    const { rows } = await repo.search(ctx.db, parseQuery('钠离子电池正极材料'), { sort: 'relevance', limit: 10, offset: 0 });
    expect(rows.map((r) => r.id)).toEqual([await idOf('h-title'), await idOf('h-claims')]);
  });
  it('more occurrences rank higher', async () => {
    const { rows } = await repo.search(ctx.db, parseQuery('钒液流电池'), { sort: 'relevance', limit: 10, offset: 0 });
    expect(rows.map((r) => r.id)).toEqual([await idOf('h-many'), await idOf('h-once')]);
  });
  it('closer terms rank higher', async () => {
    const { rows } = await repo.search(ctx.db, parseQuery('锑化铟 红外探测器'), { sort: 'relevance', limit: 10, offset: 0 });
    expect(rows.map((r) => r.id)).toEqual([await idOf('h-near'), await idOf('h-far')]);
  });
  it('a Latin word ranks by where it is and how often, as a Chinese term does', async () => {
    const ids = async (q: string) => (await repo.search(ctx.db, parseQuery(q), { sort: 'relevance', limit: 10, offset: 0 })).rows.map((r) => r.id);
    const lat = ['h-lat-many', 'h-lat-once', 'h-lat-claims'];
    expect(await ids('ldmos')).toEqual(await Promise.all(lat.map(idOf)));
    expect(await ids('LDMOS*')).toEqual(await Promise.all(lat.map(idOf)));
    // The claims-only record still scores its claims point, above a record that only matches elsewhere.
    expect(await ids('ldmos 器件')).toEqual(await Promise.all(lat.map(idOf)));
    const near = await Promise.all(['h-lat-near', 'h-lat-far'].map(idOf));
    expect(await ids('HEMT GaN')).toEqual(near);
    expect(await ids('HEMT 外延层')).toEqual(near);
  });

  it('a query broader than the rank window still puts title hits first, and counts its total exactly (up to 10,000)', async () => {
    const all = await likeIds('储能');
    expect(all.length).toBeGreaterThan(8);
    const { rows, total, totalIsEstimate } = await repo.search(ctx.db, parseQuery('储能'), { sort: 'relevance', limit: 3, offset: 0, window: 3 });
    expect(totalIsEstimate).toBe(false);
    expect(total).toBe(all.length);
    // The window holds the newest matches and the newest title hits: a title hit ranks first.
    const titled = (await likeIds('储能', ['title'])).length;
    expect(titled).toBeGreaterThan(0);
    expect(rows[0].title).toContain('储能');
    expect(rows.map((r) => r.id).every((id) => all.includes(id))).toBe(true);
  });

  it.each(['amoled', 'amol*'])('title hits rank first past the window, found by title keys or, for %s, by testing titles', async (q) => {
    // With a window of one, the newest match has the term only in its abstract; the title hit is older.
    const { rows, total } = await repo.search(ctx.db, parseQuery(q), { sort: 'relevance', limit: 1, offset: 0, window: 1 });
    expect(total).toBeGreaterThanOrEqual(3);
    expect(rows[0].title.toLowerCase()).toContain('amoled');
  });

  it('a term that is a word of the record ranks above the same term across a word boundary', async () => {
    // Their other points differ by the terms' closeness only (h-boundary's are a little closer).
    const { rows } = await repo.search(ctx.db, parseQuery('能源 电堆'), { sort: 'relevance', limit: 10, offset: 0 });
    const ids = rows.map((r) => r.id);
    expect(ids.indexOf(await idOf('h-word'))).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(await idOf('h-word'))).toBeLessThan(ids.indexOf(await idOf('h-boundary')));
  });

  /** The matches in the order of the full score (the bonus added to every row), and as pages of one. */
  async function fullAndPaged(q: string) {
    const matches = await searchIds(q);
    const { score, bonus } = scoreOf(parseQuery(q));
    expect(bonus).not.toBeNull();
    const full = (
      (await ctx.db.execute(
        sql`select id from patents where id = any(${sql.param(matches)}::uuid[]) order by ${score} + ${bonus!.score} desc, publication_date desc nulls last, id`,
      )) as unknown as { rows: { id: string }[] }
    ).rows.map((r) => r.id);
    const paged: string[] = [];
    for (let offset = 0; offset < matches.length; offset++) {
      paged.push(...(await repo.search(ctx.db, parseQuery(q), { sort: 'relevance', limit: 1, offset })).rows.map((r) => r.id));
    }
    return { matches, full, paged };
  }

  it('pages by relevance in the order of the full score, its word points added only where they can reach the page', async () => {
    // h-boundary-many has more occurrences than h-word but not the word: without its word points
    // h-word would be below it; with them, above.
    const { matches, full, paged } = await fullAndPaged('能源');
    expect(matches.length).toBeGreaterThanOrEqual(3);
    expect(matches).toEqual(await likeIds('能源'));
    expect(full.indexOf(await idOf('h-word'))).toBeLessThan(full.indexOf(await idOf('h-boundary-many')));
    expect(paged).toEqual(full);
  });

  it('pages past the base points where occurrences decide (the dear points are added to every row that can reach the page)', async () => {
    const { full, paged } = await fullAndPaged('锶钡钛陶瓷');
    const { score } = scoreOf(parseQuery('锶钡钛陶瓷'));
    const base = (
      (await ctx.db.execute(sql`select id from patents where external_id in ('h-occ-many', 'h-occ-claims') order by ${score} desc, id`)) as unknown as { rows: { id: string }[] }
    ).rows.map((r) => r.id);
    expect(base).toEqual([await idOf('h-occ-claims'), await idOf('h-occ-many')]);
    expect(full).toEqual([await idOf('h-occ-many'), await idOf('h-occ-claims')]);
    expect(paged).toEqual(full);
  });

  it.each(['钒液流电池', '锑化铟 红外探测器', 'ldmos', 'HEMT GaN'])('pages %s in the order of the full score, its occurrences and closeness added only where they can reach the page', async (q) => {
    const { matches, full, paged } = await fullAndPaged(q);
    expect(matches.length).toBeGreaterThanOrEqual(2);
    expect(paged).toEqual(full);
  });

  // '储能' is answered from the postings (search/ranked-docs.ts); with an OR at the top the query is
  // paged in SQL (search/sql.ts). Both rank a window and put every other match after it, newest first.
  it.each(['储能', '储能 OR 储能'])('pages of %s past the rank window go on in one order: each match once, the window by score, then newest first', async (q) => {
    const all = await likeIds('储能');
    const window = 3;
    const seen: { id: string; title: string; publicationDate: string | null }[] = [];
    for (let page = 0; page * 2 < all.length + 2; page++) {
      const { rows, total } = await repo.search(ctx.db, parseQuery(q), { sort: 'relevance', limit: 2, offset: page * 2, window });
      expect(total).toBe(all.length);
      seen.push(...rows);
    }
    const ids = seen.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(all);
    // The window: the newest 3 matches and the newest 3 with the term in the title; then by date.
    const byDate = (
      (await ctx.db.execute(sql`select id from patents where id = any(${sql.param(all)}::uuid[]) order by publication_date desc nulls last, id`)) as unknown as { rows: { id: string }[] }
    ).rows.map((r) => r.id);
    const titled = byDate.filter((id) => seen.find((r) => r.id === id)!.title.includes('储能')).slice(0, window);
    const ranked = new Set([...byDate.slice(0, window), ...titled]);
    expect(new Set(ids.slice(0, ranked.size))).toEqual(ranked);
    expect(ids.slice(ranked.size)).toEqual(byDate.filter((id) => !ranked.has(id)));
  });

  it('sort=date puts the newest first', async () => {
    const { rows } = await repo.search(ctx.db, parseQuery('钠离子电池正极材料'), { sort: 'date', limit: 10, offset: 0 });
    expect(rows.map((r) => r.id)).toEqual([await idOf('h-claims'), await idOf('h-title')]);
  });
});

describe('GET /api/patents/search, /facets, /:id', () => {
  let staff: Awaited<ReturnType<typeof buildNetwork>>['staff1'];
  beforeAll(async () => {
    ({ staff1: staff } = await buildNetwork(ctx));
  });

  it('anonymous callers get 401', async () => {
    const a = anonymous(ctx);
    expect((await a.get('/api/patents/search?q=电池')).status).toBe(401);
    expect((await a.get('/api/patents/facets?q=电池')).status).toBe(401);
    expect((await a.get(`/api/patents/${await idOf('h-title')}`)).status).toBe(401);
  });

  it('answers a page with an escaped, marked snippet and the exact total', async () => {
    const res = await staff.get(`/api/patents/search?q=${encodeURIComponent('防护结构')}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, totalIsEstimate: false, page: 1, pageSize: 20 });
    const [item] = res.body.items;
    expect(item).toMatchObject({ id: await idOf('h-html'), externalId: 'h-html', title: '<script>alert(1)</script>防护结构', publicationNumber: null });
    expect(item.snippet).toBe('<mark>防护结构</mark> &amp; &lt;b&gt;加固&lt;/b&gt; 方法。');
  });

  it('pages through the matches in a stable order', async () => {
    const all = await staff.get(`/api/patents/search?q=${encodeURIComponent('电池')}&pageSize=100`);
    const p1 = await staff.get(`/api/patents/search?q=${encodeURIComponent('电池')}&pageSize=5&page=1`);
    const p2 = await staff.get(`/api/patents/search?q=${encodeURIComponent('电池')}&pageSize=5&page=2`);
    expect([...p1.body.items, ...p2.body.items].map((i: { id: string }) => i.id)).toEqual(all.body.items.slice(0, 10).map((i: { id: string }) => i.id));
    expect(p1.body.total).toBe((await likeIds('电池')).length);
  });

  it('a malformed query is 400 VALIDATION pointing at q and the position, in the caller\'s language', async () => {
    const res = await staff.get(`/api/patents/search?q=${encodeURIComponent('电池 (隔膜')}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.details).toEqual([{ path: 'q', message: expect.stringContaining('第 4 个字符') }]);
    staff.lang = 'en-US';
    const en = await staff.get(`/api/patents/search?q=${encodeURIComponent('foo:bar')}`);
    staff.lang = 'zh-CN';
    expect(en.body.error.details[0]).toEqual({ path: 'q', message: expect.stringContaining('Unknown field "foo" at character 1') });
    const long = await staff.get(`/api/patents/search?q=${encodeURIComponent('电'.repeat(501))}`);
    expect(long.status).toBe(400);
    expect(long.body.error.details[0].path).toBe('q');
    expect((await staff.get('/api/patents/search?q=')).status).toBe(400);
  });

  it('facets count IPC sections and subclasses, applicants and years', async () => {
    const res = await staff.get(`/api/patents/facets?q=${encodeURIComponent('编号测试')}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      sampled: false,
      sections: [{ value: 'H', count: 1 }],
      subclasses: [{ value: 'H01M', count: 1 }],
      applicants: [{ value: '深圳市测试科技有限公司', count: 1 }],
      years: [{ value: '2022', count: 1 }],
    });
  });

  // Every bucket counted in SQL over the matches: a record once in each section and subclass it has
  // a code in, an applicant as often as named; most first, then by value (the C order).
  const bucketsInSql = async (where: ReturnType<typeof sql>) => {
    const [row] = ((await ctx.db.execute(sql`
      with m as materialized (select id, ipc, applicants, publication_date as pd from patents where ${where}),
      codes as (select distinct m.id, c from m, unnest(m.ipc) c)
      select
        coalesce((select json_agg(x order by x.count desc, x.value collate "C") from (select left(c, 1) as value, count(distinct id)::int as count from codes group by 1) x), '[]'::json) as sections,
        coalesce((select json_agg(x order by x.count desc, x.value collate "C") from (select left(c, 4) as value, count(distinct id)::int as count from codes where length(c) >= 4 group by 1 order by 2 desc, left(c, 4) collate "C" limit 30) x), '[]'::json) as subclasses,
        coalesce((select json_agg(x order by x.count desc, x.value collate "C") from (select a as value, count(*)::int as count from m, unnest(m.applicants) a group by 1 order by 2 desc, a collate "C" limit 20) x), '[]'::json) as applicants,
        coalesce((select json_agg(x order by x.value desc) from (select extract(year from pd)::int::text as value, count(*)::int as count from m where pd is not null group by 1) x), '[]'::json) as years`)) as unknown as {
      rows: Record<string, unknown>[];
    }).rows;
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    return { sections: parse(row.sections), subclasses: parse(row.subclasses), applicants: parse(row.applicants), years: parse(row.years) };
  };

  it('facets of a broad query count every match: years as a GROUP BY over the LIKE matches does, by the postings path and the SQL one', async () => {
    const years = async (where: ReturnType<typeof sql>) =>
      ((await ctx.db.execute(sql`select extract(year from publication_date)::int::text as value, count(*)::int as count from patents where ${where} and publication_date is not null group by 1 order by 1 desc`)) as unknown as {
        rows: { value: string; count: number }[];
      }).rows;
    const like = (t: string) => sql`(title like ${`%${t}%`} or abstract like ${`%${t}%`} or main_claim like ${`%${t}%`} or claims like ${`%${t}%`})`;
    // 所述的: from the postings with a test on the rows; an OR at the top: in SQL.
    for (const [q, where] of [
      ['所述的', like('所述的')],
      ['所述的 OR 储能', sql`(${like('所述的')} or ${like('储能')})`],
    ] as const) {
      const res = await staff.get(`/api/patents/facets?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.sampled).toBe(false);
      expect(res.body.years).toEqual(await years(where));
      expect(res.body).toEqual({ sampled: false, ...(await bucketsInSql(where)) });
    }
  });

  it('detail of one record; an unknown id is 404', async () => {
    const id = await idOf('h-latin');
    const res = await staff.get(`/api/patents/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id, title: '一种AMOLED显示面板', mainIpc: 'H10K 59/12', ipc: ['H10K 59/12'] });
    expect((await staff.get('/api/patents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('the text a search tests stays in the row', () => {
  it('a record of ordinary length keeps its claims uncompressed beside the title, its keys and words moved out first', async () => {
    // Compressible and long enough that a row of the default layout (2 kB) had its claims compressed
    // and moved to the TOAST table, where every candidate test fetched them.
    const claims = Array.from({ length: 20 }, (_, i) => `${i + 1}. 根据权利要求1所述的钠离子电池正极材料，其特征在于，所述正极材料的烧结温度为${800 + i}℃。`).join('');
    await importPatents(ctx.deps, jsonl([{ ...HAND[1], externalId: 'h-row', claims }]), 'jsonl');
    const res = await ctx.db.execute(
      sql`select octet_length(claims) as raw, pg_column_size(claims) as stored from patents where external_id = 'h-row'`,
    );
    const [row] = (res as unknown as { rows: { raw: number; stored: number }[] }).rows;
    expect(row.raw).toBeGreaterThan(2100);
    expect(Number(row.stored)).toBeGreaterThanOrEqual(Number(row.raw));
    expect(await searchIds('正极材料的烧结温度')).toEqual(await likeIds('正极材料的烧结温度'));
    expect(await searchIds('正极材料的烧结温度')).toContain(await idOf('h-row'));
  });
});
