import { describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent';
import { buildCaseNetwork, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

/**
 * Whom a case may be assigned to, as the case types' tables declare it (`assigns`) and their guards
 * decide on what the service looked up: a professional (conflict-checked across the network, an
 * override with a reason audited) or the owning workstation's own people, active accounts only;
 * the hand-over of a deactivated colleague's open cases; the second person of a retrieval review.
 */
const ctx = await setupTestApp();
const { net, ws1, agency, expert } = await buildCaseNetwork(ctx);
const form = { subject: '分派测试', question: '竞争对手的产品是否落入我司专利保护范围？', ipType: 'patent_invention' };

async function member(name: string, staff: Agent = net.staff1) {
  const uscc = validUscc('91440305');
  const ent = await staff.post('/api/enterprises', { uscc, name });
  expect(ent.status).toBe(201);
  return { id: ent.body.data.id as string, uscc, name };
}

/** A consultation at ws1 for the client, accepted and waiting to be assigned. */
async function accepted(clientId: string, adverse: { uscc: string; name: string }[] = [], staff: Agent = net.staff1, workstationId = ws1) {
  const c = await staff.post('/api/cases', { type: 'consultation', workstationId, enterpriseId: clientId, form, adverse });
  expect(c.status).toBe(201);
  const acc = await staff.post(`/api/cases/${c.body.data.id}/transitions`, { action: 'accept', version: 1 });
  expect(acc.status).toBe(200);
  return { id: c.body.data.id as string, caseNo: c.body.data.caseNo as string, version: acc.body.data.version as number };
}

const assign = (id: string, version: number, body: Record<string, unknown>, agent: Agent = net.staff1, headers: Record<string, string> = {}) =>
  agent.request('POST', `/api/cases/${id}/transitions`, { action: 'assign', version, ...body }, headers);

async function unchanged(id: string, version: number) {
  const now = (await net.staff1.get(`/api/cases/${id}`)).body.data;
  expect(now).toMatchObject({ status: 'accepted', version });
  expect(now.assignments).toEqual([]);
  expect(now.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'accept']);
}

const auditOf = async (type: string, recordId: string) => (await net.wsAdmin1.get(`/api/audit?type=${type}&recordId=${recordId}&pageSize=100`)).body.items as { data: Record<string, unknown> }[];

describe('who may be assigned', () => {
  it('nobody named, someone neither professional nor of this workstation, an unknown id and a deactivated account are each a 400 on assigneeId; the case stays where it was', async () => {
    const client = await member('分派客户甲');
    const c = await accepted(client.id);
    const clientUser = await signedIn(ctx, 'enterprise_user', client.id);
    const otherStaff = await signedIn(ctx, 'workstation_staff', net.ws2.workstation.id);
    const leaver = await signedIn(ctx, 'workstation_staff', ws1);
    const deactivated = await net.wsAdmin1.post(`/api/users/${leaver.user.id}/deactivate`, { version: (await net.wsAdmin1.get(`/api/users/${leaver.user.id}`)).body.data.version });
    expect(deactivated.status).toBe(200);

    const none = await assign(c.id, c.version, {});
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'VALIDATION', details: [{ path: 'assigneeId' }] });
    for (const who of [clientUser.user.id, otherStaff.user.id, '00000000-0000-4000-8000-000000000000', leaver.user.id]) {
      const res = await assign(c.id, c.version, { assigneeId: who });
      expect(res.status, who).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION', message: '该用户不能承办此案件', details: [{ path: 'assigneeId' }] });
    }
    const en = await assign(c.id, c.version, { assigneeId: leaver.user.id }, net.staff1, { 'accept-language': 'en-US' });
    expect(en.body.error.message).toBe('This user cannot take the case');
    await unchanged(c.id, c.version);
  });

  it('a colleague of the owning workstation takes it as its handler, a professional in their own role', async () => {
    const client = await member('分派客户乙');
    const colleague = await signedIn(ctx, 'workstation_staff', ws1);
    const a = await accepted(client.id);
    const toColleague = await assign(a.id, a.version, { assigneeId: colleague.user.id });
    expect(toColleague.status).toBe(200);
    expect(toColleague.body.data.assignments).toMatchObject([{ userId: colleague.user.id, role: 'handler', active: true }]);
    const b = await accepted(client.id);
    const toExpert = await assign(b.id, b.version, { assigneeId: expert.user.id });
    expect(toExpert.status).toBe(200);
    expect(toExpert.body.data.assignments).toMatchObject([{ userId: expert.user.id, role: 'expert', active: true }]);
  });
});

