import { describe, expect, it } from 'vitest';
import { memberships } from '../../db/schema';
import type { Agent } from '../../../test/agent';
import { buildNetwork, buildOrganization, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

// The case list reads each part of the caller's scope (their workstation, their assignments elsewhere,
// their enterprise's cases) on its own and merges the pages; these check the merge, the totals and the
// filters that have their own index.
const ctx = await setupTestApp();
ctx.clock.set('2025-11-17T02:00:00Z'); // a Monday, 10:00 in Shanghai
const net = await buildNetwork(ctx);
const ws1 = net.ws1.workstation.id;
const ws2 = net.ws2.workstation.id;
// staff1 also serves an agency as an expert, so a case of ws2 can be assigned to them.
const agency = await buildOrganization(ctx, { type: 'agency' });
await ctx.db.insert(memberships).values({ userId: net.staff1.user.id, organizationId: agency.id, role: 'expert' });

const form = { subject: '', question: '竞争对手的产品是否落入我司专利保护范围？', ipType: 'patent_invention' };
async function member(staff: Agent, name: string) {
  const res = await staff.post('/api/enterprises', { uscc: validUscc('91440305'), name });
  return res.body.data.id as string;
}
async function open(staff: Agent, workstationId: string, enterpriseId: string, subject: string) {
  ctx.clock.advance(60_000);
  const res = await staff.post('/api/cases', { type: 'consultation', workstationId, enterpriseId, form: { ...form, subject } });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; version: number };
}
const subjects = async (agent: Agent, query: string) => {
  const res = await agent.get(`/api/cases?${query}`);
  expect(res.status).toBe(200);
  return { items: res.body.items.map((c: { title: string }) => c.title), total: res.body.total };
};

const ent1 = await member(net.staff1, '列表企业甲');
const ent2 = await member(net.staff2, '列表企业乙');
await open(net.staff1, ws1, ent1, 'A1');
const b1 = await open(net.staff2, ws2, ent2, 'B1');
const a2 = await open(net.staff1, ws1, ent1, 'A2');
await open(net.staff2, ws2, ent2, 'B2');
await open(net.staff1, ws1, ent1, 'A3');
const accepted = await net.staff2.post(`/api/cases/${b1.id}/transitions`, { action: 'accept', version: b1.version });
const assigned = await net.staff2.post(`/api/cases/${b1.id}/transitions`, { action: 'assign', version: accepted.body.data.version, assigneeId: net.staff1.user.id });
expect(assigned.status).toBe(200);

describe('case list: scope parts merged in list order', () => {
  it('shows a staff member their workstation’s cases and the case assigned to them elsewhere, paged across both', async () => {
    expect(await subjects(net.staff1, 'pageSize=2')).toEqual({ items: ['A3', 'A2'], total: 4 });
    expect(await subjects(net.staff1, 'pageSize=2&page=2')).toEqual({ items: ['B1', 'A1'], total: 4 });
    expect(await subjects(net.staff1, 'pageSize=3&sort=createdAt')).toEqual({ items: ['A1', 'B1', 'A2'], total: 4 });
    expect(await subjects(net.staff1, 'assignee=me')).toEqual({ items: ['B1'], total: 1 });
    // Past the end: no rows, the total still right.
    expect(await subjects(net.staff1, 'pageSize=2&page=5')).toEqual({ items: [], total: 4 });
  });

  it('keeps other workstations’ cases and other enterprises’ cases out', async () => {
    expect(await subjects(net.staff2, 'pageSize=20')).toEqual({ items: ['B2', 'B1'], total: 2 });
    const client = await signedIn(ctx, 'enterprise_user', ent2);
    expect(await subjects(client, 'pageSize=20')).toEqual({ items: ['B2', 'B1'], total: 2 });
    const other = await signedIn(ctx, 'enterprise_user', await member(net.staff2, '列表企业丙'));
    expect(await subjects(other, 'pageSize=20')).toEqual({ items: [], total: 0 });
  });

  it('lists open unassigned cases by due date, a case waiting for information (no due date) last', async () => {
    const asked = await net.staff1.post(`/api/cases/${a2.id}/transitions`, { action: 'request_info', version: a2.version, reason: '请补充涉案专利号' });
    expect(asked.body.data.status).toBe('needs_info');
    expect(await subjects(net.staff1, 'unassigned=true&sort=dueAt')).toEqual({ items: ['A1', 'A3', 'A2'], total: 3 });
    expect(await subjects(net.staff1, 'unassigned=true&type=retrieval')).toEqual({ items: [], total: 0 });
    expect((await subjects(net.staff1, `unassigned=true&q=${encodeURIComponent('A1')}`)).items).toEqual(['A1']);
  });
});

describe('ledger list', () => {
  it('gives the exact total with the page, and past the last page', async () => {
    const answered = await net.staff1.post(`/api/cases/${b1.id}/transitions`, { action: 'answer', version: assigned.body.data.version, answer: '建议先固定证据。' });
    expect(answered.body.data.status).toBe('answered');
    const page = await net.staff2.get('/api/ledger?pageSize=20');
    expect(page.body).toMatchObject({ total: 1, enterpriseTimes: 1 });
    expect(page.body.items.map((r: { caseId: string }) => r.caseId)).toEqual([b1.id]);
    const beyond = await net.staff2.get('/api/ledger?pageSize=20&page=3');
    expect(beyond.body).toMatchObject({ items: [], total: 1, enterpriseTimes: 1 });
    expect((await net.staff1.get('/api/ledger')).body).toMatchObject({ items: [], total: 0, enterpriseTimes: 0 });
  });
});
