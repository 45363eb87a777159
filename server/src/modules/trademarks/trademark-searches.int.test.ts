import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../../../test/agent';
import { auditEventsOf, buildNetwork } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import { importPatents } from '../patents/patents.import';
import { importTrademarks } from './trademarks.import';

/** Saved searches of trademarks: a Nice class, chosen marks with notes, the report, the sheet, watches on trademark imports. */

const ctx = await setupTestApp();
const jsonl = (rows: object[]) => Readable.from([rows.map((r) => JSON.stringify(r)).join('\n')]);
let net: Awaited<ReturnType<typeof buildNetwork>>;
const ids: Record<string, string> = {};

const mark = (registrationNumber: string, markName: string, niceClasses: number[], filingDate: string) => ({
  registrationNumber,
  markName,
  niceClasses,
  goodsServices: niceClasses.includes(9) ? '计算机；耳机' : '广告；市场营销',
  applicants: ['深圳市鹏程科技有限公司'],
  filingDate,
  status: 'registered',
});

beforeAll(async () => {
  net = await buildNetwork(ctx);
  const r = await importTrademarks(
    ctx.deps,
    jsonl([mark('30000001', '鹏程', [9], '2020-01-01'), mark('30000002', '鹏程万里', [35], '2021-01-01'), mark('30000003', '远山', [9], '2022-01-01')]),
    'jsonl',
  );
  expect(r.counts.rejected).toBe(0);
  const res = await ctx.db.execute(sql`select id, registration_number from trademarks`);
  for (const row of (res as unknown as { rows: { id: string; registration_number: string }[] }).rows) ids[row.registration_number] = row.id;
});

const notificationsOf = async (userId: string, kind: string) => {
  const res = await ctx.db.execute(sql`select title, body, data from notifications where user_id = ${userId} and kind = ${kind} order by created_at`);
  return (res as unknown as { rows: { title: string; body: string; data: { trademarkIds?: string[]; count: number } }[] }).rows;
};

