import type { Page } from 'playwright-core';
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
const ENTERPRISE = '深圳市鹏城锂电科技有限公司';

async function waitForHeading(page: Page, subject: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: new RegExp(subject) }).waitFor();
}

describe('staff enter a request on an enterprise’s behalf and link cases', () => {
  let staffApi: Api;

  beforeAll(async () => {
    staffApi = await apiAs('staff');
  });
  afterAll(async () => {
    await staffApi?.dispose();
  });

  journey('a clerk enters a retrieval request for a member enterprise at a branch, lands on its page, and links it under an earlier case', async ({ context, page }) => {
    const subject = unique('代企业查新-');
    // The workstation has a branch (分站); the clerk records that it serves this request.
    const admin = await apiAs('wsadmin');
    const adminMe = await admin.get<{ user: { roles: { role: string; organizationId: string }[] } }>('/api/auth/me');
    const adminWs = adminMe.user.roles.find((role) => role.role === 'workstation_admin')?.organizationId;
    const branchName = unique('宝安分站-');
    await admin.post(`/api/workstations/${adminWs}/branches`, { name: branchName });
    await admin.dispose();
    await signInByApi(context, 'staff');
    await page.goto('/');
    await mainNav(page).getByRole('link', { name: t('nav.cases') }).click();
    await heading(page, t('nav.cases'));
    await page.getByRole('button', { name: t('cases.newRequest.open') }).click();
    await heading(page, t('cases.newRequest.title'));

    await page.getByText(t('cases.type.retrieval'), { exact: true }).click();
    // Submitting without an enterprise is refused on the form.
    await page.getByRole('button', { name: t('cases.newRequest.submit') }).click();
    await page.getByText(shellT('validation.required')).first().waitFor();
    await choose(page, t('cases.field.enterprise'), '鹏城锂电', '鹏城锂电');
    await choose(page, t('cases.field.branch'), branchName, '');
    await choose(page, t('cases.field.channel'), t('cases.channel.phone'), '');
    await page.getByLabel(t('cases.field.subject')).fill(subject);
    await choose(page, t('cases.field.purpose'), t('cases.purpose.novelty'), '');
    await page.getByLabel(t('cases.field.technicalSolution')).fill('一种固态电解质隔膜及其制备方法');
    await expectAccessible(page, 'the staff request form');
    await page.getByRole('button', { name: t('cases.newRequest.submit') }).click();

    await waitForHeading(page, subject);
    const caseId = page.url().split('/cases/')[1] ?? '';
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    const created = await staffApi.get<{ data: { caseNo: string; type: string; status: string; channel: string; branchName: string | null; parties: { name: string; side: string }[] } }>(`/api/cases/${caseId}`);
    expect(created.data).toMatchObject({ type: 'retrieval', status: 'submitted', channel: 'phone', branchName });
    // The case page shows the branch in its header, where the clerk can change it.
    await page.locator('.case-header').getByText(branchName, { exact: true }).waitFor();
    expect(created.data.parties).toEqual([expect.objectContaining({ name: ENTERPRISE, side: 'client' })]);
    await page.locator('.case-header').getByText(t('cases.status.submitted'), { exact: true }).waitFor();
    await page.getByText(t('cases.channel.phone'), { exact: true }).first().waitFor();

    // An earlier case of the same enterprise becomes this one's parent.
    const me = await staffApi.get<{ user: { roles: { role: string; organizationId: string }[] } }>('/api/auth/me');
    const workstationId = me.user.roles.find((role) => role.role === 'workstation_staff')?.organizationId;
    const enterprises = await staffApi.get<{ items: { id: string; name: string }[] }>(`/api/enterprises?q=${encodeURIComponent('鹏城锂电')}&workstationId=${workstationId}`);
    const earlier = await staffApi.post<{ data: { id: string; caseNo: string } }>('/api/cases', {
      type: 'consultation',
      workstationId,
      enterpriseId: enterprises.items.find((item) => item.name === ENTERPRISE)?.id,
      form: { subject: unique('原咨询-'), question: '隔膜专利布局如何开展？', ipType: 'patent_invention' },
    });
    const card = page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: t('cases.links') }) });
    await card.getByText(t('cases.link.none')).waitFor();
    await card.getByRole('button', { name: t('cases.link.add') }).click();
    const dialog = page.getByRole('dialog', { name: t('cases.link.add') });
    await dialog.getByText(t('cases.link.kinds.parent'), { exact: true }).click();
    await dialog.getByLabel(t('cases.field.caseNo')).fill('ZX-1999-000001');
    await dialog.getByRole('button', { name: t('cases.link.add') }).click();
    await dialog.getByText(t('cases.link.notFound')).waitFor();
    await dialog.getByLabel(t('cases.field.caseNo')).fill(earlier.data.caseNo);
    await expectAccessible(page, 'the link dialog', '.ant-modal-wrap');
    await dialog.getByRole('button', { name: t('cases.link.add') }).click();
    await dialog.waitFor({ state: 'hidden' });
    const linked = card.getByRole('link', { name: earlier.data.caseNo });
    await linked.waitFor();
    await card.getByText(t('cases.link.kinds.parent'), { exact: true }).waitFor();
    await expectAccessible(page, 'the case page with a linked case');

    // The parent shows this case as its child; the link leads there.
    await linked.click();
    await waitForHeading(page, earlier.data.caseNo);
    const parentCard = page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: t('cases.links') }) });
    await parentCard.getByRole('link', { name: created.data.caseNo }).waitFor();
    await parentCard.getByText(t('cases.link.kinds.child'), { exact: true }).waitFor();

    // Remove the link.
    await parentCard.getByRole('button', { name: t('cases.link.removeNamed', { caseNo: created.data.caseNo }) }).click();
    await page.getByRole('tooltip').getByRole('button', { name: t('cases.link.remove') }).click();
    await parentCard.getByText(t('cases.link.none')).waitFor();
  }, 120_000);
});
