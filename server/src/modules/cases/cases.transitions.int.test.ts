import { describe, expect, it } from 'vitest';
import { CASE_OUTCOMES } from '../../../../shared/src/case-outcomes';
import type { Agent } from '../../../test/agent';
import { buildCaseNetwork, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import { isClient, isStaff, staffOrAssignee, staffOrClient } from './case-type';
import { CASE_TYPES } from './types';

/**
 * Every transition of every case type's table, taken through the API from every state it leaves:
 * the case is brought to that state along the type's ordinary path, the action is taken by someone
 * the table allows, and the case lands where the table says. Driven by the tables themselves, so a
 * transition added to a type is tested the day it is added.
 */
const ctx = await setupTestApp();
const { net, ws1, expert } = await buildCaseNetwork(ctx);
const reviewer = await signedIn(ctx, 'workstation_staff', ws1);
const ent = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440305'), name: '流转测试企业' });
const client = await signedIn(ctx, 'enterprise_user', ent.body.data.id);

const forms: Record<string, Record<string, unknown>> = {
  consultation: { subject: '流转测试', question: '竞争对手的产品是否落入我司专利保护范围？', ipType: 'patent_invention' },
  retrieval: { subject: '流转测试', purpose: 'novelty', technicalSolution: '一种锂电池隔膜的制备方法' },
};
const outcomeOf = (type: string) => Object.keys(CASE_OUTCOMES[type as keyof typeof CASE_OUTCOMES])[0];

type Who = 'staff' | 'expert' | 'reviewer' | 'client';
type Step = [who: Who, action: string, reaches: string];
/** Each type's ordinary road from submission to closing; the way to a state is the road up to it. */
const ROADS: Record<string, Step[]> = {
  consultation: [['staff', 'accept', 'accepted'], ['staff', 'assign', 'assigned'], ['expert', 'answer', 'answered'], ['staff', 'close', 'closed']],
  retrieval: [
    ['staff', 'accept', 'accepted'], ['staff', 'assign', 'assigned'], ['expert', 'start', 'searching'], ['expert', 'draft_report', 'report_drafted'],
    ['reviewer', 'approve_report', 'reviewed'], ['staff', 'deliver', 'delivered'], ['staff', 'close', 'closed'],
  ],
};
/** The steps after submission that bring a case of the type to the state (the one detour: needs_info). */
function pathTo(type: string, state: string): Step[] {
  if (state === 'submitted') return [];
  if (state === 'needs_info') return [['staff', 'request_info', 'needs_info']];
  const road = ROADS[type];
  return road.slice(0, road.findIndex((s) => s[2] === state) + 1);
}
const agents: Record<Who, Agent> = { staff: net.staff1, expert, reviewer, client };

/** What each action needs besides its name and version. */
function fieldsFor(type: string, action: string): Record<string, unknown> {
  const f: Record<string, unknown> = { reason: '流转测试的理由' };
  if (action === 'assign') f.assigneeId = expert.user.id;
  if (action === 'reassign') f.assigneeId = reviewer.user.id;
  if (action === 'answer') f.answer = '答复内容';
  if (action === 'close') f.outcome = outcomeOf(type);
  return f;
}

async function take(who: Agent, id: string, type: string, action: string) {
  const version = (await net.staff1.get(`/api/cases/${id}`)).body.data.version;
  return who.post(`/api/cases/${id}/transitions`, { action, version, ...fieldsFor(type, action) });
}

async function caseIn(type: string, state: string, by: Agent = client): Promise<string> {
  const created = await by.post('/api/cases', { type, workstationId: ws1, form: forms[type] });
  expect(created.status).toBe(201);
  const id = created.body.data.id as string;
  for (const [who, action] of pathTo(type, state)) {
    const res = await take(agents[who], id, type, action);
    expect(res.status, `${type}: ${action} on the way to ${state}`).toBe(200);
  }
  expect((await net.staff1.get(`/api/cases/${id}`)).body.data.status).toBe(state);
  return id;
}

/** Someone the transition's rule allows. */
function actorFor(allowed: unknown): Agent {
  if (allowed === isClient || allowed === staffOrClient) return client;
  if (allowed === isStaff || allowed === staffOrAssignee) return net.staff1;
  return reviewer; // the second person of a review (not the drafter)
}

for (const [type, def] of Object.entries(CASE_TYPES)) {
  describe(`${type}: every transition of the table`, () => {
    const steps = def.workflow.transitions.flatMap((t) => t.from.map((from) => ({ t, from })));
    it.each(steps.map(({ t, from }) => [`${t.action} from ${from} to ${t.to}`, t, from] as const))('%s', async (_name, t, from) => {
      const id = await caseIn(type, from);
      const res = await take(actorFor(t.allowed), id, type, t.action);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data.status).toBe(t.to);
    });

    it('refuses an action its state does not have', async () => {
      const id = await caseIn(type, 'submitted');
      const res = await take(net.staff1, id, type, 'close');
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('INVALID_TRANSITION');
    });
  });
}

describe('guards of the case types, through the API', () => {
  it('an answer without text and a close without the type\'s outcome are 400 naming the field; the case does not move or count', async () => {
    const id = await caseIn('consultation', 'assigned');
    const before = (await net.staff1.get(`/api/cases/${id}`)).body.data;
    for (const answer of [undefined, '   ']) {
      const res = await expert.post(`/api/cases/${id}/transitions`, { action: 'answer', version: before.version, ...(answer === undefined ? {} : { answer }) });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION', details: [{ path: 'answer' }] });
    }
    const after = (await net.staff1.get(`/api/cases/${id}`)).body.data;
    expect(after).toMatchObject({ status: 'assigned', version: before.version, countedAt: null });
    expect(after.messages.filter((m: { kind: string }) => m.kind === 'answer')).toEqual([]);

    const answered = await caseIn('retrieval', 'delivered');
    const v = (await net.staff1.get(`/api/cases/${answered}`)).body.data.version;
    const en = await net.staff1.request('POST', `/api/cases/${answered}/transitions`, { action: 'close', version: v, outcome: 'referred_mediation' }, { 'accept-language': 'en-US' });
    expect(en.status).toBe(400);
    expect(en.body.error.details[0].path).toBe('outcome');
    expect(en.body.error.message).toContain('report_delivered');
    expect((await net.staff1.get(`/api/cases/${answered}`)).body.data).toMatchObject({ status: 'delivered', version: v, outcome: null });
  });
});

describe('what the client is told, in each type\'s words', () => {
  it('at acceptance, and when the type\'s service is delivered (answered, or the report delivered); nothing for the steps in between', async () => {
    const own = await net.staff1.post('/api/enterprises', { uscc: validUscc('91440305'), name: '通知测试企业' });
    const asker = await signedIn(ctx, 'enterprise_user', own.body.data.id);
    const consulted = await caseIn('consultation', 'answered', asker);
    const searched = await caseIn('retrieval', 'delivered', asker);
    const caseNo = async (id: string) => (await net.staff1.get(`/api/cases/${id}`)).body.data.caseNo as string;
    const [c, r] = [await caseNo(consulted), await caseNo(searched)];
    const titles = ((await asker.get('/api/notifications?pageSize=100')).body.items as { title: string }[]).map((n) => n.title).sort();
    expect(titles).toEqual([`您的申请已受理：${c}`, `您的申请已受理：${r}`, `您的咨询已答复：${c}`, `检索报告已交付：${r}`].sort());
  });
});
