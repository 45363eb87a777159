import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../../../test/agent';
import { auditEventsOf, buildNetwork, buildOrganization, buildUser, signedIn, validUscc } from '../../../test/factories';
import { users } from '../../db/schema';
import { setupTestApp } from '../../../test/harness';
import { importPatents } from './patents.import';

const ctx = await setupTestApp();
const jsonl = (rows: object[]) => Readable.from([rows.map((r) => JSON.stringify(r)).join('\n')]);
let net: Awaited<ReturnType<typeof buildNetwork>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  net = await buildNetwork(ctx);
  const seeded = await importPatents(
    ctx.deps,
    jsonl([
      { externalId: 'p1', title: '一种固态电池电解质', abstract: '固态电解质提高安全性。', applicants: ['深圳市甲科技有限公司'], publicationNumber: 'CN110000001A', applicationNumber: '201810000001.4', publicationDate: '2019-01-01', mainIpc: 'H01M 10/0562' },
      { externalId: 'p2', title: '电池管理系统', abstract: '用于固态电池的管理。', applicants: ['乙大学'], publicationDate: '2020-02-02', ipc: ['H02J 7/00'] },
      { externalId: 'p3', title: '无关的机械结构', abstract: '齿轮传动。', publicationDate: '2021-03-03' },
    ]),
    'jsonl',
  );
  expect(seeded.counts.bad).toBe(0);
  const res = await ctx.db.execute(sql`select id, external_id from patents`);
  for (const r of (res as unknown as { rows: { id: string; external_id: string }[] }).rows) ids[r.external_id] = r.id;
});

const notificationsOf = async (userId: string) => {
  const res = await ctx.db.execute(sql`select kind, title, body, data from notifications where user_id = ${userId} and kind = 'patents.watch' order by created_at`);
  return (res as unknown as { rows: { kind: string; title: string; body: string; data: { patentIds: string[]; count: number } }[] }).rows;
};

