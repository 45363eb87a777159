import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { auditEventsOf, buildNetwork, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

const ctx = await setupTestApp();
ctx.clock.set('2025-11-17T02:00:00Z');
const net = await buildNetwork(ctx);
const ws1 = net.ws1.workstation.id;
const ws2 = net.ws2.workstation.id;
const form = { subject: '专利侵权咨询', question: '对方产品是否落入我司专利保护范围？', ipType: 'patent_invention', rightNumbers: [] };

async function enterprise(staff: Agent, name: string) {
  const ent = await staff.post('/api/enterprises', { uscc: validUscc('91440305'), name });
  return { id: ent.body.data.id as string, user: await signedIn(ctx, 'enterprise_user', ent.body.data.id) };
}
const entA = await enterprise(net.staff1, '关联企业甲');
const entB = await enterprise(net.staff1, '关联企业乙');
const entOther = await enterprise(net.staff2, '乙站企业');

async function newCase(staff: Agent, workstationId: string, enterpriseId: string, subject = form.subject) {
  const res = await staff.post('/api/cases', { type: 'consultation', workstationId, enterpriseId, form: { ...form, subject } });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; caseNo: string; title: string };
}
type Link = { id: string; kind: string; case: { id: string; caseNo: string; title: string } };
const linksOf = async (agent: Agent, id: string) => (await agent.get(`/api/cases/${id}`)).body.data.links as Link[];

