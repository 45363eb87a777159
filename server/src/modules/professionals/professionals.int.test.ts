import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { auditEventsOf, buildNetwork, buildOrganization, buildUser, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import { isUniqueViolation } from '../../db/errors';
import { professionalProfiles } from '../../db/schema';

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

describe('POST /api/professionals', () => {
  const profile = { licenceNumber: '31440000NEW001', ipTypes: ['patent_invention'], jurisdictions: ['JP'], languages: ['ja'], conflictUsccs: [client], ndaOnFile: true };

  it('the bureau registers a new agency: the organization and its profile in one go, each audited', async () => {
    const uscc = validUscc('31440000');
    const res = await net.admin.post('/api/professionals', {
      kind: 'agency',
      agency: { name: '深圳市新登记律师事务所', uscc: uscc.toLowerCase(), districtCode: '440305', contactPhone: '0755-1234567' },
      profile: { ...profile, agencyType: 'law_firm' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ subjectType: 'agency', name: '深圳市新登记律师事务所' });
    expect(res.body.data.profile).toMatchObject({ agencyType: 'law_firm', licenceNumber: '31440000NEW001', jurisdictions: ['JP'], conflictUsccs: [client], version: 1 });
    const id = res.body.data.subjectId as string;
    const org = await net.admin.get(`/api/organizations/${id}`);
    expect(org.body.data).toMatchObject({ type: 'agency', uscc, districtCode: '440305' });
    expect((await auditEventsOf(ctx, { recordId: id })).map((e) => e.type)).toEqual(['organization.created', 'professional.created']);

    // It is in the pool at once, found by the jurisdiction filter; workstation staff see it without the declarations.
    const found = await net.staff1.get('/api/professionals?kind=agency&jurisdiction=JP&q=新登记');
    expect(found.body.items.map((i: { subjectId: string }) => i.subjectId)).toEqual([id]);
    expect(found.body.items[0].profile.conflictUsccs).toBeNull();
    expect((await net.staff1.get('/api/professionals?kind=agency&jurisdiction=US&q=新登记')).body.items).toEqual([]);

    // The same USCC again, or the same licence number (in another case, with spaces), is refused and nothing is written.
    const again = await net.admin.post('/api/professionals', { kind: 'agency', agency: { name: '深圳市另一律师事务所', uscc }, profile: { licenceNumber: 'X1' } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(uscc);
    expect(again.body.error.details[0].path).toBe('agency.uscc');
    const dupLicence = await net.admin.post('/api/professionals', { kind: 'agency', agency: { name: '深圳市重号专利代理所' }, profile: { licenceNumber: ' 31440000new001 ' } }, { 'accept-language': 'en-US' });
    expect(dupLicence.status).toBe(409);
    expect(dupLicence.body.error.message).toBe('Licence number 31440000new001 is already registered to another agency or person');
    expect(dupLicence.body.error.details[0].path).toBe('profile.licenceNumber');
    expect((await net.admin.get('/api/organizations?type=agency&q=重号')).body.items).toEqual([]);
    expect((await net.admin.get('/api/organizations?type=agency&q=另一律师')).body.items).toEqual([]);
  });

  it('files a profile for an existing expert account without one, once', async () => {
    const person = await buildUser(ctx, { role: 'expert', organizationId: agency.id });
    const unfiled = await net.admin.get(`/api/professionals?kind=expert&filed=false&q=${encodeURIComponent(person.user.displayName)}`);
    expect(unfiled.body.items.map((i: { subjectId: string }) => i.subjectId)).toEqual([person.user.id]);
    const res = await net.admin.post('/api/professionals', { kind: 'expert', userId: person.user.id, profile: { ipTypes: ['trademark'], licenceNumber: '44EXIST01' } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ subjectType: 'user', subjectId: person.user.id, profile: { ipTypes: ['trademark'], agencyType: null } });
    expect((await net.admin.get(`/api/professionals?kind=expert&filed=false&q=${encodeURIComponent(person.user.displayName)}`)).body.items).toEqual([]);
    expect((await auditEventsOf(ctx, { recordId: person.user.id, type: 'professional.created' })).length).toBe(1);

    const twice = await net.admin.post('/api/professionals', { kind: 'expert', userId: person.user.id, profile: {} });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('该人员已建档，请在列表中编辑其档案');
    // The account is an expert, not a mediator; an account that does not exist is named as such.
    const wrongKind = await net.admin.post('/api/professionals', { kind: 'mediator', userId: person.user.id, profile: {} });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.details[0].path).toBe('userId');
    const nobody = await net.admin.post('/api/professionals', { kind: 'expert', userId: '00000000-0000-4000-8000-000000000000', profile: {} });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.details[0].path).toBe('userId');
  });

  it('creates a mediator account in an agency with the profile; the account must change its password', async () => {
    const res = await net.admin.post('/api/professionals', {
      kind: 'mediator',
      account: { username: 'new.mediator', displayName: '调解员 新人', password: 'Mediator-2026!', organizationId: agency.id },
      profile: { languages: ['en'], available: false },
    });
    expect(res.status).toBe(201);
    const id = res.body.data.subjectId as string;
    expect(res.body.data.profile).toMatchObject({ languages: ['en'], available: false });
    const user = await net.admin.get(`/api/users/${id}`);
    expect(user.body.data.roles).toEqual([expect.objectContaining({ role: 'mediator', organizationId: agency.id })]);
    expect(user.body.data.mustChangePassword).toBe(true);
    expect((await auditEventsOf(ctx, { recordId: id })).map((e) => e.type)).toEqual(['user.created', 'professional.created']);

    // A taken username or a licence already held rolls the whole registration back.
    const taken = await net.admin.post('/api/professionals', { kind: 'mediator', account: { username: 'new.mediator', displayName: '重名', password: 'Mediator-2026!', organizationId: agency.id }, profile: {} });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details[0].path).toBe('account.username');
    const rolledBack = await net.admin.post('/api/professionals', {
      kind: 'mediator',
      account: { username: 'second.mediator', displayName: '调解员 二号', password: 'Mediator-2026!', organizationId: agency.id },
      profile: { licenceNumber: '31440000NEW001' },
    });
    expect(rolledBack.status).toBe(409);
    expect((await net.admin.get('/api/users?q=second.mediator')).body.items).toEqual([]);
  });

  it('refuses a body that names no subject, or two, with the reason in the caller\'s language', async () => {
    const none = await net.admin.post('/api/professionals', { kind: 'expert', profile: {} });
    expect(none.status).toBe(400);
    expect(none.body.error.details).toEqual([{ path: 'userId', message: '新增专家或调解员须选择一个已有账号或新建一个账号（二者选一）' }]);
    const both = await net.admin.post('/api/professionals', { kind: 'agency', agency: { name: '两者都有' }, userId: expert.user.id, profile: {} }, { 'accept-language': 'en-US' });
    expect(both.status).toBe(400);
    expect(both.body.error.details).toEqual([{ path: 'agency', message: 'A new agency needs its organization details and no person account' }]);
    const badFields = await net.admin.post('/api/professionals', { kind: 'expert', userId: expert.user.id, profile: { agencyType: 'law_firm', jurisdictions: ['japan'] } });
    expect(badFields.status).toBe(400);
    expect(badFields.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['profile.agencyType', 'profile.jurisdictions.0']);
    const badAgency = await net.admin.post('/api/professionals', { kind: 'agency', agency: { name: '', uscc: '91440300MA5F0000X0' }, profile: {} });
    expect(badAgency.status).toBe(400);
    expect(badAgency.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['agency.name', 'agency.uscc']);
  });

  it('is the bureau\'s alone: workstation staff and admins, professionals and enterprises are refused, anonymous callers asked to sign in', async () => {
    const body = { kind: 'agency', agency: { name: '深圳市越权代理所' }, profile: {} };
    for (const agent of [net.staff1, net.wsAdmin1, expert, agencyUser]) expect((await agent.post('/api/professionals', body)).status).toBe(403);
    expect((await new Agent(ctx).post('/api/professionals', body)).status).toBe(401);
    expect((await net.admin.get('/api/organizations?type=agency&q=越权')).body.items).toEqual([]);
  });

  it('keeps a licence number to one profile on edit too, while an unchanged number still saves', async () => {
    const other = await buildOrganization(ctx, { type: 'agency', name: '深圳市改号测试所' });
    const first = await net.admin.request('PUT', `/api/professionals/agency/${other.id}`, { licenceNumber: '44CHANGE1' });
    expect(first.status).toBe(200);
    const clash = await net.admin.request('PUT', `/api/professionals/agency/${other.id}`, { version: 1, licenceNumber: '44exist01' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details[0].path).toBe('licenceNumber');
    const same = await net.admin.request('PUT', `/api/professionals/agency/${other.id}`, { version: 1, licenceNumber: '44CHANGE1', ipTypes: ['design'] });
    expect(same.status).toBe(200);
  });

  it('the database holds a licence number to one profile for any writer (trimmed, any case); profiles without one are many', async () => {
    const a = await buildOrganization(ctx, { type: 'agency', name: '深圳市直写甲所' });
    const b = await buildOrganization(ctx, { type: 'agency', name: '深圳市直写乙所' });
    await ctx.db.insert(professionalProfiles).values({ subjectType: 'agency', subjectId: a.id, licenceNumber: 'DB-UNIQUE-1' });
    const dup = ctx.db.insert(professionalProfiles).values({ subjectType: 'agency', subjectId: b.id, licenceNumber: ' db-unique-1 ' });
    await expect(dup).rejects.toSatisfy((e: unknown) => isUniqueViolation(e, 'professional_profiles_licence_uq'));
    const c = await buildOrganization(ctx, { type: 'agency', name: '深圳市直写丙所' });
    await ctx.db.insert(professionalProfiles).values([
      { subjectType: 'agency', subjectId: b.id, licenceNumber: null },
      { subjectType: 'agency', subjectId: c.id, licenceNumber: ' ' },
    ]);
  });
});
