import { describe, expect, it } from 'vitest';
import { workstationBranches } from '../../db/schema';
import { Agent } from '../../../test/agent';
import { auditEventsOf, buildNetwork, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

const ctx = await setupTestApp();
ctx.clock.set('2025-11-17T02:00:00Z');
const net = await buildNetwork(ctx);
const ws1 = net.ws1.workstation.id;
const ws2 = net.ws2.workstation.id;
const branch = async (workstationId: string, name: string) => (await ctx.db.insert(workstationBranches).values({ workstationId, name }).returning())[0].id;
const nanshan = await branch(ws1, '甲站南山分站');
const qianhai = await branch(ws1, '甲站前海分站');
const otherWs = await branch(ws2, '乙站分站');

async function member(name: string) {
  const ent = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440305'), name });
  return { id: ent.body.data.id as string, user: await signedIn(ctx, 'enterprise_user', ent.body.data.id) };
}
const form = { subject: '商标续展咨询', question: '商标到期如何续展？', ipType: 'trademark' };
const quick = (enterpriseId: string, branchId?: string | null) =>
  net.staff1.post('/api/cases/quick-consultation', { workstationId: ws1, enterpriseId, channel: 'walk_in', form, answer: '到期前十二个月内提出续展申请。', ...(branchId !== undefined ? { branchId } : {}) });

describe('a case\'s branch at intake', () => {
  it('staff choose a branch of the workstation; the case page shows it', async () => {
    const ent = await member('分站受理企业');
    const created = await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: ent.id, branchId: nanshan, form });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ branchId: nanshan, branchName: '甲站南山分站' });
    expect(created.body.abilities.edit).toBe(true);
    expect((await ent.user.get(`/api/cases/${created.body.data.id}`)).body).toMatchObject({ data: { branchName: '甲站南山分站' }, abilities: { edit: false } });
    // Without a branch the case has none.
    const plain = await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: ent.id, form });
    expect(plain.body.data).toMatchObject({ branchId: null, branchName: null });
  });

  it('another workstation\'s branch, or no branch at all, is a 400 naming branchId in the caller\'s language; an enterprise may not choose one', async () => {
    const ent = await member('分站错选企业');
    const zh = await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: ent.id, branchId: otherWs, form });
    expect(zh.status).toBe(400);
    expect(zh.body.error.details[0].path).toBe('branchId');
    expect(zh.body.error.message).toContain('所选分站不属于本案件的工作站');
    const en = await net.staff1.request('POST', '/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: ent.id, branchId: crypto.randomUUID(), form }, { 'accept-language': 'en-US' });
    expect(en.status).toBe(400);
    expect(en.body.error.message).toContain('does not belong to the case\'s workstation');
    expect((await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: ent.id, branchId: 'nanshan', form })).status).toBe(400);
    expect((await ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, branchId: nanshan, form })).status).toBe(403);
    expect((await quick(ent.id, otherWs)).status).toBe(400);
  });
});

describe('PATCH /api/cases/:id (the branch)', () => {
  it('needs sign-in, the workstation\'s staff, the current version and a branch of the workstation; other tenants get 404', async () => {
    const ent = await member('分站修改企业');
    const c = (await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: ent.id, form })).body.data;
    const url = `/api/cases/${c.id}`;
    expect((await new Agent(ctx).patch(url, { version: c.version, branchId: nanshan })).status).toBe(401);
    expect((await ent.user.patch(url, { version: c.version, branchId: nanshan })).status).toBe(403);
    expect((await net.staff2.patch(url, { version: c.version, branchId: otherWs })).status).toBe(404);
    expect((await net.admin.patch(url, { version: c.version, branchId: nanshan })).status).toBe(404);
    const other = await net.staff1.patch(url, { version: c.version, branchId: otherWs });
    expect(other.status).toBe(400);
    expect(other.body.error.details[0].path).toBe('branchId');
    expect((await net.staff1.patch(url, { version: c.version })).status).toBe(400);
    expect((await net.staff1.patch(url, { version: c.version + 1, branchId: nanshan })).body.error.code).toBe('VERSION_CONFLICT');

    const set = await net.staff1.patch(url, { version: c.version, branchId: qianhai });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ branchId: qianhai, branchName: '甲站前海分站', version: c.version + 1 });
    expect((await auditEventsOf(ctx, { recordId: c.id, type: 'case.updated' })).map((e) => e.data)).toEqual([{ branchId: qianhai, branchName: '甲站前海分站' }]);
    const cleared = await net.wsAdmin1.patch(url, { version: set.body.data.version, branchId: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toMatchObject({ branchId: null, branchName: null });
  });
});

