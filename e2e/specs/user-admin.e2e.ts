import { afterAll, beforeAll, describe, expect } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t } from '../support/i18n';
import { choose, heading, signInThroughForm, signOut } from '../support/ui';

useBrowser();

describe('user administration', () => {
  const username = unique('managed_');
  const displayName = `${username} 原名`;
  const renamed = `${username} 新名`;
  let bureau: Awaited<ReturnType<typeof apiAs>>;

  beforeAll(async () => {
    bureau = await apiAs('bureau');
    const orgs = await bureau.get<{ items: { id: string }[] }>('/api/organizations?type=enterprise&pageSize=1');
    await bureau.post('/api/users', {
      username,
      displayName,
      password: 'Initial-Pass-2026!',
      organizationId: orgs.items[0]?.id,
      role: 'enterprise_user',
    });
  });
  afterAll(async () => {
    await bureau?.dispose();
  });

  journey('the bureau edits a user, grants and removes a role, resets the password and deactivates the account', async ({ context, page }) => {
    await signInByApi(context, 'bureau');
    await page.goto('/admin/users');
    await heading(page, t('nav.users'));
    await page.getByRole('searchbox', { name: t('user.search') }).fill(username);
    await page.keyboard.press('Enter');
    const row = page.getByRole('row').filter({ hasText: username });
    await row.waitFor();

    // Edit the name and e-mail.
    await row.getByRole('button', { name: t('user.editNamed', { name: displayName }) }).click();
    const edit = page.getByRole('dialog', { name: t('user.editTitle') });
    await edit.getByLabel(t('user.displayName'), { exact: true }).fill(renamed);
    await edit.getByLabel(t('user.email')).fill(`${username}@example.cn`);
    await expectAccessible(page, 'the edit-user dialog', '.ant-modal-wrap');
    await edit.getByRole('button', { name: t('common.save') }).click();
    await edit.waitFor({ state: 'hidden' });
    await row.getByText(renamed).waitFor();
    await row.getByText(`${username}@example.cn`).waitFor();

    // Grant a second role in an agency, then take it away again.
    await row.getByRole('button', { name: t('user.rolesNamed', { name: renamed }) }).click();
    const drawer = page.getByRole('dialog', { name: t('user.rolesTitle', { name: renamed }) });
    const memberships = drawer.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => memberships.count()).toBe(1);
    await choose(drawer, t('user.role'), t('role.expert'));
    await choose(drawer, t('user.organization'), '知信', '知信');
    await drawer.getByRole('button', { name: t('user.addRole') }).click();
    await expect.poll(() => memberships.count()).toBe(2);
    await expectAccessible(page, 'the roles drawer', '.ant-drawer');
    await memberships.filter({ hasText: t('role.expert') }).getByRole('button', { name: t('common.remove') }).click();
    await page.getByRole('tooltip').getByRole('button', { name: t('common.confirm') }).click();
    await expect.poll(() => memberships.count()).toBe(1);
    await drawer.getByRole('button', { name: t('common.close') }).click();

    // Reset the password: the temporary one is shown once.
    const more = () => row.getByRole('button', { name: t('common.moreNamed', { name: renamed }) }).click();
    await more();
    await page.getByRole('menuitem', { name: t('user.resetPassword') }).click();
    await page.getByRole('dialog').getByRole('button', { name: t('common.confirm') }).click();
    const shown = page.getByRole('dialog', { name: t('user.temporaryPasswordTitle') });
    const temporary = (await shown.locator('.secret-value code').innerText()).trim();
    expect(temporary.length).toBeGreaterThanOrEqual(10);
    await expectAccessible(page, 'the temporary-password dialog', '.ant-modal-wrap');
    await shown.getByRole('button', { name: t('common.done') }).click();
    await shown.waitFor({ state: 'hidden' });

    // Deactivate and activate again.
    await more();
    await page.getByRole('menuitem', { name: t('common.deactivate') }).click();
    await page.getByRole('dialog').getByRole('button', { name: t('common.confirm') }).click();
    await row.getByText(t('common.inactive'), { exact: true }).waitFor();
    await more();
    await page.getByRole('menuitem', { name: t('common.activate') }).click();
    await page.getByRole('dialog').getByRole('button', { name: t('common.confirm') }).click();
    await row.getByText(t('common.active'), { exact: true }).waitFor();
    await expectAccessible(page, 'users after the changes');

    // The user signs in with the temporary password and must choose a new one first.
    await signOut(page, '市局管理员 王立');
    await signInThroughForm(page, username, temporary);
    await heading(page, t('password.forcedTitle'));
    await page.getByLabel(t('password.current')).fill(temporary);
    await page.getByLabel(t('password.new'), { exact: true }).fill('Chosen-Pass-2026!');
    await page.getByLabel(t('password.confirm')).fill('Chosen-Pass-2026!');
    await page.getByRole('button', { name: t('password.submit') }).click();
    await heading(page, t('dashboard.title'));
    await page.getByRole('heading', { name: t('dashboard.welcome', { name: renamed }) }).waitFor();
  });

  journey('a new bureau administrator chooses a password, then must turn on two-factor sign-in before anything else', async ({ page }) => {
    const admin = unique('bureau_admin_');
    const bureauOrg = await bureau.get<{ items: { id: string }[] }>('/api/organizations?type=bureau&pageSize=1');
    await bureau.post('/api/users', { username: admin, displayName: `${admin} 新管理员`, password: 'Initial-Pass-2026!', organizationId: bureauOrg.items[0]?.id, role: 'bureau_admin' });

    await page.goto('/login');
    await signInThroughForm(page, admin, 'Initial-Pass-2026!');
    await heading(page, t('password.forcedTitle'));
    await page.getByLabel(t('password.current')).fill('Initial-Pass-2026!');
    await page.getByLabel(t('password.new'), { exact: true }).fill('Chosen-Pass-2026!');
    await page.getByLabel(t('password.confirm')).fill('Chosen-Pass-2026!');
    await page.getByRole('button', { name: t('password.submit') }).click();

    // Nothing else opens until a second factor is on: the address bar cannot get around it.
    await heading(page, t('mfa.enrolTitle'));
    await page.goto('/admin/users');
    await heading(page, t('mfa.enrolTitle'));
    await expectAccessible(page, 'the TOTP enrolment page');
    await page.getByRole('button', { name: t('profile.totpSetup') }).click();
    const secret = (await page.locator('.ant-descriptions-item-content code').first().innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const { generate } = await import('otplib');
    await page.getByLabel(t('auth.totpCode')).fill(await generate({ secret }));
    await page.getByRole('button', { name: t('profile.totpConfirm') }).click();
    await heading(page, t('dashboard.title'));
    await page.getByRole('heading', { name: t('dashboard.welcome', { name: `${admin} 新管理员` }) }).waitFor();
  });
});
