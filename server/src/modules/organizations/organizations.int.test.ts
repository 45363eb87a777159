import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { auditEventsOf, buildNetwork, buildOrganization, buildWorkstation, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import * as repo from './organizations.repository';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);
const district = await buildOrganization(ctx, { type: 'district_bureau', parentId: net.bureau.id, districtCode: '440304' });
const districtOfficer = await signedIn(ctx, 'district_officer', district.id);
const enterprise = await buildOrganization(ctx, { type: 'enterprise' });
const enterpriseUser = await signedIn(ctx, 'enterprise_user', enterprise.id);

const paths = (res: { body: any }) => (res.body.error.details ?? []).map((d: { path: string }) => d.path).sort();
const names = (res: { body: any }) => res.body.items.map((o: { name: string }) => o.name);

/** A host association created through the API, with a fresh USCC. */
async function createHost(name: string, extra: Record<string, unknown> = {}) {
  const res = await net.admin.post('/api/organizations', { type: 'host_association', name, uscc: validUscc(), districtCode: '440305', ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body.data;
}

describe('GET /api/organizations', () => {
  it('needs a signed-in caller', async () => {
    const res = await new Agent(ctx).get('/api/organizations');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录', requestId: expect.any(String) });
  });

  it('shows the bureau, district and alliance officers the whole directory', async () => {
    const all = await net.admin.get('/api/organizations?pageSize=100');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(7);
    const alliance = await buildOrganization(ctx, { type: 'alliance' });
    const allianceOfficer = await signedIn(ctx, 'alliance_officer', alliance.id);
    for (const agent of [districtOfficer, allianceOfficer]) {
      const res = await agent.get('/api/organizations?pageSize=100');
      expect(res.body.total).toBe(all.body.total + 1);
      expect(res.body.items.map((o: { id: string }) => o.id)).toContain(net.ws2.workstation.id);
    }
  });

  it('shows everyone else only their own organizations and those organizations parents', async () => {
    const res = await net.staff1.get('/api/organizations');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((o: { id: string }) => o.id).sort()).toEqual([net.ws1.host.id, net.ws1.workstation.id].sort());
    const ent = await enterpriseUser.get('/api/organizations');
    expect(ent.body.items.map((o: { id: string }) => o.id)).toEqual([enterprise.id]);
  });

  it('carries abilities on each item', async () => {
    const mine = await net.wsAdmin1.get(`/api/organizations?type=workstation`);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        id: net.ws1.workstation.id,
        abilities: { update: false, deactivate: false, activate: false, manageUsers: true },
      }),
    ]);
    const admin = await net.admin.get(`/api/organizations?type=bureau`);
    const bureau = admin.body.items.find((o: { id: string }) => o.id === net.bureau.id);
    // the bureau itself may be edited but never switched off
    expect(bureau.abilities).toEqual({ update: true, deactivate: false, activate: false, manageUsers: true });
  });

  it('sorts Chinese names by pinyin, both ways', async () => {
    // inserted out of order on purpose
    for (const n of ['长城排序协会', '阿里排序协会', '北方排序协会', '爱心排序协会']) await createHost(n);
    const asc = await net.admin.get('/api/organizations?q=排序&sort=name');
    expect(names(asc)).toEqual(['阿里排序协会', '爱心排序协会', '北方排序协会', '长城排序协会']);
    const desc = await net.admin.get('/api/organizations?q=排序&sort=-name');
    expect(names(desc)).toEqual(['长城排序协会', '北方排序协会', '爱心排序协会', '阿里排序协会']);
  });

  it('pages with a stable total', async () => {
    for (let i = 1; i <= 5; i++) await createHost(`分页协会${i}`);
    const p1 = await net.admin.get('/api/organizations?q=分页协会&pageSize=2&page=1');
    const p3 = await net.admin.get('/api/organizations?q=分页协会&pageSize=2&page=3');
    const p4 = await net.admin.get('/api/organizations?q=分页协会&pageSize=2&page=4');
    expect(p1.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(names(p1)).toEqual(['分页协会1', '分页协会2']);
    expect(names(p3)).toEqual(['分页协会5']);
    expect(p4.body).toMatchObject({ items: [], total: 5, page: 4 });
  });

  it('filters by type, parent, district code, activity and text', async () => {
    const byParent = await net.admin.get(`/api/organizations?parentId=${net.ws2.host.id}`);
    expect(byParent.body.items.map((o: { id: string }) => o.id)).toEqual([net.ws2.workstation.id]);
    const byType = await net.admin.get('/api/organizations?type=district_bureau');
    expect(byType.body.items.map((o: { id: string }) => o.id)).toEqual([district.id]);
    const byDistrict = await net.admin.get('/api/organizations?districtCode=440304');
    expect(byDistrict.body.items.map((o: { id: string }) => o.id)).toEqual([district.id]);
    const byText = await net.admin.get(`/api/organizations?q=${encodeURIComponent('乙工作站')}`);
    expect(byText.body.items.map((o: { id: string }) => o.id)).toEqual([net.ws2.workstation.id]);
    const inactive = await net.admin.get('/api/organizations?active=false');
    expect(inactive.body.items.every((o: { active: boolean }) => !o.active)).toBe(true);
  });

  it('treats % and _ in the text filter as plain characters', async () => {
    await createHost('百分之百%协会');
    const res = await net.admin.get(`/api/organizations?q=${encodeURIComponent('%')}`);
    expect(names(res)).toEqual(['百分之百%协会']);
  });

  it('rejects unknown filter values and oversized pages with the field named', async () => {
    const res = await net.admin.get('/api/organizations?districtCode=nanshan&type=castle&pageSize=101&sort=colour&active=yes');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(paths(res)).toEqual(['active', 'districtCode', 'pageSize', 'sort', 'type']);
  });
});

