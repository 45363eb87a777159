import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cases } from '../../db/schema';
import { shanghaiDate } from '../../calendar/working-days';
import { Agent } from '../../../test/agent';
import { buildCaseNetwork, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import { notifyBreaches } from './cases.service';

const ctx = await setupTestApp();
const { net, ws1, agency, expert } = await buildCaseNetwork(ctx);
const expert2 = await signedIn(ctx, 'expert', agency.id);

async function memberWithUser(name: string) {
  const uscc = validUscc('91440305');
  const ent = await net.staff1.post('/api/enterprises', { uscc, name });
  const user = await signedIn(ctx, 'enterprise_user', ent.body.data.id);
  return { id: ent.body.data.id as string, uscc, user };
}
const form = { subject: '专利侵权咨询', question: '竞争对手的产品是否落入我司专利保护范围？', ipType: 'patent_invention', rightNumbers: ['ZL201580074208.0'] };

describe('submitting twice', () => {
  it('the same Idempotency-Key sent several times at once makes one case, and every answer names it', async () => {
    const ent = await memberWithUser('并发提交企业');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, form }, { 'idempotency-key': 'double-click-0001' })),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.data.id)).size).toBe(1);
    const stored = await ctx.db.select({ id: cases.id }).from(cases).where(eq(cases.idempotencyKey, 'double-click-0001'));
    expect(stored).toHaveLength(1);
  });
});

