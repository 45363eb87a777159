import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t } from '../support/i18n';
import { heading, signInThroughForm, signOut } from '../support/ui';

useBrowser();

describe('my account', () => {
  // A throwaway account whose password this journey may change.
  const username = unique('profile_');
  const displayName = `${username} 测试`;
  const initial = 'Initial-Pass-2026!';
  const current = 'Current-Pass-2026!';
  const changed = 'Changed-Pass-2026#';
  let bureau: Awaited<ReturnType<typeof apiAs>>;

  beforeAll(async () => {
    bureau = await apiAs('bureau');
    const orgs = await bureau.get<{ items: { id: string }[] }>('/api/organizations?type=workstation&pageSize=1');
    await bureau.post('/api/users', { username, displayName, password: initial, organizationId: orgs.items[0]?.id, role: 'workstation_staff' });
    // The first sign-in of an account an admin created must change the password; done here through the API.
    const self = await apiAs(username, initial);
    await self.post('/api/auth/password', { currentPassword: initial, newPassword: current });
    await self.dispose();
  });
  afterAll(async () => {
    await bureau?.dispose();
  });

  journey('change the password, review sessions, create and revoke an API token, turn on two-step sign-in', async ({ baseUrl, context, page }) => {
    await signInByApi(context, username, current);
    await page.goto('/profile');
    await heading(page, t('nav.profile'));
    await page.getByRole('cell', { name: username, exact: true }).waitFor();
    await expectAccessible(page, 'profile: account');

    // Change the password.
    await page.getByRole('tab', { name: t('profile.tabs.password') }).click();
    await page.getByLabel(t('password.current')).fill(current);
    await page.getByLabel(t('password.new'), { exact: true }).fill(changed);
    await page.getByLabel(t('password.confirm')).fill(changed);
    await expectAccessible(page, 'profile: password');
    await page.getByRole('button', { name: t('password.submit') }).click();
    await page.locator('.ant-message').getByText(t('password.changed')).waitFor();
    const other = await apiAs(username, changed); // the new password works (and opens a second session)

    // Sessions: this one is marked; another can be revoked.
    await page.getByRole('tab', { name: t('profile.tabs.sessions') }).click();
    const sessionRows = page.locator('.ant-table-tbody tr.ant-table-row');
    await sessionRows.filter({ hasText: t('profile.session.current') }).waitFor();
    await expect.poll(() => sessionRows.count()).toBeGreaterThanOrEqual(2);
    await expectAccessible(page, 'profile: sessions');
    const before = await sessionRows.count();
    await sessionRows
      .filter({ hasNotText: t('profile.session.current') })
      .first()
      .getByRole('button', { name: t('profile.session.revoke') })
      .click();
    await page.getByRole('button', { name: t('common.confirm') }).click();
    await page.locator('.ant-message').getByText(t('profile.sessionRevoked')).waitFor();
    await expect.poll(() => sessionRows.count()).toBe(before - 1);
    await other.dispose();

    // API tokens: created, shown once, works, revoked.
    await page.getByRole('tab', { name: t('profile.tabs.tokens') }).click();
    const tokenName = unique('sync-');
    await page.getByLabel(t('profile.token.name')).fill(tokenName);
    await page.getByRole('button', { name: t('profile.token.create') }).click();
    const shown = page.getByRole('dialog', { name: t('profile.token.createdTitle') });
    await shown.waitFor();
    await expectAccessible(page, 'profile: new token dialog', '.ant-modal-wrap');
    const token = (await shown.locator('.secret-value code').innerText()).trim();
    expect(token.length).toBeGreaterThan(20);
    await shown.getByRole('button', { name: t('profile.token.done') }).click();
    await shown.waitFor({ state: 'hidden' });
    const asToken = () => fetch(`${baseUrl}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await asToken()).toBe(200);
    const tokenRow = page.getByRole('row').filter({ hasText: tokenName });
    await tokenRow.waitFor();
    await expectAccessible(page, 'profile: tokens');
    await tokenRow.getByRole('button', { name: t('profile.token.revokeNamed', { name: tokenName }) }).click();
    await page.getByRole('button', { name: t('common.confirm') }).click();
    await tokenRow.waitFor({ state: 'detached' });
    expect(await asToken()).toBe(401);

    // Two-step sign-in: scan (here: read the secret), confirm with a code, then sign in with it.
    await page.getByRole('tab', { name: t('profile.tabs.totp') }).click();
    await page.getByRole('button', { name: t('profile.totpSetup') }).click();
    const secret = (await page.locator('.totp-setup code').first().innerText()).trim();
    await expectAccessible(page, 'profile: two-step setup');
    await page.getByLabel(t('auth.totpCode')).fill(await generate({ secret }));
    await page.getByRole('button', { name: t('profile.totpConfirm') }).click();
    await page.getByRole('tabpanel').getByText(t('profile.totpOnTitle')).waitFor();

    await signOut(page, displayName);
    await signInThroughForm(page, username, changed);
    await heading(page, t('auth.totpTitle'));
    await expectAccessible(page, 'the two-step sign-in step');
    await page.getByLabel(t('auth.totpCode')).fill(await generate({ secret }));
    await page.getByRole('button', { name: t('auth.verify') }).click();
    await heading(page, t('dashboard.title'));
  });
});