describe('POST /api/organizations', () => {
  it('needs a signed-in caller', async () => {
    expect((await new Agent(ctx).post('/api/organizations', { type: 'agency', name: 'x' })).status).toBe(401);
  });

  it('creates an organization with a normalised USCC and records organization.created', async () => {
    const uscc = validUscc();
    const messy = `${uscc.slice(0, 6)} ${uscc.slice(6, 12)}  ${uscc.slice(12)}`.toLowerCase();
    const res = await net.admin.post('/api/organizations', { type: 'agency', name: '  深圳某知识产权代理所 ', uscc: messy, districtCode: '440305' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ type: 'agency', name: '深圳某知识产权代理所', uscc, districtCode: '440305', active: true, version: 1, parentId: null });
    expect(res.body.data.createdAt).toBe(ctx.clock.now.toISOString());
    expect(res.body.abilities.update).toBe(true);

    const events = await auditEventsOf(ctx, { recordId: res.body.data.id });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'organization.created',
        actorId: net.admin.user.id,
        organizationId: res.body.data.id,
        data: { name: '深圳某知识产权代理所', orgType: 'agency', parentId: null },
      }),
    ]);
    expect((await net.admin.get(`/api/organizations/${res.body.data.id}`)).body.data.uscc).toBe(uscc);
  });

  it('creates a workstation only under a host association', async () => {
    const host = await createHost('丙协会');
    const ok = await net.admin.post('/api/organizations', { type: 'workstation', name: '丙工作站', parentId: host.id });
    expect(ok.status).toBe(201);
    expect(ok.body.data.parentId).toBe(host.id);
    for (const parentId of [net.bureau.id, undefined]) {
      const bad = await net.admin.post('/api/organizations', { type: 'workstation', name: '丁工作站', parentId });
      expect(bad.status).toBe(400);
      expect(paths(bad)).toEqual(['parentId']);
    }
  });

  it('rejects a USCC with a wrong check character, with the field named', async () => {
    const good = validUscc();
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    for (const uscc of [wrongCheck, '91440300MA5', 'IOZSV0000000000000']) {
      const res = await net.admin.post('/api/organizations', { type: 'agency', name: '校验位错误', uscc });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['uscc']);
      expect(res.body.error.details[0].message).toBe('统一社会信用代码格式或校验位不正确');
    }
  });

  it('refuses a USCC already registered for the same type (in any spelling), and allows it for another type', async () => {
    const uscc = validUscc();
    expect((await net.admin.post('/api/organizations', { type: 'agency', name: '代理所甲', uscc })).status).toBe(201);
    const dup = await net.admin.post('/api/organizations', { type: 'agency', name: '代理所乙', uscc: uscc.toLowerCase() });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('CONFLICT');
    expect(dup.body.error.message).toContain(uscc);
    expect((await net.admin.post('/api/organizations', { type: 'enterprise', name: '同码企业', uscc })).status).toBe(201);
    const events = await auditEventsOf(ctx, { type: 'organization.created' });
    expect(events.filter((e) => (e.data as { name: string }).name === '代理所乙')).toEqual([]);
  });

  it('answers 409, not 500, when two requests race for the same USCC', async () => {
    const uscc = validUscc();
    const results = await Promise.all(
      ['竞速代理所一', '竞速代理所二'].map((name) => net.admin.post('/api/organizations', { type: 'agency', name, uscc })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    // the index that backs the check is recognised whichever engine raised it
    const err = await repo.insert(ctx.db, { type: 'agency', name: '直插', nameSort: 'zhi cha', uscc }).catch((e: unknown) => e);
    expect(repo.isUniqueViolation(err, repo.USCC_UNIQUE)).toBe(true);
  });

  it('rejects bad input with every bad field named, in the caller language', async () => {
    const res = await net.admin.post('/api/organizations', { type: 'castle', name: '', districtCode: '999999', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('提交的内容有误，请检查标出的字段');
    expect(paths(res)).toEqual(['colour', 'districtCode', 'name', 'type']);

    const en = new Agent(ctx);
    Object.assign(en, { cookie: net.admin.cookie, csrf: net.admin.csrf, lang: 'en-US' });
    const english = await en.post('/api/organizations', { type: 'agency', name: '甲'.repeat(201) });
    expect(english.status).toBe(400);
    expect(english.body.error.message).toBe('Some fields are not valid; see the details');
    expect(paths(english)).toEqual(['name']);

    expect((await net.admin.post('/api/organizations', { type: 'agency', name: '甲'.repeat(200) })).status).toBe(201);
  });

  it('is for the bureau only', async () => {
    for (const agent of [net.wsAdmin1, districtOfficer]) {
      const res = await agent.post('/api/organizations', { type: 'agency', name: '越权机构' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });
});

describe('GET /api/organizations/:id', () => {
  it('needs a signed-in caller', async () => {
    expect((await new Agent(ctx).get(`/api/organizations/${net.ws1.workstation.id}`)).status).toBe(401);
  });

  it('returns the record with abilities', async () => {
    const res = await net.staff1.get(`/api/organizations/${net.ws1.host.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: net.ws1.host.id, type: 'host_association' });
    expect(res.body.abilities).toEqual({ update: false, deactivate: false, activate: false, manageUsers: false });
  });

  it('answers 404 for another tenant and for an unknown id, alike', async () => {
    const other = await net.staff1.get(`/api/organizations/${net.ws2.workstation.id}`);
    const missing = await net.staff1.get('/api/organizations/00000000-0000-4000-8000-000000000000');
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.body.error.message).toBe(missing.body.error.message);
    expect((await enterpriseUser.get(`/api/organizations/${net.bureau.id}`)).status).toBe(404);
  });

  it('rejects a malformed id', async () => {
    const res = await net.admin.get('/api/organizations/not-a-uuid');
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['id']);
  });
});

describe('PATCH /api/organizations/:id', () => {
  it('needs a signed-in caller', async () => {
    expect((await new Agent(ctx).patch(`/api/organizations/${net.ws1.workstation.id}`, { version: 1, name: 'x' })).status).toBe(401);
  });

  it('edits, bumps the version and updatedAt, and records the changes', async () => {
    const host = await createHost('改名前协会');
    ctx.clock.advance(60_000);
    const res = await net.admin.patch(`/api/organizations/${host.id}`, { version: 1, name: '改名后协会', districtCode: '440306' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: '改名后协会', districtCode: '440306', version: 2 });
    expect(res.body.data.updatedAt).toBe(ctx.clock.now.toISOString());
    expect(res.body.data.createdAt).toBe(host.createdAt);

    const [, updated] = await auditEventsOf(ctx, { recordId: host.id });
    expect(updated).toMatchObject({
      type: 'organization.updated',
      actorId: net.admin.user.id,
      data: { changes: { name: { from: '改名前协会', to: '改名后协会' }, districtCode: { from: '440305', to: '440306' } } },
    });
  });

  it('sorts by updatedAt, so the last edited comes first with -updatedAt', async () => {
    const first = await createHost('更新序一协会');
    ctx.clock.advance(1000);
    await createHost('更新序二协会');
    ctx.clock.advance(1000);
    await net.admin.patch(`/api/organizations/${first.id}`, { version: 1, districtCode: '440307' });
    const res = await net.admin.get('/api/organizations?q=更新序&sort=-updatedAt');
    expect(names(res)).toEqual(['更新序一协会', '更新序二协会']);
    const byCreation = await net.admin.get('/api/organizations?q=更新序&sort=-createdAt');
    expect(names(byCreation)).toEqual(['更新序二协会', '更新序一协会']);
  });

  it('re-sorts a renamed organization by its new name', async () => {
    const a = await createHost('重排甲协会');
    await createHost('重排乙协会');
    await net.admin.patch(`/api/organizations/${a.id}`, { version: 1, name: '重排丙协会' });
    const res = await net.admin.get('/api/organizations?q=重排&sort=name');
    expect(names(res)).toEqual(['重排丙协会', '重排乙协会']);
  });

  it('answers 409 VERSION_CONFLICT for a stale version and writes nothing', async () => {
    const host = await createHost('并发协会');
    expect((await net.admin.patch(`/api/organizations/${host.id}`, { version: 1, name: '并发协会一' })).status).toBe(200);
    const stale = await net.admin.patch(`/api/organizations/${host.id}`, { version: 1, name: '并发协会二' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', message: '记录已被他人修改，请刷新后重试' });
    expect((await net.admin.get(`/api/organizations/${host.id}`)).body.data.name).toBe('并发协会一');
    expect((await auditEventsOf(ctx, { recordId: host.id, type: 'organization.updated' })).length).toBe(1);
  });

  it('checks the parent and the USCC like creation does', async () => {
    const toBureau = await net.admin.patch(`/api/organizations/${net.ws2.workstation.id}`, { version: 1, parentId: net.bureau.id });
    expect(toBureau.status).toBe(400);
    expect(paths(toBureau)).toEqual(['parentId']);
    const badUscc = await net.admin.patch(`/api/organizations/${net.ws2.host.id}`, { version: 1, uscc: '123' });
    expect(paths(badUscc)).toEqual(['uscc']);
    const taken = await net.admin.patch(`/api/organizations/${net.ws2.host.id}`, { version: 1, uscc: net.ws1.host.uscc });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('CONFLICT');
  });

  it('rejects unknown fields, a missing version and an over-long name', async () => {
    const res = await net.admin.patch(`/api/organizations/${net.ws1.host.id}`, { name: '甲'.repeat(201), type: 'bureau' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['name', 'type', 'version']);
  });

  it('forbids a visible record to a non-bureau user (403) and hides the others (404)', async () => {
    const visible = await net.wsAdmin1.patch(`/api/organizations/${net.ws1.workstation.id}`, { version: 1, name: '自己改名' });
    expect(visible.status).toBe(403);
    expect(visible.body.error.code).toBe('FORBIDDEN');
    const hidden = await net.wsAdmin1.patch(`/api/organizations/${net.ws2.workstation.id}`, { version: 1, name: '改别人' });
    expect(hidden.status).toBe(404);
  });
});

describe('POST /api/organizations/:id/deactivate and /activate', () => {
  it('needs a signed-in caller', async () => {
    expect((await new Agent(ctx).post(`/api/organizations/${net.ws1.workstation.id}/deactivate`, { version: 1 })).status).toBe(401);
  });

  it('switches an organization off and on, with audit events', async () => {
    const { workstation } = await buildWorkstation(ctx, '启停');
    const off = await net.admin.post(`/api/organizations/${workstation.id}/deactivate`, { version: 1 });
    expect(off.status).toBe(200);
    expect(off.body.data).toMatchObject({ active: false, version: 2 });
    expect(off.body.abilities).toMatchObject({ deactivate: false, activate: true });
    const listed = await net.admin.get('/api/organizations?active=false&type=workstation');
    expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(workstation.id);

    const on = await net.admin.post(`/api/organizations/${workstation.id}/activate`, { version: 2 });
    expect(on.status).toBe(200);
    expect(on.body.data).toMatchObject({ active: true, version: 3 });
    const events = await auditEventsOf(ctx, { recordId: workstation.id });
    expect(events.map((e) => e.type)).toEqual(['organization.deactivated', 'organization.activated']);
    expect(events.every((e) => e.actorId === net.admin.user.id)).toBe(true);
  });

  it('answers 409 VERSION_CONFLICT for a stale version', async () => {
    const { workstation } = await buildWorkstation(ctx);
    await net.admin.patch(`/api/organizations/${workstation.id}`, { version: 1, districtCode: '440303' });
    const res = await net.admin.post(`/api/organizations/${workstation.id}/deactivate`, { version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('VERSION_CONFLICT');
    expect(await auditEventsOf(ctx, { recordId: workstation.id, type: 'organization.deactivated' })).toEqual([]);
  });

  it('needs a version and nothing else', async () => {
    const res = await net.admin.post(`/api/organizations/${net.ws1.workstation.id}/deactivate`, { force: true });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['force', 'version']);
  });

  it('forbids non-bureau callers and never switches off the bureau', async () => {
    expect((await net.wsAdmin1.post(`/api/organizations/${net.ws1.workstation.id}/deactivate`, { version: 1 })).status).toBe(403);
    expect((await net.wsAdmin1.post(`/api/organizations/${net.ws2.workstation.id}/deactivate`, { version: 1 })).status).toBe(404);
    const bureau = await net.admin.get(`/api/organizations/${net.bureau.id}`);
    const res = await net.admin.post(`/api/organizations/${net.bureau.id}/deactivate`, { version: bureau.body.data.version });
    expect(res.status).toBe(403);
  });
});

describe('host organization details', () => {
  it('keeps the founding date and public contact of a host association', async () => {
    const res = await net.admin.post('/api/organizations', {
      type: 'host_association',
      name: '深圳市低空经济产业协会',
      uscc: validUscc('51440300'),
      foundedOn: '2019-04-23',
      hostKind: 'industry_association',
      address: '深圳市南山区科苑路 15 号',
      contactPhone: '0755-86000000',
      contactEmail: 'office@example.cn',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ foundedOn: '2019-04-23', hostKind: 'industry_association', contactPhone: '0755-86000000' });
    const edited = await net.admin.patch(`/api/organizations/${res.body.data.id}`, { version: res.body.data.version, hostKind: 'industrial_park' });
    expect(edited.body.data.hostKind).toBe('industrial_park');
    const unknownKind = await net.admin.post('/api/organizations', { type: 'host_association', name: 'y', hostKind: 'guild' });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error.details[0].path).toBe('hostKind');
    // only a host body has a kind
    const notHost = await net.admin.post('/api/organizations', { type: 'agency', name: '某律师事务所', hostKind: 'chamber_of_commerce' });
    expect(notHost.status).toBe(400);
    expect(notHost.body.error.details[0].path).toBe('hostKind');
    expect(notHost.body.error.message).toContain('设立主体');
    const bad = await net.admin.post('/api/organizations', { type: 'host_association', name: 'x', foundedOn: '2019-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('foundedOn');
  });
});