describe('consultation: the complete path', () => {
  it('enterprise submits, staff accepts and assigns the expert, the expert answers, the enterprise reads and rates; the ledger counts it once', async () => {
    const ent = await memberWithUser('咨询企业甲');
    const created = await ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, form }, { 'idempotency-key': 'submit-0001' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ status: 'submitted', dueState: 'due', channel: 'online' });
    expect(created.body.data.caseNo).toMatch(/^ZX-2025-\d{6}$/);
    expect(created.body.data.dueAt).toBe('2025-11-19T15:59:59.999Z'); // 2 working days
    expect(created.body.abilities.actions).toEqual(['withdraw']);
    const again = await ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, form }, { 'idempotency-key': 'submit-0001' });
    expect(again.body.data.id).toBe(created.body.data.id);
    const id = created.body.data.id;

    const seen = await net.staff1.get(`/api/cases/${id}`);
    expect(seen.body.abilities.actions).toEqual(['accept', 'reject', 'request_info']);
    // What each step asks for comes from the type's table: the page builds its dialogs from it.
    expect(seen.body.abilities.inputs).toEqual({ accept: [], reject: ['reason'], request_info: ['reason'] });
    let v = seen.body.data.version;
    const accepted = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'accept', version: v });
    expect(accepted.body.data.status).toBe('accepted');
    expect(accepted.body.data.dueAt).toBe('2025-11-24T15:59:59.999Z'); // 5 working days
    v = accepted.body.data.version;
    expect(accepted.body.abilities.inputs.assign).toEqual(['assignee']);
    const assigned = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'assign', version: v, assigneeId: expert.user.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body.abilities.inputs.reassign).toEqual(['assignee', 'reason']);
    v = assigned.body.data.version;

    // the expert sees only this case; another expert sees nothing
    expect((await expert.get('/api/cases')).body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await expert2.get(`/api/cases/${id}`)).status).toBe(404);
    await expert.post(`/api/cases/${id}/messages`, { kind: 'note', body: '内部意见：需核对权利要求 1' });
    expect((await expert.get(`/api/cases/${id}`)).body.abilities.inputs.answer).toEqual(['answer']);
    const answered = await expert.post(`/api/cases/${id}/transitions`, { action: 'answer', version: v, answer: '经比对，对方产品落入权利要求 1 的保护范围，建议先发警告函。' });
    expect(answered.body.data.status).toBe('answered');
    expect(answered.body.data.dueAt).toBeNull();

    const mine = await ent.user.get(`/api/cases/${id}`);
    expect(mine.body.data.messages.map((m: { kind: string }) => m.kind)).toEqual(['answer']); // the note stays internal
    expect(mine.body.abilities.rate).toBe(true);
    const record = await ent.user.get(`/api/cases/${id}/notices/record`);
    expect(record.status).toBe(200);
    expect(record.headers.get('content-type')).toBe('application/pdf');
    expect(record.text.startsWith('%PDF-')).toBe(true);
    expect((await ent.user.get(`/api/cases/${id}/notices/refusal`)).status).toBe(409);
    const rated = await ent.user.post(`/api/cases/${id}/rating`, { score: 5, comment: '答复及时' });
    expect(rated.body.data.rating).toBe(5);

    // re-opening and answering again does not count again
    v = (await net.staff1.get(`/api/cases/${id}`)).body.data.version;
    const reopened = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'reopen', version: v, reason: '企业追问' });
    await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'answer', version: reopened.body.data.version, answer: '补充答复' });
    const ledger = await net.staff1.get('/api/ledger?type=consultation');
    const rows = ledger.body.items.filter((r: { caseId: string }) => r.caseId === id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ enterpriseName: '咨询企业甲', serviceType: 'consultation', satisfaction: 5, ipType: 'patent_invention', outcome: null });

    // Closing records how the case ended, one of the type's outcome codes; the ledger row takes it.
    v = (await net.staff1.get(`/api/cases/${id}`)).body.data.version;
    const noOutcome = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'close', version: v });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.body.error.details[0].path).toBe('outcome');
    expect(noOutcome.body.error.message).toContain('referred_mediation');
    const wrongType = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'close', version: v, outcome: 'report_delivered' });
    expect(wrongType.status).toBe(400);
    const closed = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'close', version: v, outcome: 'referred_mediation' });
    expect(closed.status).toBe(200);
    expect(closed.body.data).toMatchObject({ status: 'closed', outcome: 'referred_mediation' });
    const afterClose = (await net.staff1.get('/api/ledger?type=consultation')).body.items.filter((r: { caseId: string }) => r.caseId === id);
    expect(afterClose).toHaveLength(1);
    expect(afterClose[0].outcome).toBe('referred_mediation');
    // The row names its case and who handled it (the expert who answered and the clerk).
    expect(afterClose[0].caseNo).toBe(created.body.data.caseNo);
    expect(afterClose[0].handlers.length).toBeGreaterThanOrEqual(1);

    const xlsx = await ctx.app.request('/api/ledger/export?type=consultation', { headers: { cookie: net.staff1.cookie! } });
    expect(xlsx.status).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('服务台账')!;
    const headers = sheet.getRow(1).values as unknown[];
    const column = (header: string) => sheet.getColumn(headers.indexOf(header)).values.slice(2);
    expect(column('服务对象')).toContain('咨询企业甲');
    expect(column('案件编号')).toContain(created.body.data.caseNo);
    expect(String(column('承办人')[column('案件编号').indexOf(created.body.data.caseNo)])).not.toBe('');
    const outcomeColumn = (sheet.getRow(1).values as unknown[]).indexOf('办理结果');
    expect(sheet.getColumn(outcomeColumn).values).toContain('转纠纷调处');
    expect((await ent.user.get('/api/ledger')).status).toBe(403);
  });

  it('counts a case with two client enterprises twice', async () => {
    const a = await memberWithUser('双方客户甲');
    const b = await memberWithUser('双方客户乙');
    const quick = await net.staff1.post('/api/cases/quick-consultation', { workstationId: ws1, enterpriseId: a.id, channel: 'phone', form, answer: '电话答复' });
    expect(quick.status).toBe(201);
    expect(quick.body.data.status).toBe('answered');
    const before = (await net.staff1.get('/api/ledger')).body.enterpriseTimes;
    const c = await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: a.id, form });
    const id = c.body.data.id;
    await net.staff1.post(`/api/cases/${id}/parties`, { enterpriseId: b.id, side: 'client' });
    const acc = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'accept', version: 1 });
    await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'answer', version: acc.body.data.version, answer: '书面答复' });
    expect((await net.staff1.get('/api/ledger')).body.enterpriseTimes).toBe(before + 2);
  });

  it('refuses illegal, stale and forbidden steps', async () => {
    const ent = await memberWithUser('规则企业');
    const c = await ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, form });
    const id = c.body.data.id;
    const illegal = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'answer', version: 1, answer: 'x' });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.code).toBe('INVALID_TRANSITION');
    const forbidden = await ent.user.post(`/api/cases/${id}/transitions`, { action: 'accept', version: 1 });
    expect(forbidden.status).toBe(403);
    await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'accept', version: 1 });
    const stale = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'assign', version: 1, assigneeId: expert.user.id });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const withdrawn = await ent.user.post(`/api/cases/${id}/transitions`, { action: 'withdraw', version: 2 });
    expect(withdrawn.body.data.status).toBe('withdrawn');
    const reject = await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: ent.id, form });
    const noReason = await net.staff1.post(`/api/cases/${reject.body.data.id}/transitions`, { action: 'reject', version: 1 });
    expect(noReason.status).toBe(400);
  });

  it('pauses the clock while information is requested', async () => {
    const ent = await memberWithUser('补正企业');
    const c = await ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, form });
    const id = c.body.data.id;
    const asked = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'request_info', version: 1, reason: '请提供专利证书' });
    expect(asked.body.data.dueAt).toBeNull();
    expect((await ent.user.get(`/api/cases/${id}`)).body.abilities.actions).toEqual(['provide_info', 'withdraw']);
    const back = await ent.user.post(`/api/cases/${id}/transitions`, { action: 'provide_info', version: asked.body.data.version });
    expect(back.body.data.status).toBe('submitted');
    expect(back.body.data.dueAt).toBe('2025-11-19T15:59:59.999Z'); // paused the same day: 2 working days still left
  });
});

