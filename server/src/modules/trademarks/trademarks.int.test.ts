import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { anonymous, type Agent } from '../../../test/agent';
import { auditEventsOf, buildNetwork } from '../../../test/factories';
import { gbk } from '../../../test/gbk';
import { setupTestApp } from '../../../test/harness';
import { runTrademarksImport } from '../../cli/trademarks.commands';
import { mulberry32 } from '../../lib/random';
import { parseQuery } from '../../search/query-parser';
import { importTrademarks } from './trademarks.import';
import { trademarkDialect } from './trademarks.query';
import * as repo from './trademarks.repository';

const ctx = await setupTestApp();
const stream = (text: string) => Readable.from([Buffer.from(text, 'utf8')]);
const jsonl = (rows: object[]) => stream(rows.map((r) => JSON.stringify(r)).join('\n'));
const rowsOf = <T = Record<string, unknown>>(res: unknown) => (res as { rows: T[] }).rows;

// ---------------------------------------------------------------------------------------------
// A fixed corpus: generated from a seed (the same every run), plus hand-made records for ranking.

const seeded = mulberry32;
const rnd = seeded(45);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
const NAME_CHARS = [...'星辰远航云鹏华美康达安泰盛宏信诚天地海龙凤金银光明和顺新锐'];
const LATIN = ['NOVA', 'Apex', 'ZEN', 'Lumi', 'K2'];
const GOODS: Record<number, { group: string; items: string[] }> = {
  9: { group: '0901', items: ['计算机', '智能手机', '手机壳', '耳机', '锂电池', '充电器', '计算机软件'] },
  25: { group: '2501', items: ['服装', '运动鞋', '鞋', '帽子', '袜子', '围巾'] },
  35: { group: '3501', items: ['广告', '替他人推销', '市场营销', '进出口代理'] },
  12: { group: '1202', items: ['电动车', '自行车', '无人驾驶汽车', '车辆轮胎'] },
  42: { group: '4209', items: ['软件设计', '云计算', '技术研究', '平台即服务'] },
};
const CLASSES = [9, 25, 35, 12, 42];
const APPLICANTS = ['深圳市星辰科技有限公司', '华美服饰有限公司', '远航智能股份有限公司', 'Apex Holdings Ltd', '信诚贸易有限公司'];
const STATUSES = ['registered', 'pending', 'published', 'expired', 'rejected'];