describe('a trademark search saved', () => {
  let saved: { id: string; version: number };

  it('keeps its kind, Nice class and chosen marks with notes; counts hits within the class', async () => {
    const res = await net.staff1.post('/api/saved-searches', {
      kind: 'trademark',
      name: '鹏程 第 9 类近似检索',
      query: '鹏程',
      niceClass: 9,
      extraQueries: ['鹏程万里'],
      purpose: '注册前近似商标检索',
      technicalSolution: '拟申请商标“鹏程”，第 9 类计算机、耳机',
      results: [{ trademarkId: ids['30000001'], note: '相同文字，同一类别' }],
    });
    expect(res.status).toBe(201);
    saved = res.body.data;
    expect(res.body.data).toMatchObject({
      kind: 'trademark',
      niceClass: 9,
      databases: ['ipstation 商标数据库（中国商标）'],
      // 鹏程万里 is in class 35 only: no hit within class 9.
      queries: [
        { q: '鹏程', hits: 1 },
        { q: '鹏程万里', hits: 0 },
      ],
      results: [
        {
          trademarkId: ids['30000001'],
          registrationNumber: '30000001',
          markName: '鹏程',
          title: '鹏程',
          niceClasses: [9],
          applicants: ['深圳市鹏程科技有限公司'],
          filingDate: '2020-01-01',
          status: 'registered',
          category: null,
          note: '相同文字，同一类别',
        },
      ],
    });
    const [event] = await auditEventsOf(ctx, { recordId: saved.id });
    expect(event.data).toMatchObject({ kind: 'trademark', results: 1 });
    const list = await net.staff1.get('/api/saved-searches');
    expect(list.body.items.find((i: { id: string }) => i.id === saved.id)).toMatchObject({ kind: 'trademark', niceClass: 9 });
  });

  it('changing the class counts the query strings again in it', async () => {
    const res = await net.staff1.patch(`/api/saved-searches/${saved.id}`, { version: saved.version, niceClass: null });
    expect(res.status).toBe(200);
    expect(res.body.data.niceClass).toBeNull();
    expect(res.body.data.queries.map((q: { hits: number }) => q.hits)).toEqual([2, 1]);
    saved = res.body.data;
  });

  it('bad input is 400 naming the field and changes nothing', async () => {
    const bad = async (body: object, path: string, message?: string) => {
      const res = await net.staff1.post('/api/saved-searches', { kind: 'trademark', name: 'x', query: '鹏程', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(res.body.error.details[0].path).toBe(path);
      if (message) expect(res.body.error.details[0].message).toContain(message);
    };
    const count = async () => (await ctx.db.execute(sql`select count(*)::int as n from saved_searches`)) as unknown as { rows: { n: number }[] };
    const before = (await count()).rows;
    // A patent named in a trademark search, a mark that does not exist, a class outside 1–45.
    await bad({ results: [{ patentId: ids['30000001'] }] }, 'results.0.trademarkId', '商标检索的结果应是商标记录');
    await bad({ results: [{ trademarkId: '00000000-0000-4000-8000-000000000000' }] }, 'results.0.trademarkId');
    await bad({ niceClass: 46 }, 'niceClass', '1–45');
    await bad({ results: [{ trademarkId: ids['30000001'], category: 'X' }] }, 'results.0.category', '此处的类别应为 same / similar 之一');
    // A patent field is not a trademark field; a malformed query names the position.
    await bad({ query: 'ti:鹏程' }, 'query', '字段“ti”不存在');
    await bad({ query: '鹏程 (' }, 'query', '第 4 个字符');
    await bad({ kind: 'design' }, 'kind');
    // A Nice class in a patent search; a trademark in a patent search.
    const patent = await net.staff1.post('/api/saved-searches', { name: 'x', query: '电池', niceClass: 9 });
    expect(patent.status).toBe(400);
    expect(patent.body.error.details).toEqual([{ path: 'niceClass', message: '尼斯分类只用于商标检索' }]);
    const similarPatent = await net.staff1.post('/api/saved-searches', { name: 'x', query: '电池', results: [{ patentId: ids['30000001'], category: 'similar' }] });
    expect(similarPatent.body.error.details).toEqual([{ path: 'results.0.category', message: '此处的类别应为 X / Y / A 之一' }]);
    const mixed = await net.staff1.post('/api/saved-searches', { name: 'x', query: '电池', results: [{ trademarkId: ids['30000001'] }] });
    expect(mixed.body.error.details[0]).toEqual({ path: 'results.0.patentId', message: '专利检索的结果应是专利记录（patentId）' });
    expect((await count()).rows).toEqual(before);
  });

  it('adds chosen marks, and another user gets 404; anonymous 401', async () => {
    const res = await net.staff1.post(`/api/saved-searches/${saved.id}/results`, { results: [{ trademarkId: ids['30000002'], category: 'similar', note: '文字包含' }] });
    expect(res.status).toBe(200);
    expect(res.body.data.results.map((r: { registrationNumber: string }) => r.registrationNumber)).toEqual(['30000001', '30000002']);
    saved = res.body.data;
    expect((await net.staff2.get(`/api/saved-searches/${saved.id}`)).status).toBe(404);
    expect((await net.staff2.post(`/api/saved-searches/${saved.id}/results`, { results: [{ trademarkId: ids['30000003'] }] })).status).toBe(404);
    expect((await anonymous(ctx).get(`/api/saved-searches/${saved.id}`)).status).toBe(401);
  });

  it('the report is a 商标检索报告 PDF, and the chosen marks export with their notes', async () => {
    const pdf = await ctx.app.request(`/api/saved-searches/${saved.id}/report.pdf`, { headers: { cookie: net.staff1.cookie! } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toContain(encodeURIComponent('商标检索报告-'));
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const xlsx = await ctx.app.request(`/api/saved-searches/${saved.id}/results.xlsx`, { headers: { cookie: net.staff1.cookie! } });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets[0].name).toBe('在先商标');
    const rows = wb.worksheets[0].getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['序号', '注册号/申请号', '商标名称', '国际分类', '申请人', '申请日', '注册日', '专用权期限', '商标状态', '近似判断', '相关性说明', '商品/服务项目']);
    expect(rows[1]).toEqual(expect.arrayContaining([1, '30000001', '鹏程', '9', '已注册', '相同文字，同一类别']));
    expect(rows[2]).toEqual(expect.arrayContaining([2, '30000002', '鹏程万里', '35', '近似商标', '文字包含']));
  });
});

describe('a trademark watch', () => {
  let watchId: string;

  it('alerts about new marks of its class that trademark imports bring, never twice; patent imports do not run it', async () => {
    const res = await net.staff1.post('/api/saved-searches', { kind: 'trademark', name: '鹏程监测', query: '鹏程', niceClass: 9, watch: true, workstationId: net.ws1.workstation.id });
    expect(res.status).toBe(201);
    watchId = res.body.data.id;

    // A patent that matches the words is not a trademark.
    await importPatents(ctx.deps, jsonl([{ externalId: 'tw-p1', title: '鹏程导航装置' }]), 'jsonl');
    expect(await notificationsOf(net.staff1.user.id, 'trademarks.watch')).toHaveLength(0);

    // A new 鹏程 mark in class 9 alerts; one in class 35 and an unrelated class-9 mark do not.
    const first = await importTrademarks(ctx.deps, jsonl([mark('30000010', '鹏程星', [9], '2024-01-01'), mark('30000011', '鹏程', [35], '2024-02-01'), mark('30000012', '青松', [9], '2024-03-01')]), 'jsonl');
    expect(first.alerts).toBe(1);
    let alerts = await notificationsOf(net.staff1.user.id, 'trademarks.watch');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].title).toBe('检索预警“鹏程监测”：1 条新结果');
    expect(alerts[0].body).toBe('30000010 鹏程星');
    expect(alerts[0].data.trademarkIds).toHaveLength(1);

    // The same file again: nothing new. A status change of an alerted mark: not twice.
    expect((await importTrademarks(ctx.deps, jsonl([mark('30000010', '鹏程星', [9], '2024-01-01')]), 'jsonl')).alerts).toBe(0);
    expect((await importTrademarks(ctx.deps, jsonl([{ ...mark('30000010', '鹏程星', [9], '2024-01-01'), status: 'opposed' }]), 'jsonl')).alerts).toBe(0);
    ctx.clock.advance(60_000);
    await importTrademarks(ctx.deps, jsonl([mark('30000013', '小鹏程', [9, 42], '2024-04-01')]), 'jsonl');
    alerts = await notificationsOf(net.staff1.user.id, 'trademarks.watch');
    expect(alerts.map((a) => a.body)).toEqual(['30000010 鹏程星', '30000013 小鹏程']);
    // The workstation's other staff are told too; the other workstation is not.
    expect(await notificationsOf(net.wsAdmin1.user.id, 'trademarks.watch')).toHaveLength(2);
    expect(await notificationsOf(net.staff2.user.id, 'trademarks.watch')).toHaveLength(0);
  });

  it('its alerts list the marks, newest first; the workstation\'s staff read them, others get 404', async () => {
    const res = await net.wsAdmin1.get(`/api/saved-searches/${watchId}/alerts`);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('trademark');
    expect(res.body.items.map((i: { hits: { registrationNumber: string }[] }) => i.hits.map((h) => h.registrationNumber))).toEqual([['30000013'], ['30000010']]);
    expect(res.body.items[0].hits[0]).toMatchObject({ trademarkId: expect.any(String), markName: '小鹏程', niceClasses: [9, 42] });
    expect((await net.staff2.get(`/api/saved-searches/${watchId}/alerts`)).status).toBe(404);
  });
});
