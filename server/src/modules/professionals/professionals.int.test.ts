import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { buildNetwork, buildOrganization, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);
const agency = await buildOrganization(ctx, { type: 'agency', name: '深圳市测试专利代理事务所' });
const expert = await signedIn(ctx, 'expert', agency.id);
const agencyUser = await signedIn(ctx, 'agency_user', agency.id);
const client = validUscc('91440305');

describe('professional profiles', () => {
  it('an expert files their own profile with conflict declarations; staff see it without the declarations', async () => {
    const saved = await expert.request('PUT', `/api/professionals/user/${expert.user.id}`, {
      licenceNumber: '44123456',
      ipTypes: ['patent_invention', 'trade_secret'],
      ipcSections: ['H'],
      jurisdictions: ['US'],
      languages: ['zh', 'en'],
      conflictUsccs: [client.toLowerCase()],
      ndaOnFile: true,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.profile.conflictUsccs).toEqual([client]);
    const seen = await net.staff1.get(`/api/professionals/user/${expert.user.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.data.profile.conflictUsccs).toBeNull();
    expect(seen.body.abilities.update).toBe(false);
    const list = await net.staff1.get('/api/professionals?kind=expert&ipType=trade_secret');
    expect(list.body.items.map((i: { subjectId: string }) => i.subjectId)).toContain(expert.user.id);
    const stale = await expert.request('PUT', `/api/professionals/user/${expert.user.id}`, { version: 99, ipTypes: [] });
    expect(stale.status).toBe(409);
  });

  it('an agency user files the agency profile; others may not', async () => {
    const ok = await agencyUser.request('PUT', `/api/professionals/agency/${agency.id}`, { agencyType: 'patent_agency', licenceNumber: '44100', ipTypes: ['design'] });
    expect(ok.status).toBe(200);
    expect((await net.staff1.request('PUT', `/api/professionals/agency/${agency.id}`, { ipTypes: [] })).status).toBe(403);
    const badUscc = await agencyUser.request('PUT', `/api/professionals/agency/${agency.id}`, { version: 1, conflictUsccs: ['123'] });
    expect(badUscc.status).toBe(400);
    expect(badUscc.body.error.details[0].path).toBe('conflictUsccs.0');
  });

  it('keeps the pool from enterprises and anonymous callers', async () => {
    const ent = await buildOrganization(ctx, { type: 'enterprise' });
    const entUser = await signedIn(ctx, 'enterprise_user', ent.id);
    expect((await entUser.get('/api/professionals')).status).toBe(403);
    expect((await entUser.get(`/api/professionals/user/${expert.user.id}`)).status).toBe(404);
    expect((await new Agent(ctx).get('/api/professionals')).status).toBe(401);
  });
});

describe('GET /api/professionals/export', () => {
  async function sheetOf(agent: Agent, query: string) {
    const res = await ctx.app.request(`/api/professionals/export${query}`, { headers: { cookie: agent.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('专业服务机构与专家')!;
    const headers = sheet.getRow(1).values as unknown[];
    return (header: string) => sheet.getColumn(headers.indexOf(header)).values.slice(2).map((v) => (v == null ? null : String(v)));
  }

  it('needs a session and the right to browse the pool, and checks its filters', async () => {
    expect((await new Agent(ctx).get('/api/professionals/export')).status).toBe(401);
    const ent = await buildOrganization(ctx, { type: 'enterprise' });
    expect((await (await signedIn(ctx, 'enterprise_user', ent.id)).get('/api/professionals/export')).status).toBe(403);
    const bad = await net.staff1.get('/api/professionals/export?kind=lawyer');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
  });

  it('honours the filters, neutralises formula text and shows conflict declarations only to those who may see them', async () => {
    const formula = await buildOrganization(ctx, { type: 'agency', name: '=HYPERLINK("http://x")事务所' });
    const mediator = await signedIn(ctx, 'mediator', agency.id);
    const ok = await net.admin.request('PUT', `/api/professionals/user/${mediator.user.id}`, { licenceNumber: '-SUM(1)', ipTypes: ['copyright'], conflictUsccs: [client], available: false });
    expect(ok.status).toBe(200);

    const mediators = await sheetOf(net.admin, '?kind=mediator&available=false');
    expect(mediators('类别').every((k) => k === '调解员')).toBe(true);
    const row = mediators('执业许可证号').indexOf("'-SUM(1)");
    expect(row).toBeGreaterThanOrEqual(0);
    expect(mediators('利益冲突声明')[row]).toBe(client);
    expect(mediators('可接受指派')[row]).toBe('否');

    const agencies = await sheetOf(net.admin, '?kind=agency');
    expect(agencies('名称')).toContain(`'${formula.name}`);
    expect(agencies('名称')).not.toContain(formula.name);
    expect(agencies('类别').every((k) => k === '服务机构')).toBe(true);

    // Workstation staff browse the pool but never see whom a professional serves.
    const staffView = await sheetOf(net.staff1, '?kind=mediator&ipType=copyright');
    const staffRow = staffView('执业许可证号').indexOf("'-SUM(1)");
    expect(staffRow).toBeGreaterThanOrEqual(0);
    expect(staffView('利益冲突声明')[staffRow] ?? null).toBeNull();
    const noMatch = await sheetOf(net.staff1, '?kind=mediator&ipType=trademark');
    expect(noMatch('执业许可证号')).not.toContain("'-SUM(1)");
  });
});