describe('the conflict check', () => {
  // Elsewhere (workstation 2) the advisor serves X against W.
  const setUp = async () => {
    const advisor = await signedIn(ctx, 'expert', agency.id);
    const x = await member('他站客户甲', net.staff2);
    const w = await member('他站对方乙'); // a member here, so it can be a client here
    const elsewhere = await accepted(x.id, [{ uscc: w.uscc, name: w.name }], net.staff2, net.ws2.workstation.id);
    expect((await assign(elsewhere.id, elsewhere.version, { assigneeId: advisor.user.id }, net.staff2)).status).toBe(200);
    return { advisor, x, w, elsewhere };
  };

  it('found: 409 COI_CONFLICT that names nothing of the other case, and moves nothing; an override needs a reason and is audited', async () => {
    const { advisor, x, w, elsewhere } = await setUp();
    const here = await member('本站客户丙');
    const c = await accepted(here.id, [{ uscc: x.uscc, name: x.name }]);
    for (const overrideReason of [undefined, '   ']) {
      const refused = await assign(c.id, c.version, { assigneeId: advisor.user.id, ...(overrideReason === undefined ? {} : { overrideReason }) });
      expect(refused.status).toBe(409);
      expect(Object.keys(refused.body.error).sort()).toEqual(['code', 'message', 'requestId']);
      expect(refused.body.error.code).toBe('COI_CONFLICT');
      const said = JSON.stringify(refused.body);
      for (const secret of [elsewhere.id, elsewhere.caseNo, net.ws2.workstation.id, w.uscc, w.name]) expect(said).not.toContain(secret);
    }
    await unchanged(c.id, c.version);
    expect(await auditOf('case.coi_override', c.id)).toEqual([]);

    const over = await assign(c.id, c.version, { assigneeId: advisor.user.id, overrideReason: ' 当事人书面同意 ' });
    expect(over.status).toBe(200);
    expect(over.body.data.assignments).toMatchObject([{ userId: advisor.user.id, role: 'expert', active: true }]);
    const audited = await auditOf('case.coi_override', c.id);
    expect(audited.map((e) => e.data)).toEqual([{ assigneeId: advisor.user.id, reason: '当事人书面同意' }]);
  });

  it('found on reassign too: the reassign step declares the same rule', async () => {
    const { advisor, w } = await setUp();
    // W, adverse in the advisor's case elsewhere, is the client here.
    const c = await accepted(w.id);
    const assigned = await assign(c.id, c.version, { assigneeId: expert.user.id });
    expect(assigned.status).toBe(200);
    const v = assigned.body.data.version;
    const reassign = (extra: Record<string, unknown>) => net.staff1.post(`/api/cases/${c.id}/transitions`, { action: 'reassign', version: v, assigneeId: advisor.user.id, ...extra });
    // The missing reason is said first, as before.
    expect((await reassign({})).body.error).toMatchObject({ code: 'VALIDATION', details: [{ path: 'reason' }] });
    expect((await reassign({ reason: '换人' })).body.error.code).toBe('COI_CONFLICT');
    const over = await reassign({ reason: '换人', overrideReason: '双方同意' });
    expect(over.status).toBe(200);
    expect(over.body.data.assignments.filter((a: { active: boolean }) => a.active).map((a: { userId: string }) => a.userId)).toEqual([advisor.user.id]);
    expect((await auditOf('case.coi_override', c.id)).map((e) => e.data)).toEqual([{ assigneeId: advisor.user.id, reason: '双方同意' }]);
  });

  it('none found: unrelated parties, and the owning workstation\'s own handler, who is not checked', async () => {
    const { advisor } = await setUp();
    const here = await member('本站客户丁');
    const clean = await accepted(here.id, [{ uscc: validUscc('91440308'), name: '无关公司' }]);
    expect((await assign(clean.id, clean.version, { assigneeId: advisor.user.id })).status).toBe(200);
    expect(await auditOf('case.coi_override', clean.id)).toEqual([]);

    // A colleague who handles X's case here may still handle a case against X: the check is for professionals.
    const colleague = await signedIn(ctx, 'workstation_staff', ws1);
    const xHere = await member('本站客户戊');
    const forX = await accepted(xHere.id);
    expect((await assign(forX.id, forX.version, { assigneeId: colleague.user.id })).status).toBe(200);
    const againstX = await accepted(here.id, [{ uscc: xHere.uscc, name: xHere.name }]);
    expect((await assign(againstX.id, againstX.version, { assigneeId: colleague.user.id })).status).toBe(200);
    // The same history makes an expert conflicted.
    const forX2 = await accepted(xHere.id);
    const checked = await signedIn(ctx, 'expert', agency.id);
    expect((await assign(forX2.id, forX2.version, { assigneeId: checked.user.id })).status).toBe(200);
    const againstX2 = await accepted(here.id, [{ uscc: xHere.uscc, name: xHere.name }]);
    expect((await assign(againstX2.id, againstX2.version, { assigneeId: checked.user.id })).body.error.code).toBe('COI_CONFLICT');
  });
});