describe('the branch on the ledger', () => {
  it('a counted case\'s rows carry its branch, filter by it, follow a change and export it; another workstation sees none of them', async () => {
    const a = await member('南山分站服务企业');
    const b = await member('无分站服务企业');
    const withBranch = await quick(a.id, nanshan);
    expect(withBranch.status).toBe(201);
    expect(withBranch.body.data.branchName).toBe('甲站南山分站');
    expect((await quick(b.id)).status).toBe(201);

    const all = (await net.staff1.get('/api/ledger')).body.items;
    expect(all.find((r: { enterpriseId: string }) => r.enterpriseId === a.id)).toMatchObject({ branchId: nanshan, branchName: '甲站南山分站' });
    expect(all.find((r: { enterpriseId: string }) => r.enterpriseId === b.id)).toMatchObject({ branchId: null, branchName: null });
    const filtered = await net.staff1.get(`/api/ledger?branchId=${nanshan}`);
    expect(filtered.body.items.map((r: { enterpriseId: string }) => r.enterpriseId)).toEqual([a.id]);
    expect(filtered.body.enterpriseTimes).toBe(1);
    expect((await net.staff1.get('/api/ledger?branchId=nanshan')).status).toBe(400);
    // Another workstation's staff filtering by this branch see nothing; the bureau sees the row.
    expect((await net.staff2.get(`/api/ledger?branchId=${nanshan}`)).body).toMatchObject({ items: [], enterpriseTimes: 0 });
    expect((await net.admin.get(`/api/ledger?branchId=${nanshan}`)).body.enterpriseTimes).toBe(1);

    // The branch changed on the case after it counted: the ledger row follows.
    const moved = await net.staff1.patch(`/api/cases/${withBranch.body.data.id}`, { version: withBranch.body.data.version, branchId: qianhai });
    expect(moved.status).toBe(200);
    expect((await net.staff1.get(`/api/ledger?branchId=${nanshan}`)).body.items).toEqual([]);
    expect((await net.staff1.get(`/api/ledger?branchId=${qianhai}`)).body.items).toEqual([expect.objectContaining({ enterpriseId: a.id, branchName: '甲站前海分站' })]);

    const xlsx = await ctx.app.request('/api/ledger/export', { headers: { cookie: net.staff1.cookie! } });
    expect(xlsx.status).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('服务台账')!;
    const headers = sheet.getRow(1).values as unknown[];
    const column = (header: string) => sheet.getColumn(headers.indexOf(header)).values.slice(2);
    const ents = column('服务对象');
    expect(column('分站')[ents.indexOf('南山分站服务企业')]).toBe('甲站前海分站');
    expect(column('分站')[ents.indexOf('无分站服务企业')] ?? null).toBeNull();
    // Filtered export: only the branch's rows.
    const only = await ctx.app.request(`/api/ledger/export?branchId=${qianhai}`, { headers: { cookie: net.staff1.cookie! } });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(Buffer.from(await only.arrayBuffer()) as never);
    expect(wb2.getWorksheet('服务台账')!.rowCount).toBe(2);
  });
});

