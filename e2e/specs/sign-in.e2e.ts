import { afterAll, beforeAll, describe, expect } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { apiAs, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t } from '../support/i18n';
import { heading, signInThroughForm } from '../support/ui';

useBrowser();

// The server's own wording (zh-CN) for the two refusals.
const WRONG_PASSWORD = '用户名或密码错误';
const LOCKED = '登录失败次数过多';

describe('sign-in refusals', () => {
  // A throwaway account, so locking it leaves the demo accounts usable.
  const username = unique('lockme_');
  const password = 'Throwaway-Pass-2026!';
  let bureau: Awaited<ReturnType<typeof apiAs>>;

  beforeAll(async () => {
    bureau = await apiAs('bureau');
    const orgs = await bureau.get<{ items: { id: string }[] }>('/api/organizations?type=enterprise&pageSize=1');
    await bureau.post('/api/users', {
      username,
      displayName: username,
      password,
      organizationId: orgs.items[0]?.id,
      role: 'enterprise_user',
    });
  });
  afterAll(async () => {
    await bureau?.dispose();
  });

  journey('a wrong password is refused with a message, and repeated failures lock the username', async ({ page }) => {
    await page.goto('/login');
    await expectAccessible(page, 'the sign-in page');

    const alert = page.getByRole('alert');
    const attempt = async (secret: string) => {
      const [response] = await Promise.all([
        page.waitForResponse((candidate) => candidate.url().endsWith('/api/auth/login')),
        signInThroughForm(page, username, secret),
      ]);
      return response.status();
    };

    for (let failure = 1; failure <= 5; failure += 1) {
      expect(await attempt(`Wrong-Pass-${failure}!`)).toBe(401);
      await alert.filter({ hasText: WRONG_PASSWORD }).waitFor();
    }
    await expectAccessible(page, 'the sign-in page with an error');

    // Sixth try, even with the right password: the username is locked for a while.
    expect(await attempt(password)).toBe(429);
    await alert.filter({ hasText: LOCKED }).waitFor();
    expect(await alert.filter({ hasText: WRONG_PASSWORD }).count()).toBe(0);
    await heading(page, t('auth.signInTitle'));
  });

  journey('a forgotten password: the sign-in page leads to the reset request, and a link that is not valid is refused in words', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: t('passwordReset.forgot') }).click();
    await heading(page, t('passwordReset.requestTitle'));
    await expectAccessible(page, 'the password reset request');
    // The answer is the same whether or not the account exists, and says who else can reset it.
    await page.getByLabel(t('passwordReset.login')).fill('staff');
    await page.getByRole('button', { name: t('passwordReset.send') }).click();
    await page.getByText(t('passwordReset.sentTitle')).waitFor();
    await page.getByText(t('passwordReset.sentHint')).waitFor();

    await page.goto('/reset-password?token=not-a-real-reset-token');
    await heading(page, t('passwordReset.resetTitle'));
    await page.getByLabel(t('password.new'), { exact: true }).fill('Another-Pass-2026!');
    await page.getByLabel(t('password.confirm')).fill('Another-Pass-2026!');
    await page.getByRole('button', { name: t('passwordReset.submit') }).click();
    await page.getByRole('alert').filter({ hasText: '重置链接无效或已过期' }).waitFor();
    await expectAccessible(page, 'the password reset form');
    await page.goto('/reset-password');
    await page.getByText(t('passwordReset.noToken')).waitFor();
  });
});