describe('handing over the open cases of a deactivated colleague', () => {
  it('the admin deactivates the account, then hands its cases to a colleague; to a deactivated account nothing moves', async () => {
    const leaver = await signedIn(ctx, 'workstation_staff', ws1);
    const successor = await signedIn(ctx, 'workstation_staff', ws1);
    const client = await member('交接客户');
    const c = await accepted(client.id);
    expect((await assign(c.id, c.version, { assigneeId: leaver.user.id })).status).toBe(200);
    const deactivate = await net.wsAdmin1.post(`/api/users/${leaver.user.id}/deactivate`, { version: (await net.wsAdmin1.get(`/api/users/${leaver.user.id}`)).body.data.version });
    expect(deactivate.body.data.active).toBe(false);

    // Handing them to someone who left as well moves nothing, and says why.
    const gone = await signedIn(ctx, 'workstation_staff', ws1);
    await net.wsAdmin1.post(`/api/users/${gone.user.id}/deactivate`, { version: (await net.wsAdmin1.get(`/api/users/${gone.user.id}`)).body.data.version });
    const before = (await net.staff1.get(`/api/cases/${c.id}`)).body.data;
    const refused = await net.wsAdmin1.post('/api/cases/reassign', { fromUserId: leaver.user.id, toUserId: gone.user.id, reason: '离职交接' });
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual({ moved: [], skipped: [{ caseId: c.id, reason: 'VALIDATION' }] });
    expect((await net.staff1.get(`/api/cases/${c.id}`)).body.data.version).toBe(before.version);

    const moved = await net.wsAdmin1.post('/api/cases/reassign', { fromUserId: leaver.user.id, toUserId: successor.user.id, reason: '离职交接' });
    expect(moved.body).toEqual({ moved: [c.id], skipped: [] });
    const after = (await net.staff1.get(`/api/cases/${c.id}`)).body.data;
    expect(after.assignments.filter((a: { active: boolean }) => a.active)).toMatchObject([{ userId: successor.user.id, role: 'handler' }]);
    expect(after.timeline.at(-1)).toMatchObject({ action: 'reassign', from: 'assigned', to: 'assigned', reason: '离职交接' });
  });
});

describe('second-person review of a retrieval report', () => {
  it('the drafter sees neither approve nor return and is refused both; a colleague approves', async () => {
    const client = await member('检索复核客户');
    const c = await net.staff1.post('/api/cases', { type: 'retrieval', workstationId: ws1, enterpriseId: client.id, form: { subject: '查新', purpose: 'novelty', technicalSolution: '一种锂电池隔膜' } });
    const id = c.body.data.id as string;
    const step = async (agent: Agent, action: string, extra: Record<string, unknown> = {}) =>
      agent.post(`/api/cases/${id}/transitions`, { action, version: (await net.staff1.get(`/api/cases/${id}`)).body.data.version, ...extra });
    for (const [agent, action, extra] of [[net.staff1, 'accept', {}], [net.staff1, 'assign', { assigneeId: expert.user.id }], [expert, 'start', {}], [net.staff1, 'draft_report', {}]] as const) {
      expect((await step(agent, action, extra)).status, action).toBe(200);
    }
    const mine = await net.staff1.get(`/api/cases/${id}`);
    expect(mine.body.abilities.actions).not.toContain('approve_report');
    expect(mine.body.abilities.actions).not.toContain('return_report');
    expect((await step(net.staff1, 'approve_report')).status).toBe(403);
    expect((await step(net.staff1, 'return_report', { reason: '自己退回' })).status).toBe(403);
    const colleague = await signedIn(ctx, 'workstation_staff', ws1);
    expect((await colleague.get(`/api/cases/${id}`)).body.abilities.actions).toEqual(expect.arrayContaining(['approve_report', 'return_report']));
    expect((await step(colleague, 'approve_report')).body.data.status).toBe('reviewed');
  });
});