describe('linking cases', () => {
  it('needs a signed-in caller', async () => {
    const c = await newCase(net.staff1, ws1, entA.id);
    const anonymous = new Agent(ctx);
    expect((await anonymous.post(`/api/cases/${c.id}/links`, { caseId: c.id, kind: 'related' })).status).toBe(401);
    expect((await anonymous.del(`/api/cases/${c.id}/links/${c.id}`)).status).toBe(401);
  });

  it('rejects bad input with the field named', async () => {
    const c = await newCase(net.staff1, ws1, entA.id);
    const bad = await net.staff1.post(`/api/cases/${c.id}/links`, { caseId: 'not-a-uuid', kind: 'sibling' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['caseId', 'kind']);
  });

  it('parent and child read both ways, related is symmetric; both timelines and the audit log record it; unlinking removes it on both sides', async () => {
    const parent = await newCase(net.staff1, ws1, entA.id, '上级案件');
    const child = await newCase(net.staff1, ws1, entA.id, '后续案件');
    const related = await net.wsAdmin1.post('/api/cases', { type: 'retrieval', workstationId: ws1, enterpriseId: entB.id, form: { subject: '相关检索', purpose: 'novelty', technicalSolution: '一种隔膜' } });

    const linked = await net.staff1.post(`/api/cases/${child.id}/links`, { caseId: parent.id, kind: 'parent' });
    expect(linked.status).toBe(201);
    expect(linked.body.abilities.link).toBe(true);
    expect(linked.body.data.links).toEqual([{ id: expect.any(String), kind: 'parent', case: { id: parent.id, caseNo: parent.caseNo, title: '上级案件', type: 'consultation', status: 'submitted' } }]);
    expect((await linksOf(net.wsAdmin1, parent.id)).map((l) => [l.kind, l.case.id])).toEqual([['child', child.id]]);
    const rel = await net.staff1.post(`/api/cases/${parent.id}/links`, { caseId: related.body.data.id, kind: 'related' });
    expect(rel.status).toBe(201);
    expect((await linksOf(net.staff1, related.body.data.id)).map((l) => [l.kind, l.case.id])).toEqual([['related', parent.id]]);

    const timeline = (await net.staff1.get(`/api/cases/${parent.id}`)).body.data.timeline.map((e: { action: string }) => e.action);
    expect(timeline).toEqual(['create', 'link', 'link']);
    expect((await net.staff1.get(`/api/cases/${child.id}`)).body.data.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'link']);
    const audit = await auditEventsOf(ctx, { recordId: child.id, type: 'case.linked' });
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toMatchObject({ kind: 'parent', linkedCaseId: parent.id });

    const linkId = linked.body.data.links[0].id;
    const unlinked = await net.staff1.del(`/api/cases/${parent.id}/links/${linkId}`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.data.links.map((l: Link) => l.kind)).toEqual(['related']);
    expect(await linksOf(net.staff1, child.id)).toEqual([]);
    expect((await net.staff1.get(`/api/cases/${child.id}`)).body.data.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'link', 'unlink']);
    expect(await auditEventsOf(ctx, { recordId: parent.id, type: 'case.unlinked' })).toHaveLength(1);
    expect((await net.staff1.del(`/api/cases/${parent.id}/links/${linkId}`)).status).toBe(404);
  });

  it('refuses a case linked to itself, a duplicate link, a second parent and a cycle of parents', async () => {
    const a = await newCase(net.staff1, ws1, entA.id, '甲');
    const b = await newCase(net.staff1, ws1, entA.id, '乙');
    const c = await newCase(net.staff1, ws1, entA.id, '丙');
    const d = await newCase(net.staff1, ws1, entA.id, '丁');

    const self = await net.staff1.post(`/api/cases/${a.id}/links`, { caseId: a.id, kind: 'related' });
    expect(self.status).toBe(400);
    expect(self.body.error.message).toBe('案件不能与自身关联');
    expect(self.body.error.details[0].path).toBe('caseId');

    expect((await net.staff1.post(`/api/cases/${a.id}/links`, { caseId: b.id, kind: 'child' })).status).toBe(201); // a > b
    expect((await net.staff1.post(`/api/cases/${b.id}/links`, { caseId: c.id, kind: 'child' })).status).toBe(201); // b > c

    const duplicate = await net.staff1.post(`/api/cases/${b.id}/links`, { caseId: a.id, kind: 'related' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toBe('这两个案件已经关联');
    const en = await net.staff1.request('POST', `/api/cases/${a.id}/links`, { caseId: b.id, kind: 'child' }, { 'accept-language': 'en-US' });
    expect(en.body.error.message).toBe('These two cases are already linked');

    const secondParent = await net.staff1.post(`/api/cases/${d.id}/links`, { caseId: c.id, kind: 'child' });
    expect(secondParent.status).toBe(409);
    expect(secondParent.body.error.message).toContain('只能有一个上级案件');
    const secondParentOtherWay = await net.staff1.post(`/api/cases/${c.id}/links`, { caseId: d.id, kind: 'parent' });
    expect(secondParentOtherWay.status).toBe(409);

    const cycle = await net.staff1.post(`/api/cases/${c.id}/links`, { caseId: a.id, kind: 'child' }); // c > a would close a > b > c > a
    expect(cycle.status).toBe(409);
    expect(cycle.body.error.message).toBe('不能这样关联：上下级案件会形成循环');
    const cycleOtherWay = await net.staff1.post(`/api/cases/${a.id}/links`, { caseId: c.id, kind: 'parent' });
    expect(cycleOtherWay.status).toBe(409);

    expect((await linksOf(net.staff1, a.id)).map((l) => l.case.id)).toEqual([b.id]);
    expect(await auditEventsOf(ctx, { recordId: d.id, type: 'case.linked' })).toHaveLength(0);
  });

  it('refuses a case outside the caller\'s workstation (404) and callers who are not the workstation\'s staff', async () => {
    const mine = await newCase(net.staff1, ws1, entA.id);
    const theirs = await newCase(net.staff2, ws2, entOther.id);
    const across = await net.staff1.post(`/api/cases/${mine.id}/links`, { caseId: theirs.id, kind: 'related' });
    expect(across.status).toBe(404);
    expect((await net.staff2.post(`/api/cases/${mine.id}/links`, { caseId: theirs.id, kind: 'related' })).status).toBe(404);
    expect((await net.staff1.post(`/api/cases/${mine.id}/links`, { caseId: '00000000-0000-4000-8000-000000000000', kind: 'related' })).status).toBe(404);
    // The client enterprise sees its case but may not link it.
    const other = await newCase(net.staff1, ws1, entA.id);
    expect((await entA.user.post(`/api/cases/${mine.id}/links`, { caseId: other.id, kind: 'related' })).status).toBe(403);
    expect((await net.admin.post(`/api/cases/${mine.id}/links`, { caseId: other.id, kind: 'related' })).status).toBe(404);
  });

  it('the enterprise and another workstation\'s staff never see links to cases they cannot open', async () => {
    const ofA = await newCase(net.staff1, ws1, entA.id, '甲企业的案件');
    const ofB = await newCase(net.staff1, ws1, entB.id, '乙企业的保密案件');
    const ofA2 = await newCase(net.staff1, ws1, entA.id, '甲企业的后续案件');
    expect((await net.staff1.post(`/api/cases/${ofA.id}/links`, { caseId: ofB.id, kind: 'related' })).status).toBe(201);
    expect((await net.staff1.post(`/api/cases/${ofA.id}/links`, { caseId: ofA2.id, kind: 'child' })).status).toBe(201);

    // Staff see both links.
    expect((await linksOf(net.staff1, ofA.id)).map((l) => l.case.id).sort()).toEqual([ofB.id, ofA2.id].sort());

    // Enterprise A sees its own follow-up case, nothing of B's case: no link, no number, no title, no timeline event.
    const seenByA = await entA.user.get(`/api/cases/${ofA.id}`);
    expect(seenByA.status).toBe(200);
    expect(seenByA.body.abilities.link).toBe(false);
    expect(seenByA.body.data.links.map((l: Link) => [l.kind, l.case.id])).toEqual([['child', ofA2.id]]);
    expect(seenByA.text).not.toContain(ofB.caseNo);
    expect(seenByA.text).not.toContain(ofB.id);
    expect(seenByA.text).not.toContain('乙企业的保密案件');
    expect(seenByA.body.data.timeline.filter((e: { action: string }) => e.action === 'link')).toHaveLength(1);

    // Enterprise B sees its case without the link to A's case.
    const seenByB = await entB.user.get(`/api/cases/${ofB.id}`);
    expect(seenByB.body.data.links).toEqual([]);
    expect(seenByB.text).not.toContain(ofA.caseNo);
    expect(seenByB.body.data.timeline.map((e: { action: string }) => e.action)).toEqual(['create']);

    // Another workstation's staff cannot open either case, nor remove a link.
    expect((await net.staff2.get(`/api/cases/${ofA.id}`)).status).toBe(404);
    const link = (await linksOf(net.staff1, ofA.id))[0];
    expect((await net.staff2.del(`/api/cases/${ofA.id}/links/${link.id}`)).status).toBe(404);
    expect((await entA.user.del(`/api/cases/${ofA.id}/links/${link.id}`)).status).toBe(403);
    // A link id of another case does not unlink through this one.
    const unrelated = await newCase(net.staff1, ws1, entA.id);
    expect((await net.staff1.del(`/api/cases/${unrelated.id}/links/${link.id}`)).status).toBe(404);
  });
});
