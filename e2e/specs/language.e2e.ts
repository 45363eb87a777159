import { describe, expect } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { signInByApi } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t } from '../support/i18n';
import { choose, heading, mainNav } from '../support/ui';

useBrowser();

describe('language', () => {
  journey('switching from Chinese to English is remembered across a reload and reaches the API', async ({ context, page }) => {
    await signInByApi(context, 'bureau');
    await page.goto('/');
    await heading(page, t('dashboard.title'));
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await page.getByRole('button', { name: t('language.switch') }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await heading(page, t('dashboard.title', {}, 'en-US'));
    await mainNav(page, 'en-US').getByRole('link', { name: t('nav.organizations', {}, 'en-US') }).waitFor();
    await expectAccessible(page, 'the English dashboard');

    await page.reload();
    await heading(page, t('dashboard.title', {}, 'en-US'));
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    expect(await page.title()).toBe(t('app.title', {}, 'en-US'));

    // The server answers in the chosen language too: its error message for a duplicate username.
    await mainNav(page, 'en-US').getByRole('link', { name: t('nav.users', {}, 'en-US') }).click();
    await heading(page, t('nav.users', {}, 'en-US'));
    await expectAccessible(page, 'the English users page');
    await page.getByRole('button', { name: t('user.create', {}, 'en-US') }).click();
    const dialog = page.getByRole('dialog', { name: t('user.createTitle', {}, 'en-US') });
    await dialog.getByLabel(t('user.username', {}, 'en-US')).fill('bureau');
    await dialog.getByLabel(t('user.displayName', {}, 'en-US'), { exact: true }).fill('Duplicate');
    await dialog.getByLabel(t('user.initialPassword', {}, 'en-US')).fill('Another-Pass-2026!');
    await choose(dialog, t('user.role', {}, 'en-US'), t('role.enterprise_user', {}, 'en-US'));
    await choose(dialog, t('user.organization', {}, 'en-US'), '深圳市鹏城锂电科技有限公司', '鹏城');
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.url().endsWith('/api/users') && candidate.request().method() === 'POST'),
      dialog.getByRole('button', { name: t('common.save', {}, 'en-US') }).click(),
    ]);
    expect(response.status()).toBe(409);
    expect(response.request().headers()['accept-language']).toBe('en-US');
    const { error } = (await response.json()) as { error: { message: string } };
    await page.getByText(error.message).first().waitFor();
    expect(error.message).toMatch(/[A-Za-z]/);
    expect(error.message).not.toMatch(/[\u4e00-\u9fff]/);
    await dialog.getByRole('button', { name: t('common.cancel', {}, 'en-US') }).click();

    // And back to Chinese.
    await page.getByRole('button', { name: t('language.switch', {}, 'en-US') }).click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await heading(page, t('nav.users'));
    await page.reload();
    await heading(page, t('nav.users'));
  });
});
