import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { buildNetwork, buildOrganization, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import { usccCheckChar } from '../../lib/uscc';
import { eq } from 'drizzle-orm';
import { enterpriseProfiles } from '../../db/schema';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);
// A Nanshan (440305) code whose check character was computed by the rule of GB 32100.
const nanshan = (serial: string) => `91440305MA${serial}` + usccCheckChar(`91440305MA${serial}`);

describe('POST /api/enterprises', () => {
  it('registers a new enterprise in the caller\'s workstation, with the district from its code', async () => {
    const uscc = nanshan('5FA0001');
    const res = await net.staff1.post('/api/enterprises', { uscc: uscc.toLowerCase().replace(/(.{6})/, '$1 '), name: '深圳市甲乙电池有限公司', clusters: ['C13'], flags: ['high_tech'] });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ uscc, districtCode: '440305', clusters: ['C13'], flags: ['high_tech'] });
    expect(res.body.data.memberships.map((m: { workstationId: string }) => m.workstationId)).toEqual([net.ws1.workstation.id]);
  });

  it('joins an existing code to another workstation (200) and never makes a second copy', async () => {
    const uscc = nanshan('5FA0002');
    const first = await net.staff1.post('/api/enterprises', { uscc, name: '共享会员企业' });
    const second = await net.staff2.post('/api/enterprises', { uscc, name: '别名不会覆盖' });
    expect(second.status).toBe(200);
    expect(second.body.data.id).toBe(first.body.data.id);
    expect(second.body.data.name).toBe('共享会员企业');
    // each workstation sees its own membership, not the other's
    expect(second.body.data.memberships.map((m: { workstationId: string }) => m.workstationId)).toEqual([net.ws2.workstation.id]);
    const all = await net.admin.get(`/api/enterprises/${first.body.data.id}`);
    expect(all.body.data.memberships).toHaveLength(2);
    expect((await net.admin.post('/api/enterprises', { uscc, name: '重复' })).status).toBe(409);
  });

  it('refuses a wrong check character or a malformed code with details naming uscc', async () => {
    const good = nanshan('5FA0003');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    for (const uscc of [wrong, '123', 'ZZZZZZZZZZZZZZZZZZ']) {
      const res = await net.staff1.post('/api/enterprises', { uscc, name: '某公司' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(res.body.error.details[0].path).toBe('uscc');
    }
    const unknown = await net.staff1.post('/api/enterprises', { uscc: good, name: '某公司', clusters: ['C99'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('C99');
    expect((await new Agent(ctx).post('/api/enterprises', { uscc: good, name: 'x' })).status).toBe(401);
  });
});

describe('GET /api/enterprises', () => {
  it('scopes the list: a workstation sees its members, the bureau all, an enterprise itself', async () => {
    const a = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440306'), name: '宝安会员', clusters: ['C04'] });
    const b = await net.staff2.post('/api/enterprises', { uscc: validUscc('91440304'), name: '福田会员', clusters: ['C06'] });
    const ids1 = (await net.staff1.get('/api/enterprises?pageSize=100')).body.items.map((e: { id: string }) => e.id);
    expect(ids1).toContain(a.body.data.id);
    expect(ids1).not.toContain(b.body.data.id);
    expect((await net.staff1.get(`/api/enterprises/${b.body.data.id}`)).status).toBe(404);
    const bureau = await net.admin.get('/api/enterprises?cluster=C06&pageSize=100');
    expect(bureau.body.items.map((e: { id: string }) => e.id)).toContain(b.body.data.id);
    expect(bureau.body.items.every((e: { clusters: string[] }) => e.clusters.includes('C06'))).toBe(true);
    const entUser = await signedIn(ctx, 'enterprise_user', a.body.data.id);
    const own = await entUser.get('/api/enterprises');
    expect(own.body.items.map((e: { id: string }) => e.id)).toEqual([a.body.data.id]);
    expect((await entUser.get(`/api/enterprises/${b.body.data.id}`)).status).toBe(404);
  });

  it('lets a district officer see the enterprises of their district only', async () => {
    const districtOrg = await buildOrganization(ctx, { type: 'district_bureau', districtCode: '440306' });
    const officer = await signedIn(ctx, 'district_officer', districtOrg.id);
    const items = (await officer.get('/api/enterprises?pageSize=100')).body.items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e: { districtCode: string }) => e.districtCode === '440306')).toBe(true);
  });
});