describe('retrieval: second-person review and the date asked', () => {
  it('runs accept → assign → start → draft → return → draft → approve (another person) → deliver', async () => {
    const ent = await memberWithUser('检索企业');
    const bad = await ent.user.post('/api/cases', { type: 'retrieval', workstationId: ws1, form: { subject: '无效检索', purpose: 'invalidation', technicalSolution: '一种隔膜' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('form.targetPatentNumber');
    const c = await ent.user.post('/api/cases', { type: 'retrieval', workstationId: ws1, form: { subject: '查新检索', purpose: 'novelty', technicalSolution: '一种锂电池隔膜的制备方法', dateWanted: '2025-12-20' } });
    expect(c.body.data.caseNo).toMatch(/^JS-2025-/);
    const id = c.body.data.id;
    const step = async (agent: Agent, action: string, extra: Record<string, unknown> = {}) => {
      const v = (await net.staff1.get(`/api/cases/${id}`)).body.data.version;
      return agent.post(`/api/cases/${id}/transitions`, { action, version: v, ...extra });
    };
    const acc = await step(net.staff1, 'accept');
    expect(acc.body.data.dueAt).toBe('2025-12-20T15:59:59.999Z');
    await step(net.staff1, 'assign', { assigneeId: expert.user.id });
    await step(expert, 'start');
    await step(expert, 'draft_report');
    expect((await step(net.staff1, 'return_report', { reason: '补充对比文件' })).body.data.status).toBe('searching');
    await step(net.staff1, 'draft_report');
    // the drafter may not approve their own report
    expect((await step(net.staff1, 'approve_report')).status).toBe(403);
    const staffB = await signedIn(ctx, 'workstation_staff', ws1);
    expect((await step(staffB, 'approve_report')).body.data.status).toBe('reviewed');
    const delivered = await step(staffB, 'deliver');
    expect(delivered.body.data.status).toBe('delivered');
    expect(delivered.body.data.countedAt).not.toBeNull();
  });
});

describe('reassigning the open cases of a user who leaves', () => {
  it('moves each open case to the new handler through the workflow', async () => {
    const ent = await memberWithUser('交接企业');
    const c = await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: ent.id, form });
    const id = c.body.data.id;
    await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'accept', version: 1 });
    await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'assign', version: 2, assigneeId: expert2.user.id });
    expect((await net.staff1.post('/api/cases/reassign', { fromUserId: expert2.user.id, toUserId: expert.user.id, reason: '离职交接' })).status).toBe(403);
    const r = await net.wsAdmin1.post('/api/cases/reassign', { fromUserId: expert2.user.id, toUserId: expert.user.id, reason: '离职交接' });
    expect(r.body.moved).toContain(id);
    const after = await net.staff1.get(`/api/cases/${id}`);
    expect(after.body.data.assignments.filter((a: { active: boolean }) => a.active).map((a: { userId: string }) => a.userId)).toEqual([expert.user.id]);
  });
});

