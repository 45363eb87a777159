import { describe, expect } from 'vitest';
import searchZh from '../../web/src/i18n/features/search.zh-CN.json';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t as shellT } from '../support/i18n';
import { choose, heading } from '../support/ui';

useBrowser();

/** The UI's wording: the search feature's own strings first, then the shell's. */
function t(key: string, params: Record<string, string | number> = {}): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], searchZh);
  if (typeof value !== 'string') return shellT(key, params);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

const QUERY = '钠离子电池 隔膜 ipc:H01M';

describe('chosen results', () => {
  journey('a choice survives opening a record and is added, with a note, to an existing saved search', async ({ context, page }) => {
    const name = unique('已有检索-');
    const staff = await apiAs('staff');
    await staff.post('/api/saved-searches', { name, query: '钠离子电池' });
    await staff.dispose();

    await signInByApi(context, 'staff');
    await page.goto(`/patents?q=${encodeURIComponent(QUERY)}`);
    await heading(page, t('nav.patents'));
    const results = page.getByRole('list', { name: t('search.results.title') }).getByRole('listitem');
    await expect.poll(() => results.count()).toBe(4);
    const [first, second] = (await results.getByRole('heading', { level: 3 }).allInnerTexts()) as [string, string];

    // One result is chosen, its record opened, and the way back still shows it chosen.
    await page.getByRole('checkbox', { name: t('search.results.choose', { title: first }) }).check();
    await page.getByRole('link', { name: first }).click();
    await heading(page, first);
    await page.goBack();
    await page.getByText(t('search.results.chosen', { count: 1 })).waitFor();
    expect(await page.getByRole('checkbox', { name: t('search.results.choose', { title: first }) }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: t('search.results.choose', { title: second }) }).check();
    await page.getByText(t('search.results.chosen', { count: 2 })).waitFor();

    // Both go into the existing saved search, one with a note.
    await page.getByRole('button', { name: t('search.add.open') }).click();
    const dialog = page.getByRole('dialog', { name: t('search.add.title') });
    await choose(dialog, t('search.add.target'), name);
    await dialog.getByLabel(t('search.save.noteOf', { title: first })).fill('补充的对比文件');
    await expectAccessible(page, 'the add-to-saved-search dialog', '.ant-modal-wrap');
    await dialog.getByRole('button', { name: t('search.add.submit') }).click();

    await heading(page, name);
    await page.getByRole('link', { name: first }).waitFor();
    await page.getByRole('link', { name: second }).waitFor();
    expect(await page.getByLabel(t('search.save.noteOf', { title: first })).inputValue()).toBe('补充的对比文件');

    // The choice was used: the search page starts with none chosen.
    await page.goto(`/patents?q=${encodeURIComponent(QUERY)}`);
    await page.getByText(t('search.results.chosen', { count: 0 })).waitFor();
  });
});