describe('PATCH /api/enterprises/:id', () => {
  it('edits with optimistic locking and keeps consent with each contact', async () => {
    const created = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440305'), name: '联系人测试' });
    const id = created.body.data.id;
    const v = created.body.data.version;
    const ok = await net.staff1.patch(`/api/enterprises/${id}`, { version: v, contacts: [{ name: '王五', phone: '13800000000', consentPurpose: '维权援助服务联络' }] });
    expect(ok.status).toBe(200);
    expect(ok.body.data.contacts[0]).toMatchObject({ name: '王五', consent: { purpose: '维权援助服务联络' } });
    const stale = await net.staff1.patch(`/api/enterprises/${id}`, { version: v, name: '旧版本' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect((await net.staff2.patch(`/api/enterprises/${id}`, { version: v + 1, name: 'x' })).status).toBe(404);
    const noConsent = await net.staff1.patch(`/api/enterprises/${id}`, { version: v + 1, contacts: [{ name: '赵六' }] });
    expect(noConsent.status).toBe(400);
  });
});

describe('cluster versions', () => {
  it('holds the 2022 list and its 2024 revision, which adds 低空经济与空天 (C21)', async () => {
    const v2022 = (await new Agent(ctx).get('/api/reference/clusters?version=2022')).body.items as { code: string }[];
    const v2024 = (await new Agent(ctx).get('/api/reference/clusters?version=2024')).body.items as { code: string; name: string }[];
    expect(v2022).toHaveLength(28);
    expect(v2022.map((c) => c.code)).not.toContain('C21');
    expect(v2024).toHaveLength(29);
    expect(v2024.find((c) => c.code === 'C21')?.name).toBe('低空经济与空天');
  });

  it('tags a new record under the current version; a record tagged under 2022 keeps it until re-tagged', async () => {
    const created = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440306'), name: '低空飞行器公司', clusters: ['C21'] });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ clusters: ['C21'], clusterVersion: '2024' });
    const older = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440306'), name: '老标签公司', clusters: ['F04'] });
    await ctx.db.update(enterpriseProfiles).set({ clusterVersion: '2022' }).where(eq(enterpriseProfiles.organizationId, older.body.data.id));
    const read = await net.staff1.get(`/api/enterprises/${older.body.data.id}`);
    expect(read.body.data).toMatchObject({ clusters: ['F04'], clusterVersion: '2022' });
    // a list filter finds records of either version
    const f04 = (await net.staff1.get('/api/enterprises?cluster=F04&pageSize=100')).body.items.map((e: { id: string }) => e.id);
    expect(f04).toContain(older.body.data.id);
    const c21 = (await net.staff1.get('/api/enterprises?cluster=C21&pageSize=100')).body.items.map((e: { id: string }) => e.id);
    expect(c21).toEqual([created.body.data.id]);
    const retagged = await net.staff1.patch(`/api/enterprises/${older.body.data.id}`, { version: read.body.data.version, clusters: ['F04', 'C21'] });
    expect(retagged.status).toBe(200);
    expect(retagged.body.data).toMatchObject({ clusters: ['F04', 'C21'], clusterVersion: '2024' });
    // a code no version has is refused, naming it
    const bad = await net.staff1.get('/api/enterprises?cluster=C22');
    expect(bad.status).toBe(400);
  });
});

describe('contacts are personal data, read on a need-to-know basis', () => {
  it('each workstation reads the contacts it recorded; the bureau and the enterprise read all; a district officer none', async () => {
    const uscc = validUscc('91440306');
    const a = { name: '甲联系人', phone: '13800000001', consentPurpose: '法律咨询服务联络' };
    const b = { name: '乙联系人', phone: '13800000002', consentPurpose: '维权援助服务联络' };
    const created = await net.staff1.post('/api/enterprises', { uscc, name: '共享联系人企业', contacts: [a] });
    const id = created.body.data.id;
    const joined = await net.staff2.post('/api/enterprises', { uscc, name: '共享联系人企业', contacts: [b] });
    expect(joined.status).toBe(200);
    const names = async (agent: Agent) => ((await agent.get(`/api/enterprises/${id}`)).body.data.contacts as { name: string }[]).map((c) => c.name).sort();
    expect(await names(net.staff1)).toEqual(['甲联系人']);
    expect(await names(net.staff2)).toEqual(['乙联系人']);
    expect(await names(net.admin)).toEqual(['乙联系人', '甲联系人']);
    const user = await signedIn(ctx, 'enterprise_user', id);
    expect(await names(user)).toEqual(['乙联系人', '甲联系人']);
    const districtOrg = await buildOrganization(ctx, { type: 'district_bureau', districtCode: '440306' });
    const officer = await signedIn(ctx, 'district_officer', districtOrg.id);
    expect(await names(officer)).toEqual([]);
    // who recorded a contact is not shown
    expect((await net.admin.get(`/api/enterprises/${id}`)).body.data.contacts[0]).not.toHaveProperty('workstationId');
    // the list answers the same way
    const listed = (await net.staff2.get(`/api/enterprises?q=${uscc}`)).body.items[0];
    expect(listed.contacts.map((c: { name: string }) => c.name)).toEqual(['乙联系人']);

    // A workstation's edit replaces what it reads and keeps the rest; a contact sent back unchanged keeps its consent.
    const before = (await net.staff1.get(`/api/enterprises/${id}`)).body.data;
    const edited = await net.staff1.patch(`/api/enterprises/${id}`, { version: before.version, contacts: [a, { name: '丙联系人', consentPurpose: '信息检索服务联络' }] });
    expect(edited.status).toBe(200);
    expect(edited.body.data.contacts.map((c: { name: string }) => c.name)).toEqual(['甲联系人', '丙联系人']);
    expect(edited.body.data.contacts[0].consent.at).toBe(before.contacts[0].consent.at);
    expect(await names(net.staff2)).toEqual(['乙联系人']);
    expect(await names(net.admin)).toEqual(['丙联系人', '乙联系人', '甲联系人']);
  });
});