const generated = Array.from({ length: 160 }, (_, i) => {
  const classes = [...new Set([pick(CLASSES), ...(rnd() < 0.3 ? [pick(CLASSES)] : [])])];
  const items = classes.flatMap((c) => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(GOODS[c].items)));
  const name = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pick(NAME_CHARS)).join('');
  const year = 2005 + Math.floor(rnd() * 19);
  return {
    registrationNumber: String(30_000_000 + i),
    markName: rnd() < 0.15 ? `${name} ${pick(LATIN)}` : name,
    niceClasses: classes,
    similarGroups: classes.map((c) => GOODS[c].group),
    goodsServices: [...new Set(items)].join('；'),
    applicants: [pick(APPLICANTS)],
    filingDate: `${year}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
    status: pick(STATUSES),
  };
});
const HAND = [
  { registrationNumber: '10000001', markName: '青鸟', niceClasses: [25], goodsServices: '服装；鞋', applicants: ['青鸟服饰有限公司'], filingDate: '2012-05-01', status: 'registered' },
  { registrationNumber: '10000002', markName: '远方', niceClasses: [9], goodsServices: '青鸟牌耳机；计算机', applicants: ['远方电子有限公司'], filingDate: '2023-05-01', status: 'registered' },
  { registrationNumber: '10000003', markName: 'SUPERNOVA', niceClasses: [9], goodsServices: 'lamps and nova-lights', applicants: ['Nova Lighting Ltd'], filingDate: '2020-01-01', status: 'pending' },
  { registrationNumber: 'G1234567', markName: '国际注册', niceClasses: [35, 42], similarGroups: ['3501', '4209'], goodsServices: '广告；软件设计', applicants: ['Apex Holdings Ltd'], filingDate: '2018-08-08', status: '已注册' },
];
const CORPUS = [...generated, ...HAND];

beforeAll(async () => {
  const r = await importTrademarks(ctx.deps, jsonl(CORPUS), 'jsonl');
  expect(r.counts).toEqual({ read: CORPUS.length, created: CORPUS.length, updated: 0, unchanged: 0, rejected: 0 });
});

/** The reference: a plain LIKE scan. */
async function likeIds(term: string, cols: string[] = ['mark_name', 'goods_services']) {
  const like = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const res = await ctx.db.execute(sql`select id from trademarks where ${sql.join(cols.map((c) => sql`${sql.raw(c)} like ${like}`), sql` or `)}`);
  return rowsOf<{ id: string }>(res).map((r) => r.id).sort();
}
async function searchIds(q: string, niceClass?: number) {
  const { rows, total } = await repo.search(ctx.db, parseQuery(q, trademarkDialect), { sort: 'relevance', limit: 10_000, offset: 0, niceClass });
  expect(total).toBe(rows.length);
  return rows.map((r) => r.id).sort();
}
const idOf = async (registrationNumber: string) =>
  rowsOf<{ id: string }>(await ctx.db.execute(sql`select id from trademarks where registration_number = ${registrationNumber}`))[0].id;

/** Substrings of Han runs of the corpus, 1 to 4 characters, from the seed. */
function substrings(n: number) {
  const out = new Set<string>();
  while (out.size < n) {
    const r = pick(CORPUS);
    const runs = `${r.markName}；${r.goodsServices}`.match(/\p{Script=Han}+/gu) ?? [];
    const run = [...pick(runs)];
    const len = Math.min(run.length, 1 + Math.floor(rnd() * 4));
    const at = Math.floor(rnd() * (run.length - len + 1));
    out.add(run.slice(at, at + len).join(''));
  }
  return [...out];
}

describe('a Chinese term matches exactly the records a LIKE scan finds', () => {
  const queries = [...substrings(40), '手机', '智能手机', '青鸟', '星', '不存在的商标'];
  it.each(queries)('%s', async (q) => {
    expect(await searchIds(q)).toEqual(await likeIds(q));
  });

  it('fields: tm: / mn: look in the mark name, gs: in goods/services, ap: in the applicants', async () => {
    for (const q of ['星', '星辰', '华美', '远航']) {
      expect(await searchIds(`tm:${q}`)).toEqual(await likeIds(q, ['mark_name']));
      expect(await searchIds(`mn:${q}`)).toEqual(await likeIds(q, ['mark_name']));
    }
    for (const q of ['手机', '软件', '鞋']) expect(await searchIds(`gs:${q}`)).toEqual(await likeIds(q, ['goods_services']));
    expect(await searchIds('ap:星辰科技')).toEqual(await likeIds('星辰科技', ["array_to_string(applicants, '|')"]));
  });

  it('AND, OR, NOT and groups combine the LIKE sets', async () => {
    const a = await likeIds('手机');
    const b = await likeIds('服装');
    const c = await likeIds('星');
    expect(await searchIds('手机 星')).toEqual(a.filter((id) => c.includes(id)));
    expect(await searchIds('手机 OR 服装')).toEqual([...new Set([...a, ...b])].sort());
    expect(await searchIds('手机 -星')).toEqual(a.filter((id) => !c.includes(id)));
    expect(await searchIds('(手机 OR 服装) NOT 星')).toEqual([...new Set([...a, ...b])].filter((id) => !c.includes(id)).sort());
    expect(await searchIds('"青鸟牌耳机"')).toEqual([await idOf('10000002')]);
  });

  it('Latin words match whole tokens in any case; * matches a prefix', async () => {
    const nova = await searchIds('nova');
    expect(nova).toContain(await idOf('10000003')); // "nova-lights" has the token nova; SUPERNOVA is another token
    expect(await searchIds('tm:nova')).not.toContain(await idOf('10000003'));
    expect(await searchIds('tm:supernova')).toEqual([await idOf('10000003')]);
    expect(await searchIds('tm:SUPER*')).toEqual([await idOf('10000003')]);
  });

  it('a registration number finds its record; status: takes the enum or the Chinese word', async () => {
    expect(await searchIds('10000001')).toEqual([await idOf('10000001')]);
    expect(await searchIds('g1234567')).toEqual([await idOf('G1234567')]);
    const registered = await searchIds('服装 status:registered');
    expect(await searchIds('服装 status:已注册')).toEqual(registered);
    const expected = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id from trademarks where goods_services like '%服装%' and status = 'registered'`)).map((r) => r.id).sort();
    expect(registered).toEqual(expected);
  });
});

