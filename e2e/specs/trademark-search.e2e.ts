import ExcelJS from 'exceljs';
import { describe, expect } from 'vitest';
import searchZh from '../../web/src/i18n/features/search.zh-CN.json';
import { expectAccessible } from '../support/a11y';
import { signInByApi } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t as shellT } from '../support/i18n';
import { choose, heading, mainNav } from '../support/ui';

useBrowser();

/** The UI's wording: the search feature's own strings first, then the shell's. */
function t(key: string, params: Record<string, string | number> = {}): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], searchZh);
  if (typeof value !== 'string') return shellT(key, params);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** The demo seed's trademarks (server/src/seed/demo-trademarks.ts): 鹏城锂电 is filed in classes 9 and 35. */
const MARK = '鹏城锂电';

describe('trademark search', () => {
  journey('staff search a mark name, narrow by Nice class, find the Latin mark whatever its case, and open a record', async ({ context, page }) => {
    await signInByApi(context, 'staff');
    await page.goto('/');
    await heading(page, shellT('dashboard.title'));
    await mainNav(page).getByRole('link', { name: t('nav.trademarks') }).click();
    await heading(page, t('nav.trademarks'));

    // A malformed query is answered with the server's message, next to the box.
    const box = page.getByRole('textbox', { name: t('search.trademark.query') });
    await box.fill(`"${MARK}`);
    await box.press('Enter');
    await page.getByRole('alert').waitFor();
    expect(await box.getAttribute('aria-invalid')).toBe('true');

    // The mark name as a Chinese substring: every row holds it.
    await box.fill(MARK);
    await box.press('Enter');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    for (const text of await rows.allInnerTexts()) expect(text).toContain(MARK);
    await expectAccessible(page, 'trademark results');

    // Narrowed to class 9: fewer rows, each in class 9.
    const all = await rows.count();
    await choose(page, t('search.trademark.niceClass'), t('search.trademark.classOption', { n: 9, name: t('search.nice.9') }), '第 9 类');
    await expect.poll(async () => (await rows.count()) < all && (await rows.count()) > 0).toBe(true);
    for (const text of await rows.allInnerTexts()) expect(text).toContain(t('search.trademark.classTag', { n: 9 }));
    expect(new URL(page.url()).searchParams.get('niceClass')).toBe('9');

    // The narrowed results exported: the same marks, each in class 9.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: t('search.results.export') }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.worksheets[0].getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(sheet.length).toBeGreaterThanOrEqual(await rows.count());
    for (const r of sheet) {
      expect(String(r[2])).toContain(MARK);
      expect(String(r[3]).split('; ')).toContain('9');
    }

    // A Latin mark is a whole token, in any case.
    await box.fill('pengcheng');
    await box.press('Enter');
    await expect.poll(async () => (await rows.allInnerTexts()).length > 0 && (await rows.allInnerTexts()).every((text) => text.includes('PENGCHENG'))).toBe(true);

    // The record: its classes, similar groups and goods.
    await rows.first().getByRole('link').click();
    await page.getByText(t('search.trademark.similarGroups')).first().waitFor();
    await page.getByText(t('search.trademark.goodsServices')).first().waitFor();
    await expectAccessible(page, 'a trademark record');
  });
});