describe('GET /api/cases and its export by branch', () => {
  it('needs sign-in and a well-formed branch id, lists and exports each case\'s branch, filters by it, and another workstation\'s branch matches nothing', async () => {
    const a = await member('分站列表企业甲');
    const b = await member('分站列表企业乙');
    const listed = { subject: '分站列表咨询', question: '分站如何登记？', ipType: 'patent_invention' };
    const inNanshan = (await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: a.id, branchId: nanshan, form: listed })).body.data;
    const inQianhai = (await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: b.id, branchId: qianhai, form: listed })).body.data;
    const none = (await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: a.id, form: listed })).body.data;
    // Another workstation's case at its own branch, with the same subject.
    const ent2 = await net.staff2.post('/api/enterprises', { uscc: validUscc('91440306'), name: '乙站分站企业' });
    const elsewhere = await net.staff2.post('/api/cases', { type: 'consultation', workstationId: ws2, enterpriseId: ent2.body.data.id, branchId: otherWs, form: listed });
    expect(elsewhere.status).toBe(201);
    const q = encodeURIComponent('分站列表咨询');
    const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id).sort();

    expect((await new Agent(ctx).get(`/api/cases?branchId=${nanshan}`)).status).toBe(401);
    expect((await new Agent(ctx).get(`/api/cases/export?branchId=${nanshan}`)).status).toBe(401);
    const zh = await net.staff1.get('/api/cases?branchId=nanshan');
    expect(zh.status).toBe(400);
    expect(zh.body.error.details[0]).toMatchObject({ path: 'branchId', message: '无效UUID' });
    const en = await net.staff1.request('GET', '/api/cases?branchId=nanshan', undefined, { 'accept-language': 'en-US' });
    expect(en.status).toBe(400);
    expect(en.body.error.details[0]).toMatchObject({ path: 'branchId', message: expect.stringMatching(/^Invalid UUID/) });
    expect((await net.staff1.get('/api/cases/export?branchId=nanshan')).status).toBe(400);

    // Every listed case says its branch; the filter keeps only that branch's.
    const all = await net.staff1.get(`/api/cases?q=${q}`);
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual([inNanshan.id, inQianhai.id, none.id].sort());
    const byId = new Map(all.body.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(inNanshan.id)).toMatchObject({ branchId: nanshan, branchName: '甲站南山分站' });
    expect(byId.get(inQianhai.id)).toMatchObject({ branchId: qianhai, branchName: '甲站前海分站' });
    expect(byId.get(none.id)).toMatchObject({ branchId: null, branchName: null });
    const filtered = await net.staff1.get(`/api/cases?q=${q}&branchId=${nanshan}`);
    expect(filtered.body).toMatchObject({ total: 1, items: [{ id: inNanshan.id, branchName: '甲站南山分站' }] });
    // Every case of the branch, whatever else the list asks (here: the cases of the first test too).
    const whole = await net.staff1.get(`/api/cases?branchId=${nanshan}&pageSize=100`);
    expect(whole.body.items.length).toBeGreaterThan(1);
    expect(whole.body.items.every((i: { branchId: string }) => i.branchId === nanshan)).toBe(true);

    // Another workstation's branch: nothing for this caller, though that workstation has a case there.
    expect((await net.staff1.get(`/api/cases?branchId=${otherWs}`)).body).toMatchObject({ items: [], total: 0 });
    expect((await net.staff2.get(`/api/cases?branchId=${nanshan}`)).body).toMatchObject({ items: [], total: 0 });
    expect(ids((await net.staff2.get(`/api/cases?q=${q}&branchId=${otherWs}`)).body)).toEqual([elsewhere.body.data.id]);
    // An enterprise's list (its own cases) takes the filter too.
    expect(ids((await a.user.get(`/api/cases?branchId=${nanshan}&q=${q}`)).body)).toEqual([inNanshan.id]);
    expect((await a.user.get(`/api/cases?branchId=${qianhai}`)).body).toMatchObject({ items: [], total: 0 });

    const { default: ExcelJS } = await import('exceljs');
    const sheetOf = async (url: string) => {
      const res = await ctx.app.request(url, { headers: { cookie: net.staff1.cookie! } });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
      const sheet = wb.getWorksheet('案件列表')!;
      const headers = sheet.getRow(1).values as unknown[];
      const column = (header: string) => sheet.getColumn(headers.indexOf(header)).values.slice(2);
      return { caseNos: column('案件编号'), branches: column('分站') };
    };
    const xlsx = await sheetOf(`/api/cases/export?q=${q}`);
    expect(xlsx.branches[xlsx.caseNos.indexOf(inNanshan.caseNo)]).toBe('甲站南山分站');
    expect(xlsx.branches[xlsx.caseNos.indexOf(inQianhai.caseNo)]).toBe('甲站前海分站');
    expect(xlsx.branches[xlsx.caseNos.indexOf(none.caseNo)] ?? null).toBeNull();
    expect((await sheetOf(`/api/cases/export?q=${q}&branchId=${qianhai}`)).caseNos).toEqual([inQianhai.caseNo]);
    expect((await sheetOf(`/api/cases/export?branchId=${otherWs}`)).caseNos).toEqual([]);
  });
});
