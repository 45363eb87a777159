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
  journey('staff search a mark name, narrow by Nice class, export the results, save two marks as a watched search with its report, find the Latin mark whatever its case, and open a record', async ({ context, page }) => {
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

    // Two marks of class 9 chosen and saved as a watched trademark search, one with a note.
    // (Marks may share a name: each is told by its registration number.)
    const picked = [rows.nth(0), rows.nth(1)];
    const names = await Promise.all(picked.map((row) => row.locator('td:nth-child(2) a').innerText()));
    const numbers = await Promise.all(picked.map((row) => row.locator('td:nth-child(3)').innerText()));
    for (const [i, row] of picked.entries()) await row.getByRole('checkbox', { name: t('search.results.choose', { title: names[i] }) }).check();
    await page.getByText(t('search.results.chosen', { count: 2 })).waitFor();
    await page.getByRole('button', { name: t('search.results.save') }).click();
    const dialog = page.getByRole('dialog', { name: t('search.save.title') });
    const name = `鹏城锂电 第 9 类监测 ${Date.now()}`;
    await dialog.getByLabel(t('search.save.name')).fill(name);
    await dialog.getByLabel(t('search.save.markSubject')).fill('拟申请商标“鹏城锂电”，第 9 类电池');
    await dialog.getByLabel(t('search.save.noteOf', { title: names[0] })).first().fill('文字相同，类别相同');
    await dialog.getByRole('switch', { name: t('search.save.watch') }).click();
    // A mark is judged the same or a similar mark (not X / Y / A).
    await choose(dialog.locator('.search-chosen-item').first(), t('search.category.of', { title: names[0] }), t('search.category.same'), '');
    for (const number of numbers) await dialog.getByText(number).waitFor();
    await expectAccessible(page, 'the save dialog of a trademark search', '.ant-modal-wrap');
    await dialog.getByRole('button', { name: t('search.save.submit') }).click();

    // The saved search: a trademark search in class 9, the two marks with the note, the watch on.
    await heading(page, name);
    await page.getByText(t('search.trademark.classTag', { n: 9 })).first().waitFor();
    for (const number of numbers) await page.getByRole('cell', { name: number }).waitFor();
    expect(await page.getByLabel(t('search.save.noteOf', { title: names[0] })).first().inputValue()).toBe('文字相同，类别相同');
    expect(await page.getByRole('switch', { name: t('search.detail.watch') }).getAttribute('aria-checked')).toBe('true');
    await expectAccessible(page, 'a saved trademark search');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const saved = (await (await context.request.get(`/api/saved-searches/${id}`)).json()) as { data: { kind: string; niceClass: number; query: string; watch: boolean; results: { registrationNumber: string; note: string; category: string | null }[] } };
    expect(saved.data).toMatchObject({ kind: 'trademark', niceClass: 9, query: MARK, watch: true });
    expect(saved.data.results.map((r) => r.registrationNumber)).toEqual(numbers);
    expect(saved.data.results[0]).toMatchObject({ note: '文字相同，类别相同', category: 'same' });
    // Another class: the query is counted again in it.
    await choose(page, t('search.trademark.niceClass'), t('search.trademark.classOption', { n: 35, name: t('search.nice.35') }), '第 35 类');
    await page.getByText(t('search.detail.classChanged')).waitFor();
    const in35 = (await (await context.request.get(`/api/trademarks/search?q=${encodeURIComponent(MARK)}&niceClass=35`)).json()) as { total: number };
    const recounted = (await (await context.request.get(`/api/saved-searches/${id}`)).json()) as { data: { niceClass: number; queries: { hits: number }[] } };
    expect(recounted.data.niceClass).toBe(35);
    expect(recounted.data.queries[0].hits).toBe(in35.total);
    await choose(page, t('search.trademark.niceClass'), t('search.trademark.classOption', { n: 9, name: t('search.nice.9') }), '第 9 类');
    await expect.poll(async () => ((await (await context.request.get(`/api/saved-searches/${id}`)).json()) as { data: { niceClass: number } }).data.niceClass).toBe(9);
    // Its report is a trademark search report.
    const report = await context.request.get(`/api/saved-searches/${id}/report.pdf`);
    expect(report.headers()['content-disposition']).toContain(encodeURIComponent('商标检索报告'));
    expect((await report.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Run again from the saved search: the trademark search, in class 9.
    await page.getByRole('button', { name: t('search.detail.rerun') }).click();
    await heading(page, t('nav.trademarks'));
    await expect.poll(() => new URL(page.url()).searchParams.get('niceClass')).toBe('9');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);

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