describe('saved searches', () => {
  let saved: { id: string; version: number };

  it('saves a query with report fields and two chosen results with notes; counts the hits of each query', async () => {
    const res = await net.staff1.post('/api/saved-searches', {
      name: '固态电池新颖性检索',
      query: '固态 电池',
      extraQueries: ['ti:固态电池', 'ipc:H01M'],
      purpose: '新颖性检索',
      technicalSolution: '一种固态电池电解质',
      searchElements: ['固态电池', '电解质'],
      reviewer: '李审核',
      conclusion: '未发现影响新颖性的文献。',
      results: [
        { patentId: ids.p1, category: 'X', note: '公开了全部技术特征' },
        { patentId: ids.p2, category: 'A', note: '背景技术' },
      ],
    });
    expect(res.status).toBe(201);
    saved = res.body.data;
    expect(res.body.data).toMatchObject({
      name: '固态电池新颖性检索',
      watch: false,
      databases: ['ipstation 专利数据库（中国专利）'],
      queries: [
        { q: '固态 电池', hits: 2 },
        { q: 'ti:固态电池', hits: 1 },
        { q: 'ipc:H01M', hits: 1 },
      ],
      results: [
        { patentId: ids.p1, category: 'X', note: '公开了全部技术特征', publicationNumber: 'CN110000001A', title: '一种固态电池电解质' },
        { patentId: ids.p2, category: 'A', note: '背景技术', title: '电池管理系统' },
      ],
      version: 1,
    });
    expect(await auditEventsOf(ctx, { recordId: saved.id, type: 'saved_search.created' })).toHaveLength(1);
  });

  it('a malformed query or an unknown record is 400 naming the field', async () => {
    const bad = await net.staff1.post('/api/saved-searches', { name: 'x', query: '电池 (' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query');
    const missing = await net.staff1.post('/api/saved-searches', { name: 'x', query: '电池', results: [{ patentId: '00000000-0000-4000-8000-000000000000' }] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('results.0.patentId');
  });

  it('is the owner\'s own: others get 404; updates need the current version', async () => {
    expect((await net.staff2.get(`/api/saved-searches/${saved.id}`)).status).toBe(404);
    expect((await net.staff2.patch(`/api/saved-searches/${saved.id}`, { version: 1, name: '改名' })).status).toBe(404);
    const ok = await net.staff1.patch(`/api/saved-searches/${saved.id}`, { version: 1, conclusion: '结论已更新', results: [{ patentId: ids.p2, note: '仅作背景' }] });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ version: 2, conclusion: '结论已更新', results: [{ patentId: ids.p2, note: '仅作背景', category: null }] });
    expect((await net.staff1.patch(`/api/saved-searches/${saved.id}`, { version: 1, name: '过期' })).status).toBe(409);
    const list = await net.staff1.get('/api/saved-searches');
    expect(list.body).toMatchObject({ total: 1, items: [{ id: saved.id, version: 2 }] });
    expect((await net.staff2.get('/api/saved-searches')).body.total).toBe(0);
  });

  it('the retrieval report is a PDF with the Chinese font embedded', async () => {
    await net.staff1.patch(`/api/saved-searches/${saved.id}`, { version: 2, results: [{ patentId: ids.p1, category: 'X', note: '公开了全部技术特征' }, { patentId: ids.p2, category: 'A', note: '背景技术' }] });
    const res = await ctx.app.request(`/api/saved-searches/${saved.id}/report.pdf`, { headers: { cookie: net.staff1.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(text).toMatch(/\/FontFile2/);
    expect((await ctx.app.request(`/api/saved-searches/${saved.id}/report.pdf`, { headers: { cookie: net.staff2.cookie! } })).status).toBe(404);
  });

  it('exports the chosen results and a search\'s results to .xlsx', async () => {
    const read = async (res: Response) => {
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      return wb.worksheets[0].getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    };
    const chosen = await read(await ctx.app.request(`/api/saved-searches/${saved.id}/results.xlsx`, { headers: { cookie: net.staff1.cookie! } }));
    expect(chosen[0]).toContain('相关性说明');
    expect(chosen[1]).toEqual(expect.arrayContaining([1, 'CN110000001A', '一种固态电池电解质', 'X', '公开了全部技术特征']));
    const results = await read(await ctx.app.request(`/api/patents/export.xlsx?q=${encodeURIComponent('电池')}&sort=date`, { headers: { cookie: net.staff1.cookie! } }));
    expect(results.slice(1).map((r) => r[3])).toEqual(['电池管理系统', '一种固态电池电解质']);
    expect((await anonymous(ctx).get(`/api/patents/export.xlsx?q=${encodeURIComponent('电池')}`)).status).toBe(401);
  });

  it('chosen results are added to an existing saved search; a record already chosen takes the new note', async () => {
    const path = `/api/saved-searches/${saved.id}/results`;
    const res = await net.staff1.post(path, { results: [{ patentId: ids.p3, category: 'Y', note: '结合使用' }, { patentId: ids.p2, note: '背景，补充说明' }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      version: 4,
      results: [
        { patentId: ids.p1, category: 'X', note: '公开了全部技术特征' },
        { patentId: ids.p2, category: 'A', note: '背景，补充说明', title: '电池管理系统' },
        { patentId: ids.p3, category: 'Y', note: '结合使用', title: '无关的机械结构' },
      ],
    });
    expect((await net.staff1.get(`/api/saved-searches/${saved.id}`)).body.data.results).toHaveLength(3);
    const [event] = await auditEventsOf(ctx, { recordId: saved.id, type: 'saved_search.updated' }).then((events) => events.slice(-1));
    expect(event).toMatchObject({ data: { changes: { results: { from: 2, to: 3 } } } });
  });

  it('adding results: 400 naming the field for bad input, 404 for another user\'s saved search, 401 anonymous', async () => {
    const path = `/api/saved-searches/${saved.id}/results`;
    const empty = await net.staff1.post(path, { results: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'VALIDATION', details: [expect.objectContaining({ path: 'results' })] });
    const badId = await net.staff1.post(path, { results: [{ patentId: 'nope' }] });
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0].path).toBe('results.0.patentId');
    const unknown = await net.staff1.post(path, { results: [{ patentId: '00000000-0000-4000-8000-000000000000' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('results.0.patentId');
    const extra = await net.staff1.post(path, { results: [{ patentId: ids.p1 }], version: 1 });
    expect(extra.status).toBe(400);
    // Another user, in the same workstation's network or another tenant, does not see it.
    expect((await net.staff2.post(path, { results: [{ patentId: ids.p1 }] })).status).toBe(404);
    expect((await anonymous(ctx).post(path, { results: [{ patentId: ids.p1 }] })).status).toBe(401);
    expect((await net.staff1.post('/api/saved-searches/00000000-0000-4000-8000-000000000000/results', { results: [{ patentId: ids.p1 }] })).status).toBe(404);
    // Nothing changed by the refused requests.
    expect((await net.staff1.get(`/api/saved-searches/${saved.id}`)).body.data).toMatchObject({ version: 4 });
  });

  it('delete removes it', async () => {
    const s = await net.staff1.post('/api/saved-searches', { name: '临时', query: '齿轮' });
    expect((await net.staff1.del(`/api/saved-searches/${s.body.data.id}`)).status).toBe(204);
    expect((await net.staff1.get(`/api/saved-searches/${s.body.data.id}`)).status).toBe(404);
  });
});

/** Every watch notification a user got, with its link. */
const alertsTo = async (userId: string) => {
  const res = await ctx.db.execute(sql`select title, body, link, data from notifications where user_id = ${userId} and kind = 'patents.watch' order by created_at`);
  return (res as unknown as { rows: { title: string; body: string; link: string | null; data: { savedSearchId: string } }[] }).rows;
};

describe('watches alert once', () => {
  let watchId = '';
  it('a watch for a workstation alerts its owner about new matching records, never twice', async () => {
    const res = await net.staff1.post('/api/saved-searches', { name: '钠电池监控', query: '钠离子 电池', watch: true, workstationId: net.ws1.workstation.id });
    expect(res.status).toBe(201);
    watchId = res.body.data.id;
    expect((await net.staff1.get(`/api/saved-searches/${watchId}/alerts`)).body).toEqual({ kind: 'patent', items: [], truncated: false });
    // Records that match but were not imported after the watch, or do not match, alert nobody.
    expect(await notificationsOf(net.staff1.user.id)).toHaveLength(0);

    const first = await importPatents(ctx.deps, jsonl([
      { externalId: 'w1', title: '一种钠离子电池正极', publicationNumber: 'CN120000001A' },
      { externalId: 'w2', title: '钠离子电池负极材料' },
      { externalId: 'w3', title: '锂电池' },
    ]), 'jsonl');
    expect(first.alerts).toBe(1);
    let alerts = await notificationsOf(net.staff1.user.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].title).toBe('检索预警“钠电池监控”：2 条新结果');
    expect(alerts[0].body).toContain('CN120000001A 一种钠离子电池正极');
    expect(alerts[0].data.count).toBe(2);

    // The same records again (unchanged) and changed (a grant arrives): nothing twice.
    await importPatents(ctx.deps, jsonl([{ externalId: 'w1', title: '一种钠离子电池正极', publicationNumber: 'CN120000001A' }]), 'jsonl');
    await importPatents(ctx.deps, jsonl([{ externalId: 'w2', title: '钠离子电池负极材料', legalStatus: 'granted_valid' }]), 'jsonl');
    expect(await notificationsOf(net.staff1.user.id)).toHaveLength(1);

    // A new match alerts with only itself.
    ctx.clock.advance(60_000);
    await importPatents(ctx.deps, jsonl([{ externalId: 'w4', title: '钠离子电池隔膜' }, { externalId: 'w1', title: '一种钠离子电池正极', publicationNumber: 'CN120000001A' }]), 'jsonl');
    alerts = await notificationsOf(net.staff1.user.id);
    expect(alerts).toHaveLength(2);
    expect(alerts[1].data.count).toBe(1);
    expect(alerts[1].body).toBe('w4 钠离子电池隔膜');
    expect(await notificationsOf(net.staff2.user.id)).toHaveLength(0);
  });

  it('the watch\'s alerts are listed newest first, each with its new hits; to its owner and the workstation\'s staff', async () => {
    const ids = async (...externalIds: string[]) => {
      const res = await ctx.db.execute(sql`select id, external_id from patents where external_id in ${externalIds}`);
      const byExternal = new Map((res as unknown as { rows: { id: string; external_id: string }[] }).rows.map((r) => [r.external_id, r.id]));
      return externalIds.map((x) => byExternal.get(x));
    };
    const res = await net.staff1.get(`/api/saved-searches/${watchId}/alerts`);
    expect(res.status).toBe(200);
    const [w1, w2, w4] = await ids('w1', 'w2', 'w4');
    expect(res.body.truncated).toBe(false);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({ count: 1, hits: [{ patentId: w4, title: '钠离子电池隔膜' }] });
    expect(res.body.items[1].count).toBe(2);
    expect(res.body.items[1].hits.map((h: { patentId: string }) => h.patentId).sort()).toEqual([w1, w2].sort());
    expect(res.body.items[1].hits).toContainEqual(expect.objectContaining({ patentId: w1, publicationNumber: 'CN120000001A', title: '一种钠离子电池正极' }));
    expect(Date.parse(res.body.items[0].alertedAt)).toBeGreaterThan(Date.parse(res.body.items[1].alertedAt));
    // The workstation it is kept for reads them too; another workstation gets 404, an anonymous caller 401, an unknown id 404, a malformed one 400.
    expect((await net.wsAdmin1.get(`/api/saved-searches/${watchId}/alerts`)).body).toEqual(res.body);
    expect((await net.staff2.get(`/api/saved-searches/${watchId}/alerts`)).status).toBe(404);
    expect((await net.wsAdmin2.get(`/api/saved-searches/${watchId}/alerts`)).status).toBe(404);
    expect((await anonymous(ctx).get(`/api/saved-searches/${watchId}/alerts`)).status).toBe(401);
    expect((await net.staff1.get('/api/saved-searches/00000000-0000-4000-8000-000000000000/alerts')).status).toBe(404);
    const malformed = await net.staff1.get('/api/saved-searches/nope/alerts');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION');
  });

  it('a watch for a workstation alerts its active staff besides the owner, each once; they read its alerts, not the saved search', async () => {
    const colleague = await signedIn(ctx, 'workstation_staff', net.ws1.workstation.id);
    const left = await buildUser(ctx, { role: 'workstation_staff', organizationId: net.ws1.workstation.id });
    await ctx.db.update(users).set({ active: false }).where(eq(users.id, left.user.id));
    const res = await net.wsAdmin1.post('/api/saved-searches', { name: '钾电池监控', query: '钾离子 电池', watch: true, workstationId: net.ws1.workstation.id });
    expect(res.status).toBe(201);
    const id = res.body.data.id;

    await importPatents(ctx.deps, jsonl([{ externalId: 'k1', title: '一种钾离子电池正极' }, { externalId: 'k2', title: '钾离子电池电解液' }]), 'jsonl');
    const kinds = async (userId: string) => (await alertsTo(userId)).filter((n) => n.data.savedSearchId === id);
    const owner = await kinds(net.wsAdmin1.user.id);
    expect(owner).toHaveLength(1);
    expect(owner[0]).toMatchObject({ title: '检索预警“钾电池监控”：2 条新结果', link: `/patents/saved/${id}` });
    for (const staff of [net.staff1, colleague]) {
      const got = await kinds(staff.user.id);
      expect(got).toHaveLength(1);
      // The same alert listing the hits, linking to the watch's alerts, not to a saved search they may not open.
      expect(got[0]).toMatchObject({ title: owner[0].title, body: owner[0].body, link: `/patents/watches/${id}` });
    }
    for (const outsider of [left.user.id, net.staff2.user.id, net.wsAdmin2.user.id, net.admin.user.id]) expect(await kinds(outsider)).toHaveLength(0);

    // Nothing twice, for anyone.
    await importPatents(ctx.deps, jsonl([{ externalId: 'k1', title: '一种钾离子电池正极', legalStatus: 'granted_valid' }]), 'jsonl');
    for (const u of [net.wsAdmin1, net.staff1, colleague]) expect(await kinds(u.user.id)).toHaveLength(1);

    const listed = await colleague.get(`/api/saved-searches/${id}/alerts`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].hits.map((h: { title: string }) => h.title).sort()).toEqual(['一种钾离子电池正极', '钾离子电池电解液']);
    // The saved search itself stays the owner's.
    expect((await colleague.get(`/api/saved-searches/${id}`)).status).toBe(404);
    expect((await net.staff2.get(`/api/saved-searches/${id}/alerts`)).status).toBe(404);

    // No longer a watch: its alerts are the owner's again.
    const off = await net.wsAdmin1.patch(`/api/saved-searches/${id}`, { watch: false, version: res.body.data.version });
    expect(off.status).toBe(200);
    expect((await colleague.get(`/api/saved-searches/${id}/alerts`)).status).toBe(404);
    expect((await net.wsAdmin1.get(`/api/saved-searches/${id}/alerts`)).status).toBe(200);
  });

  it('a watch for an enterprise alerts its approved users besides the owner; another enterprise gets 404', async () => {
    const ent = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440306'), name: '预警企业' });
    expect(ent.status).toBe(201);
    const entUser = await signedIn(ctx, 'enterprise_user', ent.body.data.id);
    const pending = await buildUser(ctx, { role: 'enterprise_user', organizationId: ent.body.data.id });
    await ctx.db.update(users).set({ active: false }).where(eq(users.id, pending.user.id));
    const other = await buildOrganization(ctx, { type: 'enterprise' });
    const otherUser = await signedIn(ctx, 'enterprise_user', other.id);
    const res = await net.staff1.post('/api/saved-searches', { name: '铷钟监控', query: '铷原子钟', watch: true, enterpriseId: ent.body.data.id });
    expect(res.status).toBe(201);
    const id = res.body.data.id;

    await importPatents(ctx.deps, jsonl([{ externalId: 'r1', title: '一种铷原子钟' }]), 'jsonl');
    const kinds = async (userId: string) => (await alertsTo(userId)).filter((n) => n.data.savedSearchId === id);
    expect(await kinds(net.staff1.user.id)).toHaveLength(1);
    expect(await kinds(entUser.user.id)).toEqual([expect.objectContaining({ title: '检索预警“铷钟监控”：1 条新结果', body: 'r1 一种铷原子钟', link: expect.stringMatching(/^\/patents\/watches\//) })]);
    // Not kept for a workstation: the owner's colleagues are not alerted; nor are pending accounts or another enterprise.
    for (const outsider of [pending.user.id, otherUser.user.id, net.wsAdmin1.user.id]) expect(await kinds(outsider)).toHaveLength(0);

    const listed = await entUser.get(`/api/saved-searches/${id}/alerts`);
    expect(listed.status).toBe(200);
    expect(listed.body.items[0]).toMatchObject({ count: 1, hits: [expect.objectContaining({ title: '一种铷原子钟' })] });
    expect((await entUser.get(`/api/saved-searches/${id}`)).status).toBe(404);
    expect((await otherUser.get(`/api/saved-searches/${id}/alerts`)).status).toBe(404);
    expect((await net.wsAdmin1.get(`/api/saved-searches/${id}/alerts`)).status).toBe(404);
    expect((await anonymous(ctx).get(`/api/saved-searches/${id}/alerts`)).status).toBe(401);
  });

  it('a watch may be kept only for one\'s own workstation, or an enterprise one may see', async () => {
    expect((await net.staff1.post('/api/saved-searches', { name: 'x', query: '电池', watch: true, workstationId: net.ws2.workstation.id })).status).toBe(403);
    const stranger = await buildOrganization(ctx, { type: 'enterprise' });
    expect((await net.staff1.post('/api/saved-searches', { name: 'x', query: '电池', watch: true, enterpriseId: stranger.id })).status).toBe(404);
  });
});

describe('auth', () => {
  it('anonymous callers get 401 on every saved-search endpoint', async () => {
    const a = anonymous(ctx);
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await a.get('/api/saved-searches')).status).toBe(401);
    expect((await a.post('/api/saved-searches', { name: 'x', query: '电池' })).status).toBe(401);
    expect((await a.get(`/api/saved-searches/${id}`)).status).toBe(401);
    expect((await a.get(`/api/saved-searches/${id}/report.pdf`)).status).toBe(401);
  });
});

describe('the retrieval report on a retrieval case', () => {
  it('attaches the PDF to a retrieval case the searcher can open, shared with the client enterprise; refuses other cases', async () => {
    const ws1 = net.ws1.workstation.id;
    const ent = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440305'), name: '检索报告企业' });
    const entUser = await signedIn(ctx, 'enterprise_user', ent.body.data.id);
    const retrieval = await net.staff1.post('/api/cases', {
      type: 'retrieval', workstationId: ws1, enterpriseId: ent.body.data.id,
      form: { subject: '固态电池查新', purpose: 'novelty', technicalSolution: '一种固态电池电解质', dateWanted: '2026-12-20' },
    });
    expect(retrieval.status).toBe(201);
    const saved = await net.staff1.post('/api/saved-searches', { name: '固态电池查新检索', query: '固态电池', results: [{ patentId: ids.p1, category: 'X', note: '公开了全部技术特征' }] });
    expect(saved.status).toBe(201);
    const path = `/api/saved-searches/${saved.body.data.id}/report/attach`;

    const attached = await net.staff1.post(path, { caseId: retrieval.body.data.id });
    expect(attached.status).toBe(201);
    expect(attached.body.data).toMatchObject({ filename: '专利检索报告-固态电池查新检索.pdf', confidentiality: 'internal' });
    const docs = await entUser.get(`/api/cases/${retrieval.body.data.id}/documents`);
    expect(docs.body.items.map((d: { id: string }) => d.id)).toContain(attached.body.data.id);
    const pdf = await entUser.get(`/api/cases/${retrieval.body.data.id}/documents/${attached.body.data.id}`);
    expect(pdf.status).toBe(200);
    expect(pdf.text.startsWith('%PDF')).toBe(true);

    const consultation = await net.staff1.post('/api/cases', {
      type: 'consultation', workstationId: ws1, enterpriseId: ent.body.data.id,
      form: { subject: '咨询', question: '这是咨询不是检索', ipType: 'patent_invention' },
    });
    const wrongType = await net.staff1.post(path, { caseId: consultation.body.data.id });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0].path).toBe('caseId');
    expect((await net.staff2.post(path, { caseId: retrieval.body.data.id })).status).toBe(404);
    expect((await net.staff1.post(path, { caseId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await net.staff1.post(path, {})).status).toBe(400);
    expect((await anonymous(ctx).post(path, { caseId: retrieval.body.data.id })).status).toBe(401);
  });
});
