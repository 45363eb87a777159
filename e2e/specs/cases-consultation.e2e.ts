import ExcelJS from 'exceljs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import casesZh from '../../web/src/i18n/features/cases.zh-CN.json';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t as shellT } from '../support/i18n';
import { choose, heading, mainNav } from '../support/ui';

useBrowser();

/** The UI's wording: the cases feature's own strings first, then the shell's. */
function t(key: string, params: Record<string, string | number> = {}): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], casesZh);
  if (typeof value !== 'string') return shellT(key, params);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

type Api = Awaited<ReturnType<typeof apiAs>>;
interface CaseList {
  items: { id: string; caseNo: string; title: string; dueState: string; status: string }[];
  total: number;
}

/** Signs another user in on the same browser (the old session's cookie goes first). */
async function switchTo(context: BrowserContext, username: string): Promise<void> {
  await context.clearCookies();
  await signInByApi(context, username);
}

/** Takes an action from the case page: its button, then the confirmation or the action's dialog. */
async function act(page: Page, action: string): Promise<Locator> {
  await page.getByRole('group', { name: t('cases.actions') }).getByRole('button', { name: t(`cases.action.${action}`), exact: true }).click();
  return page.getByRole('dialog');
}

async function expectStatus(page: Page, status: string): Promise<void> {
  await page.locator('.case-header').getByText(t(`cases.status.${status}`), { exact: true }).waitFor();
}

