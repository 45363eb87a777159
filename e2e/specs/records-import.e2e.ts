import { describe, expect } from 'vitest';
import searchZh from '../../web/src/i18n/features/search.zh-CN.json';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t as shellT } from '../support/i18n';
import { heading, mainNav } from '../support/ui';

useBrowser();

/** The UI's wording: the search feature's own strings first, then the shell's. */
function t(key: string, params: Record<string, string | number> = {}): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], searchZh);
  if (typeof value !== 'string') return shellT(key, params);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

describe('records import', () => {
  journey('the workstation admin uploads patent records with one bad row, follows the job and finds the new records', async ({ context, page }) => {
    // A Latin word no other record has (letters only: it matches as one whole token).
    const word = `zqx${Date.now().toString(36).replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)] ?? 'a')}`;
    const lines = [
      { externalId: unique('e2e-a-'), title: '一种导入测试电极材料', abstract: `含 ${word} 的电极。`, applicants: ['导入测试公司'], publicationDate: '2024-01-05' },
      { title: '没有任何编号的记录' },
      { externalId: unique('e2e-b-'), title: '一种导入测试隔膜', abstract: `含 ${word} 的隔膜。`, applicants: ['导入测试公司'], publicationDate: '2024-02-05' },
    ];

    // The workstation admin opens patent search and, from there, the import page.
    await signInByApi(context, 'wsadmin');
    await page.goto('/');
    await mainNav(page).getByRole('link', { name: t('nav.patents') }).click();
    await heading(page, t('nav.patents'));
    await page.getByRole('button', { name: t('search.import.open') }).click();
    await heading(page, t('search.import.title'));
    await expectAccessible(page, 'the import page');

    // A file of another type is refused next to the picker; a JSONL file is accepted.
    const picker = page.getByLabel(t('search.import.file'));
    await picker.setInputFiles({ name: 'records.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await page.getByText(t('search.import.fileType')).waitFor();
    expect(await page.getByRole('button', { name: t('search.import.start') }).isDisabled()).toBe(true);
    await picker.setInputFiles({ name: 'patents.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.map((line) => JSON.stringify(line)).join('\n')) });
    await page.getByRole('button', { name: t('search.import.start') }).click();

    // The job's id goes into the address; the page shows the counts and the bad row with its reason.
    await expect.poll(() => new URL(page.url()).searchParams.get('job')).toMatch(/\S/);
    await page.getByRole('heading', { name: t('search.import.doneWithRefused', { count: 1 }) }).waitFor();
    const count = (key: string) => page.locator('.ant-statistic').filter({ hasText: t(`search.import.count.${key}`) }).locator('.ant-statistic-content-value').innerText();
    expect(await count('read')).toBe('3');
    expect(await count('created')).toBe('2');
    expect(await count('refused')).toBe('1');
    const refused = page.getByRole('table', { name: t('search.import.refusedTitle') }).locator('tbody tr.ant-table-row');
    await expect.poll(() => refused.count()).toBe(1);
    expect(await refused.locator('td').first().innerText()).toBe('2');
    expect(await refused.locator('td').nth(1).innerText()).toContain('申请号、公开（公告）号或 externalId 至少填写一项');
    await expectAccessible(page, 'the import result');

    // The page can be left and opened again at the same address.
    const address = page.url();
    await page.goto('/');
    await page.goto(address);
    await page.getByRole('heading', { name: t('search.import.doneWithRefused', { count: 1 }) }).waitFor();

    // ...and the import page lists it among the recent imports, which open its report.
    await page.goto('/patents/import');
    const recentRow = page.getByRole('row').filter({ hasText: 'patents.jsonl' }).first();
    await recentRow.getByText(t('recentJobs.state.succeeded')).waitFor();
    await recentRow.getByText(t('search.import.recentSummary', { read: 3, created: 2, updated: 0, refused: 1 })).waitFor();
    await recentRow.getByRole('button', { name: t('recentJobs.open') }).click();
    await page.getByRole('heading', { name: t('search.import.doneWithRefused', { count: 1 }) }).waitFor();

    // The imported records are found by search.
    await page.getByRole('button', { name: t('search.import.toSearch.patents') }).click();
    const box = page.getByRole('textbox', { name: t('search.query.label') });
    await box.fill(word);
    await box.press('Enter');
    await page.getByText(t('search.results.total', { formatted: 2 }), { exact: true }).waitFor();
  });

  /**
   * A watch of each kind: the records its import brings that match (a trademark watch: in its Nice
   * class) and one that does not (a trademark of another class).
   */
  const WATCHES = [
    {
      kind: 'patent',
      imports: '/api/patents/imports',
      watch: {},
      records: (word: string) => [{ externalId: unique('e2e-w-'), title: `一种监视测试电池${word}`, applicants: ['监视测试公司'], publicationDate: '2024-03-05' }],
      shown: (word: string) => `一种监视测试电池${word}`,
      notShown: null as ((word: string) => string) | null,
    },
    {
      kind: 'trademark',
      imports: '/api/trademarks/imports',
      watch: { kind: 'trademark', niceClass: 9 },
      records: (word: string) => [
        { registrationNumber: String(70_000_000 + Math.floor(Math.random() * 9_999_999)), markName: `${word}`, niceClasses: [9], goodsServices: '电池；充电器', applicants: ['监视测试公司'], filingDate: '2024-03-05' },
        { registrationNumber: String(80_000_000 + Math.floor(Math.random() * 9_999_999)), markName: `${word} shop`, niceClasses: [35], goodsServices: '广告', applicants: ['监视测试公司'], filingDate: '2024-03-06' },
      ],
      shown: (word: string) => word,
      notShown: (word: string) => `${word} shop`,
    },
  ];

  for (const w of WATCHES) {
    journey(`a ${w.kind} watch the staff keep for their workstation alerts the colleague who imports a matching record; the bell leads to its alerts`, async ({ context, page }) => {
      const word = `zwt${Date.now().toString(36).replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)] ?? 'a')}`;
      // The clerk keeps a watch for the workstation on a word no record has yet.
      const staff = await apiAs('staff');
      const me = await staff.get<{ user: { roles: { role: string; organizationId: string }[] } }>('/api/auth/me');
      const workstationId = me.user.roles.find((role) => role.role === 'workstation_staff')?.organizationId;
      const name = unique('工作站监视-');
      await staff.post('/api/saved-searches', { name, query: word, workstationId, watch: true, ...w.watch });
      await staff.dispose();

      // The workstation admin imports records with that word (a file, run as a job).
      const { csrfToken } = await signInByApi(context, 'wsadmin');
      const file = Buffer.from(`${w.records(word).map((r) => JSON.stringify(r)).join('\n')}\n`);
      const upload = await context.request.post(w.imports, {
        headers: { 'X-CSRF-Token': csrfToken },
        multipart: { file: { name: 'watch.jsonl', mimeType: 'application/x-ndjson', buffer: file } },
      });
      expect(upload.status()).toBe(202);
      const { data: job } = (await upload.json()) as { data: { id: string } };
      await expect
        .poll(async () => ((await (await context.request.get(`/api/jobs/${job.id}`)).json()) as { data: { status: string } }).data.status, { timeout: 60_000 })
        .toBe('succeeded');

      // The bell counts the alert; opening it leads to the watch's alerts (not to the clerk's saved search).
      await page.goto('/');
      const bell = page.getByRole('button', { name: /^通知（[1-9]\d* 条未读）$/ });
      await bell.click();
      await page.getByRole('button', { name: new RegExp(name) }).click();
      await page.waitForURL(/\/patents\/watches\//);
      await heading(page, t('search.alerts.title'));
      await page.getByRole('link', { name: w.shown(word), exact: true }).waitFor();
      if (w.notShown) expect(await page.getByRole('link', { name: w.notShown(word) }).count()).toBe(0);
      if (w.kind === 'trademark') await page.getByText(t('search.alerts.sharedMarks')).waitFor();
      await expectAccessible(page, "a watch's alerts");
      // Opened, the alert no longer counts as unread.
      await expect.poll(async () => ((await (await context.request.get('/api/notifications?unread=true')).json()) as { items: { title: string }[] }).items.some((n) => n.title.includes(name))).toBe(false);
    });
  }

  journey('staff without the import role see no import action', async ({ context, page }) => {
    await signInByApi(context, 'staff');
    await page.goto('/patents');
    await heading(page, t('nav.patents'));
    await page.getByRole('button', { name: t('search.results.mySearches') }).waitFor();
    expect(await page.getByRole('button', { name: t('search.import.open') }).count()).toBe(0);
  });
});