describe('conflict of interest and scope', () => {
  it('answers only "conflict", never the other case, and audits an override', async () => {
    const client = await memberWithUser('冲突客户');
    const rival = validUscc('91440306');
    await expert2.request('PUT', `/api/professionals/user/${expert2.user.id}`, { conflictUsccs: [rival] });
    const c = await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: client.id, form, adverse: [{ uscc: rival, name: '对方公司' }] });
    const id = c.body.data.id;
    await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'accept', version: 1 });
    const refused = await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'assign', version: 2, assigneeId: expert2.user.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('COI_CONFLICT');
    expect(JSON.stringify(refused.body)).not.toContain(rival);
    // the expert who advises the rival elsewhere is also in conflict; a clean one is not
    expect((await net.staff1.post(`/api/cases/${id}/transitions`, { action: 'assign', version: 2, assigneeId: expert.user.id })).status).toBe(200);
    const c2 = await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, enterpriseId: client.id, form, adverse: [{ uscc: rival, name: '对方公司' }] });
    await net.staff1.post(`/api/cases/${c2.body.data.id}/transitions`, { action: 'accept', version: 1 });
    const over = await net.staff1.post(`/api/cases/${c2.body.data.id}/transitions`, { action: 'assign', version: 2, assigneeId: expert2.user.id, overrideReason: '当事人书面同意' });
    expect(over.status).toBe(200);
    const audit = await net.wsAdmin1.get(`/api/audit?type=case.coi_override&recordId=${c2.body.data.id}`);
    expect(audit.body.items).toHaveLength(1);
  });

  it('finds a conflict through the assignee’s cases in another workstation, both ways, and none for an unrelated party', async () => {
    const advisor = await signedIn(ctx, 'expert', agency.id);
    // Elsewhere (workstation 2) the advisor serves X against W.
    const x = (await net.staff2.post('/api/enterprises', { uscc: validUscc('91440307'), name: '他站客户甲' })).body.data;
    const w = await memberWithUser('他站对方乙');
    const elsewhere = await net.staff2.post('/api/cases', { type: 'consultation', workstationId: net.ws2.workstation.id, enterpriseId: x.id, form, adverse: [{ uscc: w.uscc, name: '他站对方乙' }] });
    await net.staff2.post(`/api/cases/${elsewhere.body.data.id}/transitions`, { action: 'accept', version: 1 });
    expect((await net.staff2.post(`/api/cases/${elsewhere.body.data.id}/transitions`, { action: 'assign', version: 2, assigneeId: advisor.user.id })).status).toBe(200);
    const assignHere = async (body: Record<string, unknown>) => {
      const c = await net.staff1.post('/api/cases', { type: 'consultation', workstationId: ws1, form, ...body });
      await net.staff1.post(`/api/cases/${c.body.data.id}/transitions`, { action: 'accept', version: 1 });
      return net.staff1.post(`/api/cases/${c.body.data.id}/transitions`, { action: 'assign', version: 2, assigneeId: advisor.user.id });
    };
    const other = await memberWithUser('本站客户丙');
    // X, the advisor's client elsewhere, is the adverse party here.
    const adverseHere = await assignHere({ enterpriseId: other.id, adverse: [{ uscc: x.uscc, name: '他站客户甲' }] });
    expect(adverseHere.status).toBe(409);
    expect(adverseHere.body.error.code).toBe('COI_CONFLICT');
    expect(JSON.stringify(adverseHere.body)).not.toContain(elsewhere.body.data.id);
    // W, adverse in the advisor's case elsewhere, is the client here.
    const clientHere = await assignHere({ enterpriseId: w.id });
    expect(clientHere.status).toBe(409);
    expect(clientHere.body.error.code).toBe('COI_CONFLICT');
    // A case between unrelated parties: no conflict.
    expect((await assignHere({ enterpriseId: other.id, adverse: [{ uscc: validUscc('91440308'), name: '无关公司' }] })).status).toBe(200);
  });

  it('hides cases from another workstation, another enterprise and anonymous callers', async () => {
    const ent = await memberWithUser('隐私企业');
    const other = await memberWithUser('别家企业');
    const c = await ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, form });
    const id = c.body.data.id;
    expect((await net.staff2.get(`/api/cases/${id}`)).status).toBe(404);
    expect((await other.user.get(`/api/cases/${id}`)).status).toBe(404);
    expect((await net.admin.get(`/api/cases/${id}`)).status).toBe(404);
    expect((await new Agent(ctx).get(`/api/cases/${id}`)).status).toBe(401);
    expect((await other.user.post('/api/cases', { type: 'consultation', workstationId: net.ws2.workstation.id, form })).status).toBe(400);
  });

  it('filters the list by due state as the list shows it: due, due soon, overdue', async () => {
    const ent = await memberWithUser('期限筛选企业');
    const c = await ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, form: { ...form, subject: '期限筛选' } });
    const id = c.body.data.id as string;
    const dueAt = Date.parse(c.body.data.dueAt as string);
    const inList = async (state: string) => {
      const res = await net.staff1.get(`/api/cases?dueState=${state}&pageSize=100`);
      expect(res.status).toBe(200);
      const hit = res.body.items.find((x: { id: string }) => x.id === id);
      if (hit) expect(hit.dueState).toBe(state);
      return Boolean(hit);
    };
    ctx.clock.set(new Date(dueAt - 2 * 86_400_000));
    await net.staff1.login(net.staff1.username, net.staff1.password);
    expect([await inList('due'), await inList('due_soon'), await inList('overdue')]).toEqual([true, false, false]);
    ctx.clock.set(new Date(dueAt - 3_600_000));
    await net.staff1.login(net.staff1.username, net.staff1.password);
    expect([await inList('due'), await inList('due_soon'), await inList('overdue')]).toEqual([false, true, false]);
    ctx.clock.set(new Date(dueAt + 60_000));
    await net.staff1.login(net.staff1.username, net.staff1.password);
    expect([await inList('due'), await inList('due_soon'), await inList('overdue')]).toEqual([false, false, true]);
    const bad = await net.staff1.get('/api/cases?dueState=soonish');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
  });

  it('shows an overdue case as overdue and tells the workstation admin once', async () => {
    const ent = await memberWithUser('超期企业');
    const c = await ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, form: { ...form, subject: '超期测试' } });
    ctx.clock.advance(5 * 86_400_000);
    // five days on, the sessions have expired: sign in again
    await net.staff1.login(net.staff1.username, net.staff1.password);
    await net.wsAdmin1.login(net.wsAdmin1.username, net.wsAdmin1.password);
    const list = await net.staff1.get('/api/cases?overdue=true&pageSize=100');
    expect(list.body.items.find((x: { id: string }) => x.id === c.body.data.id)?.dueState).toBe('overdue');
    expect(await notifyBreaches(ctx.deps)).toBeGreaterThan(0);
    expect(await notifyBreaches(ctx.deps)).toBe(0);
    const notes = await net.wsAdmin1.get('/api/notifications?pageSize=100');
    expect(notes.body.items.some((n: { title: string }) => n.title.includes(c.body.data.caseNo))).toBe(true);
  });
});