describe('Nice-class filter', () => {
  it('niceClass and nc: keep exactly the matches of that class', async () => {
    const all = await likeIds('星');
    const inClass = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id from trademarks where 9 = any(nice_classes)`)).map((r) => r.id);
    const expected = all.filter((id) => inClass.includes(id));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(await searchIds('星', 9)).toEqual(expected);
    expect(await searchIds('星 nc:9')).toEqual(expected);
    expect(await searchIds('星 nc:第9类')).toEqual(expected);
  });
});

describe('ranking', () => {
  it('a mark-name hit ranks above a goods/services-only hit, even when older', async () => {
    const { rows } = await repo.search(ctx.db, parseQuery('青鸟', trademarkDialect), { sort: 'relevance', limit: 10, offset: 0 });
    expect(rows.map((r) => r.registrationNumber)).toEqual(['10000001', '10000002']);
    const byDate = await repo.search(ctx.db, parseQuery('青鸟', trademarkDialect), { sort: 'date', limit: 10, offset: 0 });
    expect(byDate.rows.map((r) => r.registrationNumber)).toEqual(['10000002', '10000001']);
  });

  it('every mark-name hit comes before every goods-only hit', async () => {
    // 云 is in mark names (云鹏) and in goods (云计算).
    const { rows } = await repo.search(ctx.db, parseQuery('云', trademarkDialect), { sort: 'relevance', limit: 10_000, offset: 0 });
    const inName = rows.map((r) => r.markName.includes('云'));
    const firstGoodsOnly = inName.indexOf(false);
    expect(firstGoodsOnly).toBeGreaterThan(0);
    expect(inName.slice(firstGoodsOnly)).not.toContain(true);
  });

  it('a query broader than the rank window still puts mark-name hits first and counts its total exactly', async () => {
    const { rows, total, totalIsEstimate } = await repo.search(ctx.db, parseQuery('青鸟 OR 服装', trademarkDialect), { sort: 'relevance', limit: 1, offset: 0, window: 2 });
    const wide = await repo.search(ctx.db, parseQuery('青鸟 OR 服装', trademarkDialect), { sort: 'relevance', limit: 1, offset: 0 });
    expect(totalIsEstimate).toBe(false);
    expect(total).toBe(wide.total);
    expect(total).toBeGreaterThan(2);
    expect(rows[0].markName).toBe('青鸟');
  });
});

describe('GET /api/trademarks/search and /api/trademarks/:id', () => {
  let staff: Agent;
  beforeAll(async () => {
    ({ staff1: staff } = await buildNetwork(ctx));
  });

  it('anonymous callers get 401', async () => {
    const a = anonymous(ctx);
    expect((await a.get('/api/trademarks/search?q=青鸟')).status).toBe(401);
    expect((await a.get(`/api/trademarks/${await idOf('10000001')}`)).status).toBe(401);
  });

  it('answers the page in the agreed shape, with a marked snippet and the exact total', async () => {
    const res = await staff.get(`/api/trademarks/search?q=${encodeURIComponent('青鸟')}&pageSize=1`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: await idOf('10000001'),
          registrationNumber: '10000001',
          markName: '青鸟',
          niceClasses: [25],
          applicants: ['青鸟服饰有限公司'],
          status: 'registered',
          filingDate: '2012-05-01',
          registrationDate: null,
          expiryDate: null,
          snippet: '<mark>青鸟</mark>',
        },
      ],
      total: 2,
      totalIsEstimate: false,
      page: 1,
      pageSize: 1,
    });
    const p2 = await staff.get(`/api/trademarks/search?q=${encodeURIComponent('青鸟')}&pageSize=1&page=2`);
    expect(p2.body.items[0]).toMatchObject({ registrationNumber: '10000002', snippet: '<mark>青鸟</mark>牌耳机；计算机' });
  });

  it('niceClass filters; outside 1–45 (or not a number) is 400 naming niceClass; empty is no filter', async () => {
    const res = await staff.get(`/api/trademarks/search?q=${encodeURIComponent('青鸟')}&niceClass=9`);
    expect(res.body.items.map((i: { registrationNumber: string }) => i.registrationNumber)).toEqual(['10000002']);
    expect((await staff.get(`/api/trademarks/search?q=${encodeURIComponent('青鸟')}&niceClass=`)).body.total).toBe(2);
    for (const bad of ['0', '46', 'abc', '9.5']) {
      const r = await staff.get(`/api/trademarks/search?q=${encodeURIComponent('青鸟')}&niceClass=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION');
      expect(r.body.error.details).toEqual([{ path: 'niceClass', message: '尼斯分类号应为 1–45 的整数' }]);
    }
  });

  it('a malformed query is 400 VALIDATION pointing at q and the position, in the caller\'s language', async () => {
    const res = await staff.get(`/api/trademarks/search?q=${encodeURIComponent('青鸟 (服装')}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.details).toEqual([{ path: 'q', message: expect.stringContaining('第 4 个字符') }]);
    staff.lang = 'en-US';
    try {
      const field = await staff.get(`/api/trademarks/search?q=${encodeURIComponent('ti:青鸟')}`);
      expect(field.body.error.details[0]).toEqual({ path: 'q', message: 'Unknown field "ti" at character 1; fields: tm mn gs ap nc status' });
      const nc = await staff.get(`/api/trademarks/search?q=${encodeURIComponent('青鸟 nc:46')}`);
      expect(nc.status).toBe(400);
      expect(nc.body.error.details[0]).toEqual({ path: 'q', message: 'At character 4: "46" is not a Nice class (a whole number from 1 to 45)' });
      const st = await staff.get(`/api/trademarks/search?q=${encodeURIComponent('status:alive')}`);
      expect(st.body.error.details[0].message).toContain('unknown trademark status "alive"');
    } finally {
      staff.lang = 'zh-CN';
    }
    expect((await staff.get('/api/trademarks/search?q=')).status).toBe(400);
  });

  it('the API document describes the search parameters', async () => {
    const doc = (await anonymous(ctx).get('/api/openapi.json')).body;
    const params = doc.paths['/api/trademarks/search'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['q', 'niceClass', 'page', 'pageSize', 'sort']));
  });

  it('exports a search (its Nice class and order) to .xlsx; needs a session; a malformed query is 400', async () => {
    const read = async (res: Response) => {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      return wb.worksheets[0].getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    };
    const call = (query: string) => ctx.app.request(`/api/trademarks/export.xlsx?${query}`, { headers: { cookie: staff.cookie! } });
    const all = await read(await call(`q=${encodeURIComponent('青鸟')}&sort=date`));
    expect(all[0]).toEqual(['序号', '注册号/申请号', '商标名称', '国际分类', '申请人', '申请日', '注册日', '专用权期限', '商标状态', '商品/服务项目']);
    const page = (await staff.get(`/api/trademarks/search?q=${encodeURIComponent('青鸟')}&sort=date`)).body.items.map((i: { registrationNumber: string }) => i.registrationNumber);
    expect(all.slice(1).map((r) => r[1])).toEqual(page);
    const first = all.find((r) => r[1] === '10000001')!;
    expect([first[2], first[3], first[4], first[5], first[8]]).toEqual(['青鸟', '25', '青鸟服饰有限公司', '2012-05-01', '已注册']);
    const nine = await read(await call(`q=${encodeURIComponent('青鸟')}&niceClass=9`));
    expect(nine.slice(1).map((r) => r[1])).toEqual(['10000002']);
    const bad = await call(`q=${encodeURIComponent('青鸟 (')}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: unknown[] } }).error.details[0]).toEqual({ path: 'q', message: expect.stringContaining('第 4 个字符') });
    expect((await call(`q=${encodeURIComponent('青鸟')}&niceClass=46`)).status).toBe(400);
    expect((await anonymous(ctx).get(`/api/trademarks/export.xlsx?q=${encodeURIComponent('青鸟')}`)).status).toBe(401);
  });

  it('detail of one record; an unknown id is 404', async () => {
    const id = await idOf('G1234567');
    const res = await staff.get(`/api/trademarks/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id, registrationNumber: 'G1234567', markName: '国际注册', niceClasses: [35, 42], similarGroups: ['3501', '4209'], status: 'registered', version: 1 });
    const missing = await staff.get('/api/trademarks/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });
});

// ---------------------------------------------------------------------------------------------
// Import

const tmRow = async (registrationNumber: string) => rowsOf(await ctx.db.execute(sql`select * from trademarks where registration_number = ${registrationNumber}`));

describe('import: good rows are kept, bad rows reported with their field and reason', () => {
  it('JSONL', async () => {
    const lines = [
      JSON.stringify({ registrationNumber: '20000001', markName: '好行', niceClasses: [9, '35'], similarGroups: '0901;3501', goodsServices: ['手机', '广告'], applicants: '甲公司；乙公司', filingDate: '2019/3/4', status: 'REGISTERED' }),
      JSON.stringify({ registrationNumber: 'ABC', markName: '坏注册号', niceClasses: [9] }),
      '{ not json',
      JSON.stringify({ registrationNumber: '20000003', niceClasses: [0, 46] }),
      JSON.stringify({ registrationNumber: '20000004', niceClasses: [9], similarGroups: ['2501', '09'], registrationDate: '2020-02-30', status: 'alive' }),
      JSON.stringify({ registrationNumber: '20000005', niceClasses: [9], registrationDate: '2020-01-01', expiryDate: '2019-12-31', colour: 'red' }),
      JSON.stringify({ markName: '没有注册号' }),
    ].join('\n');
    const r = await importTrademarks(ctx.deps, stream(lines), 'jsonl');
    expect(r.counts).toEqual({ read: 7, created: 1, updated: 0, unchanged: 0, rejected: 6 });
    expect(r.rejectedRows).toEqual([
      { line: 2, problems: [{ field: 'registrationNumber', key: 'trademark.registration_number', params: { value: 'ABC' } }] },
      { line: 3, problems: [{ field: null, key: 'import.bad_json', params: { detail: expect.any(String) } }] },
      {
        line: 4,
        problems: [
          { field: 'niceClasses', key: 'trademark.nice_class', params: { value: '0' } },
          { field: 'niceClasses', key: 'trademark.nice_class', params: { value: '46' } },
        ],
      },
      {
        line: 5,
        problems: [
          { field: 'similarGroups', key: 'trademark.similar_group_class', params: { value: '2501', niceClass: 25 } },
          { field: 'similarGroups', key: 'trademark.similar_group', params: { value: '09' } },
          { field: 'registrationDate', key: 'import.date', params: { value: '2020-02-30' } },
          { field: 'status', key: 'trademark.status', params: { value: 'alive', allowed: expect.stringContaining('registered') } },
        ],
      },
      {
        line: 6,
        problems: [
          { field: 'expiryDate', key: 'trademark.date_order', params: { expiry: '2019-12-31', registration: '2020-01-01' } },
          { field: 'colour', key: 'import.unknown_field', params: { fields: expect.stringContaining('registrationNumber') } },
        ],
      },
      {
        line: 7,
        problems: [{ field: 'registrationNumber', key: 'import.required' }],
      },
    ]);
    const [kept] = await tmRow('20000001');
    expect(kept).toMatchObject({ mark_name: '好行', nice_classes: [9, 35], similar_groups: ['0901', '3501'], goods_services: '手机；广告', applicants: ['甲公司', '乙公司'], filing_date: '2019-03-04', status: 'registered', version: 1 });
    expect(await tmRow('20000003')).toEqual([]);
    // One audit event for the whole import, with its counts and the input's hash.
    const [event] = await auditEventsOf(ctx, { recordId: r.batchId });
    expect(event).toMatchObject({ type: 'bulk.completed', data: { operation: 'trademarks.import', counts: r.counts, sha256: r.sha256 } });
  });

  it('a re-import updates the record (no duplicate); an identical one changes nothing', async () => {
    const first = { registrationNumber: '20000010', markName: '再导入', niceClasses: [25], goodsServices: '服装', status: 'pending', filingDate: '2021-01-01' };
    expect((await importTrademarks(ctx.deps, jsonl([first]), 'jsonl')).counts).toMatchObject({ created: 1 });
    const update = { registrationNumber: '20000010', niceClasses: [25], status: '已注册', registrationDate: '2022-02-02', expiryDate: '2032-02-01' };
    expect((await importTrademarks(ctx.deps, jsonl([update]), 'jsonl')).counts).toEqual({ read: 1, created: 0, updated: 1, unchanged: 0, rejected: 0 });
    const again = await importTrademarks(ctx.deps, jsonl([update]), 'jsonl');
    expect(again.counts).toEqual({ read: 1, created: 0, updated: 0, unchanged: 1, rejected: 0 });
    const rows = await tmRow('20000010');
    expect(rows).toHaveLength(1);
    // Fields the update left empty keep their values.
    expect(rows[0]).toMatchObject({ mark_name: '再导入', goods_services: '服装', status: 'registered', registration_date: '2022-02-02', filing_date: '2021-01-01', version: 2 });
    // The same number twice in one file is one record.
    const twice = await importTrademarks(ctx.deps, jsonl([{ ...first, registrationNumber: '20000011' }, { registrationNumber: '20000011', niceClasses: [25], status: 'registered' }]), 'jsonl');
    expect(twice.counts).toMatchObject({ created: 1, updated: 1 });
    expect(await tmRow('20000011')).toHaveLength(1);
  });

  it('CSV: CNIPA headers, quoted cells, ;-separated lists; a row of extra cells is refused', async () => {
    const csv =
      '\uFEFF注册号,商标名称,国际分类,类似群,商品/服务,申请人,申请日期,商标状态\r\n' +
      '20000020,"逗号,商标",9;35,0901;3501,"手机；""智能""手表",丙公司;丁公司,2015-06-07,已注册\r\n' +
      '20000021,坏分类,第50类,,,,,\r\n' +
      '20000022,多列,9,,,,,,extra\r\n';
    const r = await importTrademarks(ctx.deps, stream(csv), 'csv');
    expect(r.counts).toMatchObject({ read: 3, created: 1, rejected: 2 });
    expect(r.rejectedRows).toEqual([
      { line: 3, problems: [{ field: 'niceClasses', key: 'trademark.nice_class', params: { value: '第50类' } }] },
      { line: 4, problems: [{ field: null, key: 'import.cells', params: { cells: 9, headers: 8 } }] },
    ]);
    const [row] = await tmRow('20000020');
    expect(row).toMatchObject({ mark_name: '逗号,商标', nice_classes: [9, 35], similar_groups: ['0901', '3501'], goods_services: '手机；"智能"手表', applicants: ['丙公司', '丁公司'], status: 'registered' });
    expect(r.ignoredColumns).toEqual([]);
  });

  it('a row of a known registration may leave out its classes (a file of status changes); a new one without is refused on its line', async () => {
    const lines = [
      JSON.stringify({ registrationNumber: '20000020', status: '已无效' }),
      JSON.stringify({ registrationNumber: '20000095', markName: '没有分类的新商标' }),
      JSON.stringify({ registrationNumber: '20000096', markName: '有分类的新商标', niceClasses: [35] }),
    ].join('\n');
    const r = await importTrademarks(ctx.deps, stream(lines), 'jsonl');
    expect(r.counts).toMatchObject({ read: 3, created: 1, updated: 1, rejected: 1 });
    expect(r.rejectedRows).toEqual([{ line: 2, problems: [{ field: 'niceClasses', key: 'trademark.nice_class_required' }] }]);
    expect((await tmRow('20000020'))[0]).toMatchObject({ status: 'invalidated', nice_classes: [9, 35], mark_name: '逗号,商标' });
    expect(await tmRow('20000095')).toEqual([]);
  });

  it('CSV in GBK, as Excel on Chinese Windows saves it, with an export\'s columns no record keeps', async () => {
    const csv = gbk('注册号,商标名称,国际分类,申请人地址,商标状态,序号\r\n20000090,国标码商标,9,广东省深圳市,已注册,1\r\n');
    const r = await importTrademarks(ctx.deps, Readable.from([csv]), 'csv');
    expect(r.counts).toMatchObject({ read: 1, created: 1, rejected: 0 });
    expect(r.ignoredColumns).toEqual(['申请人地址', '序号']);
    const [row] = await tmRow('20000090');
    expect(row).toMatchObject({ mark_name: '国标码商标', nice_classes: [9], status: 'registered' });
  });

  it('.xlsx: the first sheet, read as a stream', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('商标');
    ws.addRow(['registrationNumber', 'markName', 'niceClasses', 'goodsServices', 'filingDate']);
    ws.addRow([20000030, '表格商标', 9, '耳机', new Date(Date.UTC(2016, 6, 8))]);
    ws.addRow([20000031, '无分类', '', '', '']);
    const r = await importTrademarks(ctx.deps, Readable.from([Buffer.from(await wb.xlsx.writeBuffer())]), 'xlsx');
    expect(r.counts).toMatchObject({ read: 2, created: 1, rejected: 1 });
    expect(r.rejectedRows).toEqual([{ line: 3, problems: [{ field: 'niceClasses', key: 'trademark.nice_class_required' }] }]);
    expect((await tmRow('20000030'))[0]).toMatchObject({ mark_name: '表格商标', nice_classes: [9], filing_date: '2016-07-08' });
  });

  it('imported records are found by search at once', async () => {
    expect(await searchIds('表格商标')).toEqual([await idOf('20000030')]);
    expect(await searchIds('ap:丁公司')).toEqual([await idOf('20000020')]);
  });
});

describe('POST /api/trademarks/imports', () => {
  let net: Awaited<ReturnType<typeof buildNetwork>>;
  beforeAll(async () => {
    net = await buildNetwork(ctx);
  });
  const upload = (agent: Agent, name: string, content: string, lang = 'zh-CN') => {
    const form = new FormData();
    form.append('file', new File([content], name));
    return ctx.app.request('/api/trademarks/imports', { method: 'POST', body: form, headers: { cookie: agent.cookie!, 'x-csrf-token': agent.csrf!, 'accept-language': lang } });
  };

  it('runs the upload as a job with progress and ends with the counts and the refused rows in the uploader\'s language', async () => {
    const content = ['registrationNumber,markName,niceClasses', '20000040,上传商标,9', '20000041,坏行,99'].join('\n');
    const res = await upload(net.wsAdmin1, 'marks.csv', content);
    expect(res.status).toBe(202);
    const { data: job } = (await res.json()) as { data: { id: string; status: string; type: string } };
    expect(job).toMatchObject({ status: 'queued', type: 'trademarks.import' });
    await ctx.deps.jobs.drain();
    const done = await net.wsAdmin1.get(`/api/jobs/${job.id}`);
    expect(done.body.data).toMatchObject({
      status: 'succeeded',
      progress: Buffer.byteLength(content),
      progressTotal: Buffer.byteLength(content),
      progressMessage: '已读 2 行：新增 1，更新 0，未变 0，拒绝 1',
      result: {
        counts: { read: 2, created: 1, updated: 0, unchanged: 0, rejected: 1 },
        rejectedRows: [{ line: 3, problems: [{ field: 'niceClasses', label: '国际分类（niceClasses）', message: '“99”不是尼斯分类号（1–45 的整数）' }] }],
        rejectedRowsTruncated: false,
      },
    });
    expect(await tmRow('20000040')).toHaveLength(1);

    const en = await upload(net.admin, 'marks.jsonl', JSON.stringify({ registrationNumber: 'x1' }), 'en-US');
    const enJob = ((await en.json()) as { data: { id: string } }).data;
    await ctx.deps.jobs.drain();
    const enDone = await net.admin.get(`/api/jobs/${enJob.id}`);
    expect(enDone.body.data.result.rejectedRows[0].problems[0]).toEqual({ field: 'registrationNumber', label: 'registrationNumber', message: expect.stringContaining('"x1" is not a trademark registration number') });
  });

  it('staff may search but not import; an unknown format or a missing file is 400 naming file', async () => {
    expect((await upload(net.staff1, 'marks.jsonl', '{}')).status).toBe(403);
    const bad = await upload(net.admin, 'marks.txt', 'x');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { path: string }[] } }).error.details[0].path).toBe('file');
    const none = await ctx.app.request('/api/trademarks/imports', { method: 'POST', body: new FormData(), headers: { cookie: net.admin.cookie!, 'x-csrf-token': net.admin.csrf! } });
    expect(none.status).toBe(400);
  });

  it('anonymous uploads are 401', async () => {
    const form = new FormData();
    form.append('file', new File(['{}'], 'a.jsonl'));
    expect((await ctx.app.request('/api/trademarks/imports', { method: 'POST', body: form })).status).toBe(401);
  });
});

describe('ipstation trademarks import FILE', () => {
  // Made when a test of this block runs (a block whose tests are all filtered out runs no afterAll).
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-tm-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the counts on stdout and each refused row on stderr, in the CLI\'s English', async () => {
    const file = path.join(dir, 'marks.jsonl');
    fs.writeFileSync(file, [JSON.stringify({ registrationNumber: '20000050', niceClasses: [9] }), JSON.stringify({ registrationNumber: '20000051', niceClasses: [77] })].join('\n'));
    const printed: string[] = [];
    const noted: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => noted.push(String(chunk)) > 0);
    try {
      await runTrademarksImport(ctx.deps, file);
      const again = await runTrademarksImport(ctx.deps, file);
      expect(again.counts).toMatchObject({ created: 0, unchanged: 1, rejected: 1 });
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(printed[0]).toMatch(/^read 2, created 1, updated 0, unchanged 0, rejected 1 \(/);
    expect(noted).toContain('Line 2, niceClasses: "77" is not a Nice class (a whole number from 1 to 45)\n');
  });
});
