import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect } from 'vitest';
import type { Page } from 'playwright-core';
import zhCN from '../../web/src/i18n/zh-CN.json';
import casesZhCN from '../../web/src/i18n/features/cases.zh-CN.json';
import professionalsZhCN from '../../web/src/i18n/features/professionals.zh-CN.json';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
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
const DEMO_AGENCY = '深圳市知信专利代理事务所（普通合伙）'; // the demo seed's agency

/** Types values into an antd tags select (no option list) found by its label. */
async function typeTags(scope: ReturnType<Page['getByRole']>, page: Page, label: string, values: string[]) {
  const combobox = scope.getByRole('combobox', { name: label, exact: true });
  for (const value of values) {
    await combobox.click();
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  }
}

/** Checks an antd radio (plain or button style) by clicking its label: the input itself is hidden. */
async function pickRadio(scope: ReturnType<Page['getByRole']>, name: string) {
  await scope.locator('label').filter({ has: scope.page().getByRole('radio', { name, exact: true }) }).click();
}

/** The rows of the professionals export as { header: text }, without the header row. */
async function exportedRows(page: Page) {
  const exported = page.waitForEvent('download');
  await page.getByRole('link', { name: pt('professional.export') }).click();
  const download = await exported;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('专业服务机构与专家')!;
  const headers: [string, number][] = [];
  sheet.getRow(1).eachCell((cell, column) => headers.push([cell.text, column]));
  const rows: Record<string, string>[] = [];
  sheet.eachRow((row, index) => {
    if (index > 1) rows.push(Object.fromEntries(headers.map(([header, column]) => [header, row.getCell(column).text])));
  });
  return rows;
}

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

  journey('the bureau registers a new agency with its organization and profile, filters by jurisdiction and exports what the list shows', async ({ context, page }) => {
    await signInByApi(context, 'bureau');
    await page.goto('/professionals');
    await heading(page, pt('nav.professionals'));
    const name = unique('深圳市登记测试专利代理所');
    const licence = unique('44REG');

    await page.getByRole('button', { name: pt('professional.create') }).click();
    const dialog = page.getByRole('dialog', { name: pt('professional.createTitle') });
    await dialog.waitFor();
    await dialog.getByLabel(pt('organization.name'), { exact: true }).fill(name);
    // A code of the right shape with a wrong check character: the server refuses it on the field.
    const code = validUscc('91440300');
    await dialog.getByLabel(pt('organization.uscc'), { exact: true }).fill(withWrongCheck(code));
    await choose(dialog, pt('professional.agencyType'), pt('professional.agencyTypes.patent_agency'), '');
    await dialog.getByLabel(pt('professional.licenceNumber'), { exact: true }).fill(licence);
    await typeTags(dialog, page, pt('professional.jurisdictions'), ['JP', 'EP']);
    await expectAccessible(page, 'the registration form');
    await dialog.getByRole('button', { name: pt('common.save') }).click();
    await dialog.getByText('统一社会信用代码格式或校验位不正确').waitFor();
    await dialog.getByLabel(pt('organization.uscc'), { exact: true }).fill(code);
    await dialog.getByRole('button', { name: pt('common.save') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(pt('professional.created', { name })).waitFor();

    // Filtered to agencies working in Japan: the new one is there, the filter is in the address and in the export link.
    await choose(page, pt('professional.kind'), pt('professional.kinds.agency'));
    await choose(page, pt('professional.jurisdiction'), `JP ${pt('professional.jurisdictionNames.JP')}`, 'JP');
    await expect.poll(() => new URL(page.url()).searchParams.get('jurisdiction')).toBe('JP');
    await expect.poll(() => page.getByRole('link', { name: pt('professional.export') }).getAttribute('href')).toContain('jurisdiction=JP');
    await rowOf(page, name).waitFor();
    expect(await rowOf(page, name).innerText()).toContain(licence);
    // The list's count for this filter, as the API gives it; the page shows the same.
    const { total } = (await (await page.request.get('/api/professionals?kind=agency&jurisdiction=JP&pageSize=1')).json()) as { total: number };
    expect(total).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.ant-pagination-total-text').innerText()).toBe(pt('common.total', { count: String(total) }));

    const rows = await exportedRows(page);
    expect(rows.length).toBe(total);
    expect(rows.every((row) => row['类别'] === '服务机构' && row['境外法域']!.split('; ').includes('JP'))).toBe(true);
    expect(rows.find((row) => row['名称'] === name)).toMatchObject({ 执业许可证号: licence, 机构类型: '专利代理机构', 境外法域: 'JP; EP' });

    // Another jurisdiction leaves the new agency out of both the list and the file.
    await choose(page, pt('professional.jurisdiction'), `BR ${pt('professional.jurisdictionNames.BR')}`, 'BR');
    await expect.poll(() => rowOf(page, name).count()).toBe(0);
    expect((await exportedRows(page)).some((row) => row['名称'] === name)).toBe(false);

    // The same licence number again is refused with the number named, and no second agency appears.
    await page.getByRole('button', { name: pt('professional.create') }).click();
    await dialog.waitFor();
    await dialog.getByLabel(pt('organization.name'), { exact: true }).fill(`${name}二`);
    await dialog.getByLabel(pt('professional.licenceNumber'), { exact: true }).fill(licence);
    await dialog.getByRole('button', { name: pt('common.save') }).click();
    await dialog.getByText(`执业许可证号 ${licence} 已由其他机构或人员登记`).waitFor();
    await dialog.getByRole('button', { name: pt('common.cancel') }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  journey('the bureau files a profile for an existing expert account and registers a mediator with a new account', async ({ context, page }) => {
    const bureau = await apiAs('bureau');
    const agencies = await bureau.get<{ items: { id: string }[] }>(`/api/organizations?type=agency&q=${encodeURIComponent(DEMO_AGENCY)}`);
    const expertName = unique('专家 待建档');
    await bureau.post('/api/users', { username: unique('exp.'), displayName: expertName, password: 'Expert-Pass-2026!', organizationId: agencies.items[0]!.id, role: 'expert' });
    await bureau.dispose();

    await signInByApi(context, 'bureau');
    await page.goto('/professionals');
    await heading(page, pt('nav.professionals'));
    const dialog = page.getByRole('dialog', { name: pt('professional.createTitle') });

    // An existing expert account without a profile, chosen by name.
    await page.getByRole('button', { name: pt('professional.create') }).click();
    await dialog.waitFor();
    await pickRadio(dialog, pt('professional.kinds.expert'));
    await choose(dialog, pt('professional.existingUser'), expertName);
    await dialog.getByLabel(pt('professional.licenceNumber'), { exact: true }).fill(unique('44EXP'));
    await chooseMany(dialog, pt('professional.ipTypes'), [pt('cases.ipType.trademark')]);
    await dialog.getByRole('button', { name: pt('common.save') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('searchbox', { name: pt('professional.search') }).fill(expertName);
    await page.keyboard.press('Enter');
    await rowOf(page, expertName).waitFor();
    expect(await rowOf(page, expertName).innerText()).toContain(pt('cases.ipType.trademark'));

    // Once filed, the account is no longer offered.
    await page.getByRole('button', { name: pt('professional.create') }).click();
    await dialog.waitFor();
    await pickRadio(dialog, pt('professional.kinds.expert'));
    const existing = dialog.getByRole('combobox', { name: pt('professional.existingUser'), exact: true });
    await existing.click();
    await page.keyboard.type(expertName);
    await page.locator('.ant-select-dropdown:visible').getByText(pt('common.noMatch')).waitFor();
    await page.keyboard.press('Escape');

    // A new mediator account in an agency, with its profile.
    const mediatorName = unique('调解员 新登记');
    await pickRadio(dialog, pt('professional.kinds.mediator'));
    await pickRadio(dialog, pt('professional.personModes.new'));
    await dialog.getByLabel(pt('user.username'), { exact: true }).fill(unique('med.'));
    await dialog.getByLabel(pt('user.displayName'), { exact: true }).fill(mediatorName);
    await dialog.getByLabel(pt('user.initialPassword'), { exact: true }).fill('Mediator-Pass-2026!');
    await choose(dialog, pt('professional.accountOrganization'), DEMO_AGENCY, '知信');
    await dialog.getByRole('switch', { name: pt('professional.available') }).click();
    await dialog.getByRole('button', { name: pt('common.save') }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('searchbox', { name: pt('professional.search') }).fill(mediatorName);
    await page.keyboard.press('Enter');
    await rowOf(page, mediatorName).waitFor();
    const row = await rowOf(page, mediatorName).innerText();
    expect(row).toContain(pt('professional.kinds.mediator'));
    expect(row).toContain(DEMO_AGENCY);
    expect(row).toContain(pt('professional.availableNo'));
  });
});