describe('clocks follow the calendar and the reopening', () => {
  it('a day made a holiday moves the due dates of running clocks; undoing it moves them back', async () => {
    ctx.clock.set('2026-03-02T02:00:00Z'); // a Monday
    await net.staff1.login(net.staff1.username, net.staff1.password);
    await net.admin.login(net.admin.username, net.admin.password);
    const ent = await memberWithUser('日历调整企业');
    const c = await ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, form: { ...form, subject: '日历调整' } });
    const id = c.body.data.id as string;
    const dueDay = async () => shanghaiDate(new Date((await net.staff1.get(`/api/cases/${id}`)).body.data.dueAt as string));
    expect(await dueDay()).toBe('2026-03-04'); // accept within 2 working days
    const version = c.body.data.version;

    expect((await net.admin.request('PUT', '/api/calendar/overrides/2026-03-03', { workday: false, note: '台风停工' })).status).toBe(200);
    await ctx.deps.jobs.drain();
    expect(await dueDay()).toBe('2026-03-05');
    // nobody's open page goes stale for it: the case keeps its version
    expect((await net.staff1.get(`/api/cases/${id}`)).body.data.version).toBe(version);

    expect((await net.admin.del('/api/calendar/overrides/2026-03-03')).status).toBe(200);
    await ctx.deps.jobs.drain();
    expect(await dueDay()).toBe('2026-03-04');
  });

  it('a reopened case runs a fresh answer clock', async () => {
    ctx.clock.set('2026-03-09T02:00:00Z'); // a Monday
    await net.staff1.login(net.staff1.username, net.staff1.password);
    const ent = await memberWithUser('追问企业');
    const quick = await net.staff1.post('/api/cases/quick-consultation', { workstationId: ws1, enterpriseId: ent.id, channel: 'phone', form, answer: '电话答复' });
    expect(quick.status).toBe(201);
    expect(quick.body.data.dueAt).toBeNull();
    const reopened = await net.staff1.post(`/api/cases/${quick.body.data.id}/transitions`, { action: 'reopen', version: quick.body.data.version, reason: '企业追问' });
    expect(reopened.status).toBe(200);
    expect(shanghaiDate(new Date(reopened.body.data.dueAt))).toBe('2026-03-16'); // 5 working days after the reopening
  });
});

