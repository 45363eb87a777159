import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { t } from './i18n';

/**
 * Picks an option in an antd Select found by its label: open it, type to narrow the list (by
 * default the option's own text, when the select is searchable), choose the option.
 */
export async function choose(scope: Page | Locator, label: string, option: string, search = option): Promise<void> {
  const page = 'page' in scope ? scope.page() : scope;
  const combobox = scope.getByRole('combobox', { name: label, exact: true });
  await combobox.click();
  // The open combobox names its listbox; the clickable options sit in the same dropdown (antd also
  // keeps an off-screen copy of the options for screen readers, which is not clickable).
  const listbox = await combobox.getAttribute('aria-controls');
  if (!listbox) throw new Error(`the ${label} list did not open`);
  const dropdown = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listbox}"]`) });
  const options = dropdown.locator('.ant-select-item-option');
  await options.first().waitFor();
  const searchable = (await combobox.getAttribute('readonly')) === null;
  if (searchable && search) {
    await page.keyboard.type(search);
    // Options come from the server as you type: wait until the list shows only matches.
    await expect
      .poll(async () => {
        const texts = await options.allInnerTexts();
        return texts.length > 0 && texts.every((text) => text.includes(search));
      })
      .toBe(true);
  }
  // Choose with the keyboard, as clicks on antd's animated, virtualised list can miss: move the
  // highlight to the option, then Enter.
  const active = dropdown.locator('.ant-select-item-option-active');
  for (let step = 0; ; step += 1) {
    const text = (await active.count()) > 0 ? await active.innerText() : '';
    if (text.includes(option)) break;
    if (step > 50) throw new Error(`no option "${option}" in ${label}`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await dropdown.waitFor({ state: 'hidden' });
}

/** Waits for the page's h1. */
export async function heading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

export function mainNav(page: Page, locale: 'zh-CN' | 'en-US' = 'zh-CN'): Locator {
  return page.getByRole('navigation', { name: t('nav.main', {}, locale) });
}

export async function signInThroughForm(page: Page, username: string, password: string): Promise<void> {
  await heading(page, t('auth.signInTitle'));
  await page.getByLabel(t('auth.username')).fill(username);
  await page.getByLabel(t('auth.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: t('auth.signIn') }).click();
}

export async function signOut(page: Page, displayName: string): Promise<void> {
  await page.getByRole('button', { name: displayName }).click();
  await page.getByRole('menuitem', { name: t('auth.signOut') }).click();
  await heading(page, t('auth.signInTitle'));
}
