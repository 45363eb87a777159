import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import zhCN from '../../web/src/i18n/zh-CN.json';
import casesZhCN from '../../web/src/i18n/features/cases.zh-CN.json';
import professionalsZhCN from '../../web/src/i18n/features/professionals.zh-CN.json';
import { expectAccessible } from '../support/a11y';
import { signInByApi } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { chooseMany, validUscc, withWrongCheck } from '../support/registry';
import { choose, heading, mainNav } from '../support/ui';

useBrowser();

type Tree = { [key: string]: string | Tree };
const RESOURCES: Tree = { ...(zhCN as Tree), ...(casesZhCN as Tree), ...(professionalsZhCN as Tree) };
/** The professionals screen's wording by key (zh-CN). */
function pt(key: string, params: Record<string, string> = {}): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], RESOURCES);
  if (typeof value !== 'string') throw new Error(`no text for ${key}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? '');
}

const EXPERT = '专利代理师 钱程'; // the demo seed's expert

function rowOf(page: Page, name: string) {
  return page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: name });
}

describe('professionals', () => {
  journey('the bureau files an expert profile with a conflict declaration, finds it by a filter, and marks the expert unavailable', async ({ context, page }) => {
    await signInByApi(context, 'bureau');
    await page.goto('/');
    await mainNav(page).getByRole('link', { name: pt('nav.professionals') }).click();
    await heading(page, pt('nav.professionals'));
    await expectAccessible(page, 'the professionals list');

    await choose(page, pt('professional.kind'), pt('professional.kinds.expert'));
    await page.getByRole('button', { name: pt('professional.editNamed', { name: EXPERT }) }).click();
    const dialog = page.getByRole('dialog', { name: pt('professional.editTitle', { name: EXPERT }) });
    await dialog.waitFor();
    await dialog.getByLabel(pt('professional.licenceNumber')).fill('44E2E0001');
    await chooseMany(dialog, pt('professional.ipTypes'), [pt('cases.ipType.trade_secret')]);

    // A code with a wrong check character is refused before it is sent.
    const good = validUscc('91440305');
    const bad = withWrongCheck(validUscc('91440306'));
    const conflicts = dialog.getByRole('combobox', { name: pt('professional.conflictUsccs'), exact: true });
    await conflicts.click();
    await page.keyboard.type(bad);
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: pt('common.save') }).click();
    await dialog.getByText(pt('professional.badUscc', { code: bad })).waitFor();
    await dialog.locator('.ant-select-selection-item').filter({ hasText: bad }).locator('.ant-select-selection-item-remove').click();
    await conflicts.click();
    await page.keyboard.type(good);
    await page.keyboard.press('Enter');
    await dialog.getByLabel(pt('professional.ndaOnFile')).check();
    await expectAccessible(page, 'the profile form');
    await dialog.getByRole('button', { name: pt('common.save') }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Found by the specialty filter; the drawer shows the declaration to the bureau.
    await choose(page, pt('professional.ipType'), pt('cases.ipType.trade_secret'));
    await rowOf(page, EXPERT).waitFor();
    await rowOf(page, EXPERT).getByRole('button', { name: EXPERT, exact: true }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: pt('professional.conflictUsccs') });
    await expect.poll(() => drawer.innerText()).toContain(good);
    expect(await drawer.innerText()).toContain('44E2E0001');
    await drawer.getByRole('button', { name: /close|关闭/i }).click();
    await drawer.waitFor({ state: 'hidden' });

    // Marked unavailable, the expert leaves the "available" filter and appears under "unavailable".
    await page.getByRole('button', { name: pt('professional.editNamed', { name: EXPERT }) }).click();
    await dialog.waitFor();
    await dialog.getByRole('switch', { name: pt('professional.available') }).click();
    await dialog.getByRole('button', { name: pt('common.save') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await choose(page, pt('professional.available'), pt('professional.availableYes'));
    await expect.poll(() => rowOf(page, EXPERT).count()).toBe(0);
    await choose(page, pt('professional.available'), pt('professional.availableNo'));
    await rowOf(page, EXPERT).waitFor();
    expect(await rowOf(page, EXPERT).innerText()).toContain(pt('professional.availableNo'));
  });
});