describe('GET /api/cases/export', () => {
  async function column(agent: Agent, query: string, header: string) {
    const res = await ctx.app.request(`/api/cases/export${query}`, { headers: { cookie: agent.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('案件列表')!;
    const headers = sheet.getRow(1).values as unknown[];
    return sheet.getColumn(headers.indexOf(header)).values.slice(2).map((v) => (v == null ? null : String(v)));
  }

  it('needs sign-in and valid filters', async () => {
    expect((await new Agent(ctx).get('/api/cases/export')).status).toBe(401);
    const bad = await net.staff1.get('/api/cases/export?type=gossip');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
  });

  it('writes the cases the caller may see with the list filters, formula text neutralised', async () => {
    // Earlier tests move the clock on past the shared agents' sessions: sign in afresh.
    const staff1 = await signedIn(ctx, 'workstation_staff', ws1);
    const staff2 = await signedIn(ctx, 'workstation_staff', net.ws2.workstation.id);
    const uscc = validUscc('91440305');
    const entId = (await staff1.post('/api/enterprises', { uscc, name: '导出案件企业' })).body.data.id as string;
    const ent = { user: await signedIn(ctx, 'enterprise_user', entId) };
    const subject = '=HYPERLINK("http://example.com")导出咨询';
    const created = await ent.user.post('/api/cases', { type: 'consultation', workstationId: ws1, form: { ...form, subject } }, { 'idempotency-key': 'export-0001' });
    expect(created.status).toBe(201);
    const caseNo = created.body.data.caseNo as string;

    const titles = await column(staff1, '?type=consultation&status=submitted', '标题');
    const numbers = await column(staff1, '?type=consultation&status=submitted', '案件编号');
    const row = numbers.indexOf(caseNo);
    expect(row).toBeGreaterThanOrEqual(0);
    expect(titles[row]!.startsWith("'=")).toBe(true);
    expect(titles).not.toContain(created.body.data.title);
    expect((await column(staff1, '?type=consultation&status=submitted', '状态'))[row]).toBe('待受理');
    // A filter the case does not match leaves it out.
    expect(await column(staff1, '?type=retrieval', '案件编号')).not.toContain(caseNo);
    // Another workstation's staff never see it.
    expect(await column(staff2, '', '案件编号')).not.toContain(caseNo);
  });
});
