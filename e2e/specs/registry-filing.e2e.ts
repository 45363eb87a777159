import { beforeAll, describe, expect } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { chooseMany, minimalPdf, rt, validUscc } from '../support/registry';
import { DEMO_PASSWORD } from '../support/server';
import { choose, heading, mainNav, signInThroughForm, signOut } from '../support/ui';

/** The demo network's agency, chosen as the new workstation's partner. */
const PARTNER_AGENCY = '深圳市知信专利代理事务所（普通合伙）';

useBrowser();

const BUREAU_NAME = '市局管理员 王立';

/** A date `years` years before today, as YYYY-MM-DD. */
function yearsAgo(years: number): string {
  const date = new Date();
  date.setFullYear(date.getFullYear() - years);
  return date.toISOString().slice(0, 10);
}

describe('filing a workstation', () => {
  const host = unique('深圳市测试产业促进会');
  const workstation = `${host}知识产权保护工作站`;
  const username = unique('host_admin_');
  const displayName = `${username} 会长`;
  const password = 'Host-Admin-2026!';
  const reason = '请补充经费来源证明，并核对负责人职务。';
  const certificate = `${host}登记证书.pdf`;

  beforeAll(async () => {
    // The bureau registers the host association (founded two years ago) and its admin.
    const bureau = await apiAs('bureau');
    const created = await bureau.post<{ data: { id: string; foundedOn: string | null } }>('/api/organizations', {
      type: 'host_association',
      name: host,
      uscc: validUscc('51440300'),
      districtCode: '440305',
      foundedOn: yearsAgo(2),
    });
    expect(created.data.foundedOn).toBe(yearsAgo(2));
    await bureau.post('/api/users', {
      username,
      displayName,
      password: 'Initial-Pass-2026!',
      organizationId: created.data.id,
      role: 'workstation_admin',
    });
    await bureau.dispose();
    // The admin has chosen their own password already.
    const admin = await apiAs(username, 'Initial-Pass-2026!');
    await admin.post('/api/auth/password', { currentPassword: 'Initial-Pass-2026!', newPassword: password });
    await admin.dispose();
  });

  journey(
    'a host association files a workstation with its documents, corrects it at the bureau\'s request, and the approved workstation appears in the public directory',
    async ({ context, page }) => {
      // The host admin opens a filing.
      await signInByApi(context, username, password);
      await page.goto('/');
      await heading(page, rt('dashboard.title'));
      await mainNav(page).getByRole('link', { name: rt('nav.workstations') }).click();
      await heading(page, rt('nav.workstations'));
      await expectAccessible(page, 'the workstation list of a host admin');
      await page.getByRole('button', { name: rt('workstation.newFiling') }).click();
      const open = page.getByRole('dialog', { name: rt('workstation.newFiling') });
      await open.getByLabel(rt('workstation.name')).fill(workstation);
      await expectAccessible(page, 'the new-filing dialog', '.ant-modal-wrap');
      await open.getByRole('button', { name: rt('workstation.createDraft') }).click();

      // The draft opens with its form: fill it in.
      await heading(page, workstation);
      const form = page.getByRole('dialog', { name: rt('filing.editTitle') });
      await form.getByLabel(rt('workstation.name')).waitFor();
      await expectAccessible(page, 'the filing form', '.ant-drawer');
      await chooseMany(form, rt('workstation.clusters'), [rt('cluster.C13'), rt('cluster.C04')]);
      await chooseMany(form, rt('workstation.districts'), [rt('district.440305')]);
      for (const service of ['consultation', 'retrieval', 'assistance', 'mediation']) {
        await form.getByRole('checkbox', { name: rt(`service.${service}`) }).check();
      }
      await form.getByLabel(rt('workstation.address')).fill('深圳市南山区科技园测试路 1 号');
      await form.getByLabel(rt('workstation.contactPhone')).fill('0755-86000000');
      await form.getByLabel(rt('workstation.leaderName')).fill('陈测试');
      await form.getByLabel(rt('workstation.leaderTitle')).fill('秘书长');
      await form.getByLabel(rt('workstation.premisesArea')).fill('120');
      await chooseMany(form, rt('workstation.partnerAgencies'), [PARTNER_AGENCY]);
      await form.getByRole('button', { name: rt('common.save') }).click();
      await form.waitFor({ state: 'hidden' });
      await page.locator('.ant-descriptions-item-content').filter({ hasText: PARTNER_AGENCY }).waitFor();

      // Only the two supporting documents are missing now: upload them.
      const missing = page.getByRole('alert').filter({ hasText: rt('filing.missingTitle') });
      await missing.getByText(rt('filingMissing.documents_registration_certificate')).waitFor();
      await missing.getByText(rt('filingMissing.documents_premises_proof')).waitFor();
      expect(await missing.locator('li').count()).toBe(2);
      expect(await page.getByRole('button', { name: rt('filingAction.submit') }).isDisabled()).toBe(true);
      await expectAccessible(page, 'a draft filing');
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: rt('document.upload') }).click();
      await (await chooser).setFiles({ name: certificate, mimeType: 'application/pdf', buffer: minimalPdf('Registration certificate') });
      await page.getByRole('cell', { name: certificate, exact: true }).waitFor();
      await choose(page, rt('document.kind'), rt('documentKind.premises_proof'));
      const premises = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: rt('document.upload') }).click();
      await (await premises).setFiles({ name: '场地证明.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Premises') });
      await page.getByRole('cell', { name: '场地证明.pdf', exact: true }).waitFor();
      await page.getByText(rt('filing.readyToSubmit')).waitFor();
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: rt('document.downloadNamed', { name: certificate }) }).click();
      expect((await download).suggestedFilename()).toBe(certificate);

      // Submit.
      await takeStep(page, 'submit', workstation);
      await expectStatus(page, 'submitted');

      // The bureau begins the check and asks for a correction, with a reason.
      await signOut(page, displayName);
      await signInThroughForm(page, 'bureau', DEMO_PASSWORD);
      await heading(page, rt('dashboard.title'));
      await openWorkstation(page, workstation);
      await expectAccessible(page, 'a submitted filing as the bureau');
      await takeStep(page, 'begin_check', workstation);
      await expectStatus(page, 'formal_check');
      await page.getByRole('button', { name: rt('filingAction.request_correction') }).click();
      const correction = page.getByRole('dialog', { name: rt('filing.actionTitle', { action: rt('filingAction.request_correction'), name: workstation }) });
      // The reason is required.
      await correction.getByRole('button', { name: rt('filingAction.request_correction') }).click();
      await correction.getByText(rt('validation.required')).waitFor();
      await correction.getByLabel(rt('filing.reason')).fill(reason);
      await expectAccessible(page, 'the reason dialog', '.ant-modal-wrap');
      await correction.getByRole('button', { name: rt('filingAction.request_correction') }).click();
      await correction.waitFor({ state: 'hidden' });
      await expectStatus(page, 'needs_correction');

      // The host reads the reason, corrects the filing and submits it again.
      await signOut(page, BUREAU_NAME);
      await signInThroughForm(page, username, password);
      await heading(page, rt('dashboard.title'));
      await openWorkstation(page, workstation);
      await page.getByRole('alert').filter({ hasText: rt('filing.correctionRequested') }).getByText(reason).waitFor();
      await expectAccessible(page, 'a filing that needs correction');
      await page.getByRole('button', { name: rt('filing.edit') }).click();
      const edit = page.getByRole('dialog', { name: rt('filing.editTitle') });
      await edit.getByLabel(rt('workstation.leaderTitle')).fill('常务副会长');
      await edit.getByRole('button', { name: rt('common.save') }).click();
      await edit.waitFor({ state: 'hidden' });
      await choose(page, rt('document.kind'), rt('documentKind.funding_proof'));
      const funding = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: rt('document.upload') }).click();
      await (await funding).setFiles({ name: '经费证明.pdf', mimeType: 'application/pdf', buffer: minimalPdf('Funding') });
      await page.getByRole('cell', { name: '经费证明.pdf', exact: true }).waitFor();
      await takeStep(page, 'submit', workstation);
      await expectStatus(page, 'submitted');

      // The bureau passes the check and approves: the workstation is active with a filing number.
      await signOut(page, displayName);
      await signInThroughForm(page, 'bureau', DEMO_PASSWORD);
      await heading(page, rt('dashboard.title'));
      await openWorkstation(page, workstation);
      await takeStep(page, 'begin_check', workstation);
      await expectStatus(page, 'formal_check');
      await takeStep(page, 'pass_check', workstation);
      await expectStatus(page, 'under_review');
      await takeStep(page, 'approve', workstation);
      await expectStatus(page, 'active');
      const number = (await page.locator('.filing-number').innerText()).trim();
      expect(number).toMatch(/^深知保备〔\d{4}〕\d{3,}号$/);
      // The history shows every step, with the bureau's reason.
      const history = page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: rt('history.title') }) });
      await history.getByText(rt('history.reason', { reason })).waitFor();
      for (const action of ['create', 'submit', 'begin_check', 'request_correction', 'pass_check', 'approve']) {
        expect(await history.getByText(rt(`historyAction.${action}`), { exact: true }).count()).toBeGreaterThan(0);
      }
      await expectAccessible(page, 'an active workstation');

      // It is in the public directory, which anyone opens from the sign-in page.
      await signOut(page, BUREAU_NAME);
      await page.getByRole('link', { name: rt('directory.publicLink') }).click();
      await heading(page, rt('directory.title'));
      await page.getByRole('searchbox', { name: rt('directory.search') }).fill(host);
      await page.keyboard.press('Enter');
      const card = page.locator('.directory-card').filter({ has: page.getByRole('heading', { name: workstation }) });
      await card.waitFor();
      await card.getByText(rt('directory.filingNumber', { number })).waitFor();
      await card.getByText(rt('cluster.C13')).waitFor();
      await card.getByText('0755-86000000').waitFor();
      expect(await page.locator('.directory-card').count()).toBe(1);
      // Nothing private: no documents, no person in charge, no bureau reasons.
      const text = await page.locator('main').innerText();
      for (const secret of [certificate, '陈测试', reason]) expect(text).not.toContain(secret);
      await expectAccessible(page, 'the public directory');
    },
    300_000,
  );
});

async function openWorkstation(page: import('playwright-core').Page, name: string): Promise<void> {
  await mainNav(page).getByRole('link', { name: rt('nav.workstations') }).click();
  await heading(page, rt('nav.workstations'));
  await page.getByRole('searchbox', { name: rt('workstation.search') }).fill(name);
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name, exact: true }).click();
  await heading(page, name);
}

/** Takes a filing step through its button and dialog (no reason needed). */
async function takeStep(page: import('playwright-core').Page, action: string, name: string): Promise<void> {
  await page.getByRole('button', { name: rt(`filingAction.${action}`), exact: true }).click();
  const dialog = page.getByRole('dialog', { name: rt('filing.actionTitle', { action: rt(`filingAction.${action}`), name }) });
  await dialog.getByRole('button', { name: rt(`filingAction.${action}`), exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function expectStatus(page: import('playwright-core').Page, status: string): Promise<void> {
  await page.locator('.ant-descriptions').getByText(rt(`filingState.${status}`), { exact: true }).waitFor();
}
