import { describe, expect } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { chooseMany, rt, validUscc, withWrongCheck } from '../support/registry';
import { DEMO_PASSWORD } from '../support/server';
import { heading, mainNav, signInThroughForm, signOut } from '../support/ui';

useBrowser();

interface Listed {
  items: { id: string; uscc: string; name: string }[];
}

describe('workstation and enterprise records', () => {
  journey('a workstation admin keeps staff, branches and a change filing that the bureau approves', async ({ context, page }) => {
    const staffName = unique('测试人员');
    const branch = unique('测试分站');
    const email = `${unique('ws')}@example.cn`;
    // A change left pending by an earlier run against the same server is rejected first.
    const bureau = await apiAs('bureau');
    const own = (await bureau.get<{ items: { id: string; username: string; roles: { role: string; organizationId: string }[] }[] }>('/api/users?q=wsadmin')).items
      .find((user) => user.username === 'wsadmin')!
      .roles.find((membership) => membership.role === 'workstation_admin')!.organizationId;
    const current = await bureau.get<{ data: { pendingChange: { id: string } | null } }>(`/api/workstations/${own}`);
    if (current.data.pendingChange) {
      await bureau.post(`/api/workstations/${own}/changes/${current.data.pendingChange.id}/decision`, { decision: 'reject', reason: 'e2e: left over' });
    }
    await bureau.dispose();

    const admin = await signInByApi(context, 'wsadmin');
    await page.goto('/workstations');
    await heading(page, rt('nav.workstations'));
    const name = (await page.locator('.ant-table-tbody tr.ant-table-row a').first().innerText()).trim();
    await page.getByRole('link', { name, exact: true }).click();
    await heading(page, name);
    // The demo network has two workstations of this name: the filing number tells them apart.
    const number = (await page.locator('.filing-number').innerText()).trim();
    await expectAccessible(page, 'an active workstation as its admin');

    // A staff member with a qualification and a training record.
    await page.getByRole('button', { name: rt('staff.add') }).click();
    const staff = page.getByRole('dialog', { name: rt('staff.createTitle') });
    await staff.getByLabel(rt('staff.name'), { exact: true }).fill(staffName);
    await staff.getByLabel(rt('staff.title'), { exact: true }).fill('专员');
    await staff.getByRole('radio', { name: rt('staff.partTime') }).check();
    await chooseMany(staff, rt('staff.qualifications'), [rt('qualification.patent_attorney')]);
    await staff.getByRole('button', { name: rt('staff.addTraining') }).click();
    await staff.getByLabel(rt('staff.trainingDateN', { n: 1 })).fill('2026-03-15');
    await page.keyboard.press('Enter');
    await staff.getByLabel(rt('staff.trainingTopicN', { n: 1 })).fill('海外知识产权纠纷应对');
    await staff.getByLabel(rt('staff.trainingHoursN', { n: 1 })).fill('6');
    await expectAccessible(page, 'the staff dialog', '.ant-modal-wrap');
    await staff.getByRole('button', { name: rt('common.save') }).click();
    await staff.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: staffName });
    await row.getByText(rt('staff.trainingSummary', { count: 1, hours: 6 })).waitFor();
    await row.getByText(rt('qualification.patent_attorney')).waitFor();
    await row.getByText(rt('staff.partTime')).waitFor();

    // A branch.
    await page.getByRole('button', { name: rt('branch.add') }).click();
    const branchDialog = page.getByRole('dialog', { name: rt('branch.add') });
    await branchDialog.getByLabel(rt('branch.name')).fill(branch);
    await branchDialog.getByLabel(rt('branch.hostUnit')).fill('测试产业园');
    await expectAccessible(page, 'the branch dialog', '.ant-modal-wrap');
    await branchDialog.getByRole('button', { name: rt('common.save') }).click();
    await branchDialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: branch, exact: true }).waitFor();

    // Editing an active workstation files a change for the bureau.
    await page.getByRole('button', { name: rt('filing.requestChange') }).click();
    const change = page.getByRole('dialog', { name: rt('filing.changeTitle') });
    await change.getByText(rt('filing.changeHint')).waitFor();
    await change.getByLabel(rt('workstation.contactEmail')).fill(email);
    await expectAccessible(page, 'the change-filing form', '.ant-drawer');
    await change.getByRole('button', { name: rt('filing.submitChange') }).click();
    await change.waitFor({ state: 'hidden' });
    const pending = page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: rt('change.title') }) });
    await pending.getByText(email).waitFor();
    expect(await page.getByRole('button', { name: rt('filing.requestChange') }).isDisabled()).toBe(true);
    await expectAccessible(page, 'a workstation with a pending change');

    // The bureau approves the change; it takes effect.
    await signOut(page, admin.user.displayName);
    await signInThroughForm(page, 'bureau', DEMO_PASSWORD);
    await heading(page, rt('dashboard.title'));
    await mainNav(page).getByRole('link', { name: rt('nav.workstations') }).click();
    await page.getByRole('searchbox', { name: rt('workstation.search') }).fill(name);
    await page.keyboard.press('Enter');
    await page.getByRole('row').filter({ hasText: number }).getByRole('link', { name, exact: true }).click();
    await heading(page, name);
    await pending.getByText(email).waitFor();
    await expectAccessible(page, 'a pending change as the bureau');
    await pending.getByRole('button', { name: rt('change.approve') }).click();
    await pending.waitFor({ state: 'hidden' });
    await page.locator('.ant-descriptions').getByText(email, { exact: true }).waitFor();
    await page.getByText(rt('historyAction.approve_change'), { exact: true }).first().waitFor();
  });

  journey('a workstation adds enterprises by their code: a new one, and one already in the registry that joins', async ({ context, page }) => {
    // An enterprise that exists in the registry but is not a member of this workstation.
    const bureau = await apiAs('bureau');
    const ws = await apiAs('wsadmin');
    const all = await bureau.get<Listed>('/api/enterprises?pageSize=100&sort=-createdAt&district=440303');
    const mine = new Set((await ws.get<Listed>('/api/enterprises?pageSize=100&district=440303')).items.map((item) => item.id));
    const other = all.items.find((item) => !mine.has(item.id));
    await bureau.dispose();
    await ws.dispose();
    expect(other).toBeDefined();
    const fresh = { uscc: validUscc('91440304'), name: `${unique('深圳市新增测试')}有限公司` };

    await signInByApi(context, 'wsadmin');
    await page.goto('/enterprises');
    await heading(page, rt('nav.enterprises'));
    await page.getByRole('button', { name: rt('enterprise.add') }).click();
    const add = page.getByRole('dialog', { name: rt('enterprise.addTitle') });
    const code = add.getByLabel(rt('enterprise.uscc'));
    // The check character is verified in the form.
    await code.fill(withWrongCheck(fresh.uscc));
    await add.getByLabel(rt('enterprise.name')).fill(fresh.name);
    await add.getByText(rt('validation.usccCheck')).waitFor();
    await code.fill(fresh.uscc);
    await chooseMany(add, rt('enterprise.clusters'), [rt('cluster.C06')]);
    await add.getByRole('checkbox', { name: rt('enterpriseFlag.specialized') }).check();
    await expectAccessible(page, 'the add-enterprise dialog', '.ant-modal-wrap');
    await add.getByRole('button', { name: rt('common.save') }).click();
    await add.waitFor({ state: 'hidden' });
    await page.getByText(rt('enterprise.created', { name: fresh.name })).waitFor();

    // A code already registered: the enterprise joins this workstation, and the dialog says so.
    await page.getByRole('button', { name: rt('enterprise.add') }).click();
    await code.fill(other!.uscc);
    await add.getByLabel(rt('enterprise.name')).fill('任意名称');
    await add.getByRole('button', { name: rt('common.save') }).click();
    const joined = page.getByRole('dialog', { name: rt('enterprise.joinedTitle') });
    await joined.getByText(rt('enterprise.joinedExisting', { name: other!.name, uscc: other!.uscc })).waitFor();
    await expectAccessible(page, 'the joined notice', '.ant-modal-wrap');
    await joined.getByRole('button', { name: rt('enterprise.openRecord') }).click();
    await heading(page, other!.name);

    // Its contacts, each with the purpose the contact consented to.
    await page.getByRole('button', { name: rt('common.edit') }).click();
    const edit = page.getByRole('dialog', { name: rt('enterprise.editTitle') });
    await edit.getByRole('button', { name: rt('contact.add') }).click();
    const contactName = unique('联系人');
    await edit.getByLabel(rt('contact.nameN', { n: 1 })).fill(contactName);
    await edit.getByLabel(rt('contact.phoneN', { n: 1 })).fill('0755-12345678');
    await edit.getByRole('button', { name: rt('common.save') }).click();
    await edit.getByText(rt('validation.required')).waitFor();
    await edit.getByLabel(rt('contact.consentPurposeN', { n: 1 })).fill('维权援助服务联络');
    await expectAccessible(page, 'the edit-enterprise dialog', '.ant-modal-wrap');
    await edit.getByRole('button', { name: rt('common.save') }).click();
    await edit.waitFor({ state: 'hidden' });
    const contact = page.getByRole('row').filter({ hasText: contactName });
    await contact.getByText('维权援助服务联络').waitFor();
    await expectAccessible(page, 'an enterprise with a contact');
  });

  journey('the public directory in English', async ({ page }) => {
    await page.goto('/directory');
    await heading(page, rt('directory.title'));
    await page.getByRole('button', { name: rt('language.switch') }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await heading(page, rt('directory.title', {}, 'en-US'));
    await page.getByRole('group', { name: rt('directory.byDistrict', {}, 'en-US') }).getByText(rt('district.440305', {}, 'en-US'), { exact: true }).click();
    await expect.poll(async () => new URL(page.url()).searchParams.get('district')).toBe('440305');
    // The cards shown before the filter's answer arrives are replaced by those it finds: wait for them.
    await page.locator('.directory-card').first().waitFor();
    await expect
      .poll(async () => {
        const texts = await page.locator('.directory-card').allInnerTexts();
        return texts.length > 0 && texts.every((text) => text.includes(rt('district.440305', {}, 'en-US')));
      })
      .toBe(true);
    await expectAccessible(page, 'the public directory in English');
  });
});