describe('a consultation from request to rating', () => {
  let staffApi: Api;
  let enterpriseApi: Api;

  beforeAll(async () => {
    staffApi = await apiAs('staff');
    enterpriseApi = await apiAs('enterprise');
  });
  afterAll(async () => {
    await staffApi?.dispose();
    await enterpriseApi?.dispose();
  });

  journey('the enterprise asks, the staff accept and assign the expert, the expert answers, the enterprise rates, the ledger counts it once', async ({ context, page }) => {
    const subject = unique('专利侵权咨询-');
    const question = '竞争对手的产品是否落入我司专利的保护范围？';
    const answer = '经比对，对方产品落入权利要求 1 的保护范围，建议先发警告函。';
    const note = '内部意见：需核对权利要求 1 的解释。';
    const before = (await staffApi.get<{ enterpriseTimes: number }>('/api/ledger?type=consultation&pageSize=1')).enterpriseTimes;

    // The enterprise opens its portal and asks for a consultation.
    await signInByApi(context, 'enterprise');
    await page.goto('/');
    await mainNav(page).getByRole('link', { name: t('nav.portal') }).click();
    await heading(page, t('nav.portal'));
    await expectAccessible(page, 'the enterprise portal');
    await page.getByRole('button', { name: t('portal.newConsultation') }).click();
    await heading(page, t('portal.newConsultation'));
    await page.getByLabel(t('cases.field.subject')).fill(subject);
    await choose(page, t('cases.field.ipType'), t('cases.ipType.patent_invention'), '');
    await page.getByLabel(t('cases.field.question')).fill(question);
    // The enterprise belongs to one workstation: it is chosen already.
    await page.getByText('深圳市新能源行业协会知识产权保护工作站').first().waitFor();
    await expectAccessible(page, 'the consultation request form');
    // A double click sends the form twice; the Idempotency-Key makes it one case.
    await page.getByRole('button', { name: t('portal.submit') }).dblclick();
    await waitForHeading(page, subject);
    const caseId = page.url().split('/cases/')[1] ?? '';
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    const mine = await enterpriseApi.get<CaseList>(`/api/cases?q=${encodeURIComponent(subject)}`);
    expect(mine.total).toBe(1);
    await expectStatus(page, 'submitted');
    await expectAccessible(page, 'the enterprise’s case page');

    // The staff find it among the workstation's unassigned cases, with its due state.
    await switchTo(context, 'staff');
    await page.goto('/inbox');
    await heading(page, t('nav.inbox'));
    await page.getByRole('tab', { name: new RegExp(t('cases.inbox.unassigned')) }).click();
    const row = page.getByRole('row').filter({ hasText: subject });
    await row.getByText(t('cases.due.due'), { exact: true }).waitFor();
    await expectAccessible(page, 'the staff inbox');
    await row.getByRole('link').click();
    await heading(page, `${mine.items[0]?.caseNo} ${subject}`);
    await expectAccessible(page, 'the staff’s case page');

    // Accept.
    const accept = await act(page, 'accept');
    await accept.getByRole('button', { name: t('cases.action.accept') }).click();
    await expectStatus(page, 'accepted');
    await page.getByRole('link', { name: t('cases.notice.acceptance') }).waitFor();

    // Assign the expert: the picker lists experts, agencies' staff, mediators and the workstation's staff.
    const assign = await act(page, 'assign');
    await choose(assign, t('cases.assign.assignee'), '钱程', '钱程');
    await expectAccessible(page, 'the assign dialog', '.ant-modal-wrap');
    await assign.getByRole('button', { name: t('cases.action.assign') }).click();
    await expectStatus(page, 'assigned');
    await page.getByRole('cell', { name: '专利代理师 钱程' }).waitFor();
    // Only the actions the staff may take now: the expert answers, the staff may reassign.
    const buttons = await page.getByRole('group', { name: t('cases.actions') }).getByRole('button').allInnerTexts();
    expect(buttons).toEqual([t('cases.action.reassign'), t('cases.action.answer')]);

    // The expert sees it as theirs, writes an internal note and answers.
    await switchTo(context, 'expert');
    await page.goto('/inbox');
    await heading(page, t('nav.inbox'));
    const expertRow = page.getByRole('row').filter({ hasText: subject });
    await expertRow.waitFor();
    await expectAccessible(page, 'the expert’s inbox');
    await expertRow.getByRole('link').click();
    await heading(page, `${mine.items[0]?.caseNo} ${subject}`);
    await page.getByLabel(t('cases.message.newNote')).fill(note);
    await page.getByRole('button', { name: t('cases.message.saveNote') }).click();
    await page.getByRole('list', { name: t('cases.notes') }).getByText(note).waitFor();
    const answering = await act(page, 'answer');
    await answering.getByLabel(t('cases.field.answer')).fill(answer);
    await expectAccessible(page, 'the answer dialog', '.ant-modal-wrap');
    await answering.getByRole('button', { name: t('cases.action.answer') }).click();
    await expectStatus(page, 'answered');

    // The enterprise reads the answer (not the internal note) and rates the service.
    await switchTo(context, 'enterprise');
    await page.goto('/portal');
    await heading(page, t('nav.portal'));
    await page.getByRole('row').filter({ hasText: subject }).getByText(t('cases.status.answered'), { exact: true }).waitFor();
    await page.getByRole('row').filter({ hasText: subject }).getByRole('link').click();
    await expectStatus(page, 'answered');
    await page.getByRole('figure', { name: t('cases.answer') }).getByText(answer).waitFor();
    expect(await page.getByText(note).count()).toBe(0);
    expect(await page.getByRole('heading', { name: t('cases.notes') }).count()).toBe(0);
    await page.getByRole('link', { name: t('cases.notice.record') }).waitFor();
    await expectAccessible(page, 'the answered case for the enterprise');
    const rating = page.locator('form[id="caseRating"]');
    await rating.getByText(t('cases.rating.score_other', { count: 5 }), { exact: true }).click();
    expect(await rating.getByRole('radio', { name: t('cases.rating.score_other', { count: 5 }) }).isChecked()).toBe(true);
    await rating.getByLabel(t('cases.rating.comment')).fill('答复及时、专业');
    await rating.getByRole('button', { name: t('cases.rating.submit') }).click();
    await page.getByText(t('cases.rating.given', { score: 5 })).first().waitFor();
    await page.getByText('答复及时、专业').waitFor();

    // The staff close it, saying how it ended; the ledger row carries that outcome.
    await switchTo(context, 'staff');
    await page.goto(`/cases/${caseId}`);
    await expectStatus(page, 'answered');
    const closing = await act(page, 'close');
    await closing.getByRole('button', { name: t('cases.action.close') }).click();
    await closing.getByText(t('cases.validation.outcomeRequired')).waitFor();
    await choose(closing, t('cases.field.outcome'), t('cases.outcome.referred_mediation'), '');
    await expectAccessible(page, 'the close dialog', '.ant-modal-wrap');
    await closing.getByRole('button', { name: t('cases.action.close') }).click();
    await expectStatus(page, 'closed');
    await page.getByText(t('cases.outcome.referred_mediation')).first().waitFor();

    // The ledger shows one more enterprise-time, with the rating and the outcome.
    await page.goto('/ledger');
    await heading(page, t('nav.ledger'));
    await choose(page, t('ledger.serviceType'), t('cases.type.consultation'), '');
    await page.getByRole('button', { name: shellT('common.search') }).click();
    const total = page.locator('.ledger-total .ant-statistic-content-value');
    await expect.poll(async () => (await total.innerText()).trim()).toBe(String(before + 1));
    const ledgerRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: t('ledger.openCaseOf', { name: '深圳市鹏城锂电科技有限公司' }) }) }).first();
    await ledgerRow.getByText(t('cases.rating.score_other', { count: 5 })).waitFor();
    await ledgerRow.getByText(t('cases.outcome.referred_mediation')).waitFor();
    expect(page.url()).toContain('type=consultation');
    await expectAccessible(page, 'the service ledger');
    // The export holds the filtered rows, this service among them.
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: t('ledger.export') }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const cells = workbook.worksheets[0].getSheetValues().flat().map(String);
    expect(cells).toContain('深圳市鹏城锂电科技有限公司');
    // Four people and a dozen pages with an accessibility scan each: more than the default time.
  }, 240_000);

  journey('new cases show their due state in the inbox and the case list; the overdue tab and filter ask the server for overdue cases', async ({ context, page }) => {
    const subject = unique('期限测试-');
    const created = await enterpriseApi.post<{ data: { id: string; dueState: string; dueAt: string } }>('/api/cases', {
      type: 'consultation',
      workstationId: (await staffWorkstation(staffApi)).id,
      form: { subject, question: '期限显示测试', ipType: 'trademark' },
    });
    expect(created.data.dueState).toBe('due');

    await signInByApi(context, 'staff');
    await page.goto('/inbox?tab=unassigned');
    await heading(page, t('nav.inbox'));
    const row = page.getByRole('row').filter({ hasText: subject });
    await row.getByText(t('cases.due.due'), { exact: true }).waitFor();

    // The overdue tab lists what the server reports as overdue (nothing in a fresh network, since
    // the server runs on real time): each row it shows carries the overdue tag.
    const overdueRequest = page.waitForRequest((request) => request.url().includes('/api/cases?') && request.url().includes('overdue=true') && !request.url().includes('pageSize=1&'));
    await page.getByRole('tab', { name: new RegExp(t('cases.inbox.overdue')) }).click();
    await overdueRequest;
    await page.getByText(t('cases.inbox.overdueHint')).waitFor();
    const overdue = await staffApi.get<CaseList>('/api/cases?overdue=true&pageSize=100');
    const overdueRows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => overdueRows.count()).toBe(Math.min(overdue.total, 20));
    for (const item of overdue.items.slice(0, 20)) {
      await page.getByRole('row').filter({ hasText: item.caseNo }).getByText(t('cases.due.overdue'), { exact: true }).waitFor();
    }
    await expectAccessible(page, 'the overdue tab');

    // The case list: filters go to the server and stay in the address.
    await mainNav(page).getByRole('link', { name: t('nav.cases') }).click();
    await heading(page, t('nav.cases'));
    await page.getByRole('searchbox', { name: t('cases.list.search') }).fill(subject);
    await page.keyboard.press('Enter');
    await choose(page, t('cases.field.type'), t('cases.type.consultation'), '');
    await choose(page, t('cases.list.dueState'), t('cases.due.due'), '');
    const listed = page.getByRole('row').filter({ hasText: subject });
    await listed.getByText(t('cases.due.due'), { exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('dueState')).toBe('due');
    await expectAccessible(page, 'the case list');
    await choose(page, t('cases.list.dueState'), t('cases.due.overdue'), '');
    await expect.poll(() => listed.count()).toBe(0);
  });

  journey('the retrieval form asks the question its purpose needs; the staff log a walk-in consultation', async ({ context, page }) => {
    await signInByApi(context, 'enterprise');
    await page.goto('/portal/new?type=retrieval');
    await heading(page, t('portal.newRetrieval'));
    await page.getByLabel(t('cases.field.subject')).fill(unique('无效检索-'));
    await choose(page, t('cases.field.purpose'), t('cases.purpose.invalidation'), '');
    await page.getByLabel(t('cases.field.technicalSolution')).fill('一种锂电池隔膜的制备方法');
    await page.getByRole('button', { name: t('portal.submit') }).click();
    // The conditional question is required for this purpose.
    const target = page.getByLabel(t('cases.field.targetPatentNumber'));
    await target.waitFor();
    await page.getByText(shellT('validation.required')).first().waitFor();
    await choose(page, t('cases.field.purpose'), t('cases.purpose.competitor'), '');
    await expect.poll(() => target.count()).toBe(0);
    await page.getByLabel(t('cases.field.competitorName')).fill('深圳市某竞争对手有限公司');
    await expectAccessible(page, 'the retrieval request form');
    await page.getByRole('button', { name: t('portal.submit') }).click();
    await expectStatus(page, 'submitted');
    await page.getByText('深圳市某竞争对手有限公司').waitFor();

    // A walk-in consultation, logged and answered at once.
    const subject = unique('来访咨询-');
    await switchTo(context, 'staff');
    await page.goto('/cases');
    await heading(page, t('nav.cases'));
    await page.getByRole('button', { name: t('cases.quick.open') }).click();
    const quick = page.getByRole('dialog', { name: t('cases.quick.title') });
    await choose(quick, t('cases.field.enterprise'), '鹏城锂电', '鹏城锂电');
    // The demo workstation has branches (分站): the clerk says which one received the visitor.
    await choose(quick, t('cases.field.branch'), '粤海分站', '');
    await quick.getByLabel(t('cases.field.subject')).fill(subject);
    await choose(quick, t('cases.field.ipType'), t('cases.ipType.trademark'), '');
    await quick.getByLabel(t('cases.field.question')).fill('商标被抢注如何处理？');
    await quick.getByLabel(t('cases.field.answer')).fill('可在公告期内提出异议，或申请无效宣告。');
    await expectAccessible(page, 'the quick-entry dialog', '.ant-modal-wrap');
    await quick.getByRole('button', { name: t('cases.quick.submit') }).click();
    await waitForHeading(page, subject);
    await expectStatus(page, 'answered');
    await page.getByText(t('cases.channel.walk_in'), { exact: true }).first().waitFor();
    await page.locator('.case-header').getByText('粤海分站', { exact: true }).waitFor();

    // The case list shows each case's branch and keeps only one branch's cases when asked.
    await page.goto('/cases');
    await heading(page, t('nav.cases'));
    await choose(page, t('cases.field.branch'), '粤海分站', '');
    expect(new URL(page.url()).searchParams.get('branchId')).toMatch(/^[0-9a-f-]{36}$/);
    const listed = page.getByRole('row').filter({ hasText: subject });
    await listed.getByRole('cell', { name: '粤海分站', exact: true }).waitFor();
    await expectAccessible(page, 'the case list by branch');
    await choose(page, t('cases.field.branch'), '蛇口分站', '');
    await expect.poll(() => listed.count()).toBe(0);
  });

  journey('the workstation admin hands a clerk’s open cases to a colleague from the users page', async ({ context, page }) => {
    const workstationId = (await staffWorkstation(staffApi)).id;
    const enterpriseId = (await enterpriseApi.get<{ user: { roles: { organizationId: string }[] } }>('/api/auth/me')).user.roles[0]?.organizationId;
    const clerk = (await staffApi.get<{ user: { id: string; displayName: string } }>('/api/auth/me')).user;
    const admin = await apiAs('wsadmin');
    const adminUser = (await admin.get<{ user: { id: string; displayName: string } }>('/api/auth/me')).user;
    await admin.dispose();
    const form = { subject: unique('移交测试-'), question: '员工离职后商业秘密如何保护？', ipType: 'trade_secret' };
    const created = await staffApi.post<{ data: { id: string } }>('/api/cases', { type: 'consultation', workstationId, enterpriseId, form });
    await staffApi.post(`/api/cases/${created.data.id}/transitions`, { action: 'accept', version: 1 });
    await staffApi.post(`/api/cases/${created.data.id}/transitions`, { action: 'assign', version: 2, assigneeId: clerk.id });

    await switchTo(context, 'wsadmin');
    await page.goto('/admin/users');
    await heading(page, shellT('nav.users'));
    const row = page.getByRole('row').filter({ hasText: clerk.displayName });
    await row.getByRole('button', { name: shellT('common.moreNamed', { name: clerk.displayName }) }).click();
    await page.getByRole('menuitem', { name: shellT('user.handOver') }).click();
    const dialog = page.getByRole('dialog', { name: shellT('user.handOverTitle', { name: clerk.displayName }) });
    await choose(dialog, shellT('user.handOverTo'), adminUser.displayName, '');
    await dialog.getByLabel(shellT('user.handOverReason')).fill('承办人离职，案件移交站长');
    await expectAccessible(page, 'the hand-over dialog', '.ant-modal-wrap');
    await dialog.getByRole('button', { name: shellT('user.handOver') }).click();
    await dialog.waitFor({ state: 'hidden' });

    const moved = await staffApi.get<{ data: { assignments: { userId: string; active: boolean }[] } }>(`/api/cases/${created.data.id}`);
    expect(moved.data.assignments.filter((a) => a.active).map((a) => a.userId)).toEqual([adminUser.id]);
  });

  journey('a conflict of interest stops an assignment without naming the other case; an override needs a reason', async ({ context, page }) => {
    // The expert handles a case against a rival; a new case names that rival as a client.
    const rival = { uscc: randomUscc(), name: unique('对方科技有限公司-') };
    const workstationId = (await staffWorkstation(staffApi)).id;
    const enterpriseId = (await enterpriseApi.get<{ user: { roles: { organizationId: string }[] } }>('/api/auth/me')).user.roles[0]?.organizationId;
    const expert = await apiAs('expert');
    const expertId = (await expert.get<{ user: { id: string } }>('/api/auth/me')).user.id;
    await expert.dispose();
    const form = { subject: unique('维权咨询-'), question: '对方侵犯我司专利权，如何维权？', ipType: 'patent_invention' };
    const earlier = await staffApi.post<{ data: { id: string } }>('/api/cases', { type: 'consultation', workstationId, enterpriseId, form, adverse: [rival] });
    await staffApi.post(`/api/cases/${earlier.data.id}/transitions`, { action: 'accept', version: 1 });
    await staffApi.post(`/api/cases/${earlier.data.id}/transitions`, { action: 'assign', version: 2, assigneeId: expertId });
    const subject = unique('合作咨询-');
    const created = await enterpriseApi.post<{ data: { id: string; caseNo: string } }>('/api/cases', {
      type: 'consultation',
      workstationId,
      form: { subject, question: '与对方合作开发的技术归属如何约定？', ipType: 'patent_invention' },
    });

    await switchTo(context, 'staff');
    await page.goto(`/cases/${created.data.id}`);
    await waitForHeading(page, subject);

    // The rival joins this case as a client, by its credit code and name.
    await page.getByRole('button', { name: t('cases.party.add') }).click();
    const party = page.getByRole('dialog', { name: t('cases.party.add') });
    await party.getByText(t('cases.party.client'), { exact: true }).click();
    await party.getByText(t('cases.party.byUscc'), { exact: true }).click();
    await party.getByRole('textbox', { name: shellT('organization.uscc') }).fill(rival.uscc);
    await party.getByRole('textbox', { name: t('cases.party.name') }).fill(rival.name);
    await expectAccessible(page, 'the add-party dialog', '.ant-modal-wrap');
    await party.getByRole('button', { name: t('cases.party.add') }).click();
    await party.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: new RegExp(rival.name) }).waitFor();

    const accept = await act(page, 'accept');
    await accept.getByRole('button', { name: t('cases.action.accept') }).click();
    await expectStatus(page, 'accepted');

    // Assigning the expert is refused: only "conflict", never which case.
    const assign = await act(page, 'assign');
    await choose(assign, t('cases.assign.assignee'), '钱程', '钱程');
    await assign.getByRole('button', { name: t('cases.action.assign') }).click();
    const warning = assign.getByRole('alert').filter({ hasText: t('cases.assign.conflictTitle') });
    await warning.waitFor();
    expect(await warning.innerText()).not.toContain(rival.name);
    expect(await warning.innerText()).not.toContain(rival.uscc);
    await expectAccessible(page, 'the conflict warning', '.ant-modal-wrap');
    // Assigning anyway needs a reason.
    await assign.getByRole('button', { name: t('cases.assign.override') }).click();
    await assign.getByText(shellT('validation.required')).waitFor();
    await assign.getByLabel(t('cases.assign.overrideReason')).fill('双方书面同意由该专家承办');
    await assign.getByRole('button', { name: t('cases.assign.override') }).click();
    await expectStatus(page, 'assigned');
    await page.getByRole('cell', { name: '专利代理师 钱程' }).waitFor();
  });
});

async function staffWorkstation(api: Api): Promise<{ id: string }> {
  const me = await api.get<{ user: { roles: { role: string; organizationId: string }[] } }>('/api/auth/me');
  const membership = me.user.roles.find((role) => role.role === 'workstation_staff');
  if (!membership) throw new Error('the demo staff user has no workstation');
  return { id: membership.organizationId };
}

/** The case page's h1: the case number, then the subject. */
async function waitForHeading(page: Page, subject: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: new RegExp(subject) }).waitFor();
}

/** A random 统一社会信用代码 with a correct check character (GB 32100-2015). */
function randomUscc(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91440300${Array.from({ length: 9 }, () => alphabet[Math.floor(Math.random() * 31)]).join('')}`;
  const sum = [...body].reduce((total, char, index) => total + alphabet.indexOf(char) * (weights[index] ?? 0), 0);
  return body + alphabet[(31 - (sum % 31)) % 31];
}
