import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { enterpriseMemberships, enterpriseProfiles, workstationProfiles } from '../../db/schema';
import { Agent } from '../../../test/agent';
import { auditEventsOf, buildNetwork, buildOrganization, buildWorkstation, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import { workstationForEnterprise } from './cases.repository';

const ctx = await setupTestApp();
ctx.clock.set('2025-11-17T02:00:00Z');
const net = await buildNetwork(ctx);
const form = { subject: '商标咨询', question: '商标被抢注如何处理？', ipType: 'trademark' };

/** A workstation with a filing in the given state, serving these clusters and districts. */
async function workstation(name: string, clusters: string[], districts: string[], filingStatus: 'active' | 'suspended' = 'active') {
  const { workstation: ws } = await buildWorkstation(ctx, name);
  await ctx.db.insert(workstationProfiles).values({ organizationId: ws.id, filingStatus, clusters, districts });
  return ws.id;
}
/** An enterprise that belongs to no workstation, with a user. */
async function loneEnterprise(name: string, clusters: string[], districtCode: string) {
  const ent = await buildOrganization(ctx, { type: 'enterprise', name, districtCode });
  await ctx.db.insert(enterpriseProfiles).values({ organizationId: ent.id, clusters });
  return { id: ent.id, user: await signedIn(ctx, 'enterprise_user', ent.id) };
}

// Batteries (C13) in Nanshan (440305) and in Bao'an (440306); a suspended one in Nanshan; semiconductors (C02) in Futian.
const batteryNanshan = await workstation('南山新能源', ['C13', 'C16'], ['440305']);
const batteryBaoan = await workstation('宝安新能源', ['C13'], ['440306']);
const suspended = await workstation('暂停新能源', ['C13'], ['440307'], 'suspended');
const chips = await workstation('福田半导体', ['C02'], ['440304']);

describe('the workstation for an enterprise that belongs to none', () => {
  it('is the active one for its cluster and district, then for its cluster only, else none', async () => {
    expect(await workstationForEnterprise(ctx.db, { clusters: ['C13'], districtCode: '440306' })).toEqual({ id: batteryBaoan, match: 'cluster_district' });
    expect(await workstationForEnterprise(ctx.db, { clusters: ['C13'], districtCode: '440305' })).toEqual({ id: batteryNanshan, match: 'cluster_district' });
    // Longgang has no battery workstation: one of the cluster's, the one sharing most clusters first.
    expect(await workstationForEnterprise(ctx.db, { clusters: ['C13', 'C16'], districtCode: '440307' })).toEqual({ id: batteryNanshan, match: 'cluster' });
    expect(await workstationForEnterprise(ctx.db, { clusters: ['C02'], districtCode: null })).toEqual({ id: chips, match: 'cluster' });
    // No workstation for biomedicine; none for an enterprise without a cluster; never a suspended one.
    expect(await workstationForEnterprise(ctx.db, { clusters: ['C18'], districtCode: '440305' })).toBeUndefined();
    expect(await workstationForEnterprise(ctx.db, { clusters: [], districtCode: '440305' })).toBeUndefined();
    expect(await workstationForEnterprise(ctx.db, { clusters: ['C13'], districtCode: '440307' })).not.toEqual(expect.objectContaining({ id: suspended }));
  });
});

describe('submitting without a workstation', () => {
  it('needs a signed-in caller and a well-formed workstationId when one is given', async () => {
    expect((await new Agent(ctx).post('/api/cases', { type: 'consultation', form })).status).toBe(401);
    const ent = await loneEnterprise('格式错误企业', ['C13'], '440306');
    const bad = await ent.user.post('/api/cases', { type: 'consultation', workstationId: 'nowhere', form });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('workstationId');
  });

  it('an enterprise of no workstation reaches the one for its cluster and district; its staff see the case, the audit says how it was routed', async () => {
    const ent = await loneEnterprise('宝安电池企业', ['C13'], '440306');
    const created = await ent.user.post('/api/cases', { type: 'consultation', form });
    expect(created.status).toBe(201);
    expect(created.body.data.workstationId).toBe(batteryBaoan);
    const audit = await auditEventsOf(ctx, { recordId: created.body.data.id, type: 'case.created' });
    expect(audit[0].data).toMatchObject({ routedBy: 'cluster_district' });
    const staff = await signedIn(ctx, 'workstation_staff', batteryBaoan);
    expect((await staff.get(`/api/cases/${created.body.data.id}`)).status).toBe(200);
    expect((await ent.user.get(`/api/cases/${created.body.data.id}`)).status).toBe(200);
  });

  it('the routed enterprise joins that workstation\'s members once, in the case\'s transaction; its next request goes there as a member', async () => {
    const ent = await loneEnterprise('宝安储能企业', ['C13'], '440306');
    const staff = await signedIn(ctx, 'workstation_staff', batteryBaoan);
    // Not a member before: the workstation's staff cannot open it.
    expect((await staff.get(`/api/enterprises/${ent.id}`)).status).toBe(404);
    const first = await ent.user.post('/api/cases', { type: 'consultation', form }, { 'idempotency-key': 'intake-join-1' });
    expect(first.status).toBe(201);
    const memberships = () => ctx.db.select().from(enterpriseMemberships).where(eq(enterpriseMemberships.enterpriseId, ent.id));
    expect(await memberships()).toEqual([expect.objectContaining({ workstationId: batteryBaoan, source: 'intake', joinedOn: '2025-11-17' })]);
    const seen = await staff.get(`/api/enterprises/${ent.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.data.memberships).toEqual([expect.objectContaining({ workstationId: batteryBaoan, source: 'intake' })]);
    // The same submission again, and a second request: still one membership, one audit event for it.
    expect((await ent.user.post('/api/cases', { type: 'consultation', form }, { 'idempotency-key': 'intake-join-1' })).body.data.id).toBe(first.body.data.id);
    const second = await ent.user.post('/api/cases', { type: 'consultation', form });
    expect(second.status).toBe(201);
    expect(second.body.data.workstationId).toBe(batteryBaoan);
    expect(await memberships()).toHaveLength(1);
    const joined = await auditEventsOf(ctx, { recordId: ent.id, type: 'enterprise.joined' });
    expect(joined.map((e) => e.data)).toEqual([{ workstationId: batteryBaoan, source: 'intake' }]);
    // The second request was not routed (the enterprise is a member now).
    expect((await auditEventsOf(ctx, { recordId: second.body.data.id, type: 'case.created' }))[0].data).not.toHaveProperty('routedBy');
  });

  it('then one for its cluster in another district', async () => {
    const ent = await loneEnterprise('龙岗芯片企业', ['C02'], '440307');
    const created = await ent.user.post('/api/cases', { type: 'consultation', form });
    expect(created.status).toBe(201);
    expect(created.body.data.workstationId).toBe(chips);
  });

  it('else a clear 400 in the caller\'s language', async () => {
    const ent = await loneEnterprise('生物医药企业', ['C18'], '440305');
    const zh = await ent.user.post('/api/cases', { type: 'consultation', form });
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION');
    expect(zh.body.error.message).toContain('没有服务贵企业所属产业集群的工作站');
    expect(zh.body.error.details[0].path).toBe('workstationId');
    const en = await ent.user.request('POST', '/api/cases', { type: 'consultation', form }, { 'accept-language': 'en-US' });
    expect(en.body.error.message).toContain('No workstation serves your enterprise');
  });

  it('a member enterprise goes to its only workstation; naming a workstation it does not belong to is refused', async () => {
    const reg = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440305'), name: '甲站会员企业' });
    expect(reg.status).toBe(201);
    const user = await signedIn(ctx, 'enterprise_user', reg.body.data.id);
    const created = await user.post('/api/cases', { type: 'consultation', form });
    expect(created.status).toBe(201);
    expect(created.body.data.workstationId).toBe(net.ws1.workstation.id);
    const elsewhere = await user.post('/api/cases', { type: 'consultation', workstationId: batteryBaoan, form });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details[0].path).toBe('workstationId');
  });

  it('staff of one workstation need not name it; other callers without a workstation are refused', async () => {
    const ent = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440305'), name: '代提交企业' });
    expect(ent.status).toBe(201);
    const created = await net.staff1.post('/api/cases', { type: 'consultation', enterpriseId: ent.body.data.id, form });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ workstationId: net.ws1.workstation.id, channel: 'walk_in' });
    // Staff of another workstation: the enterprise is not its member.
    const notMember = await net.staff2.post('/api/cases', { type: 'consultation', enterpriseId: ent.body.data.id, form });
    expect(notMember.status).toBe(400);
    expect(notMember.body.error.details[0].path).toBe('enterpriseId');
    expect((await net.admin.post('/api/cases', { type: 'consultation', enterpriseId: ent.body.data.id, form })).status).toBe(403);
  });
});
