import { describe, expect } from 'vitest';
import searchZh from '../../web/src/i18n/features/search.zh-CN.json';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t as shellT } from '../support/i18n';
import { DEMO_PASSWORD } from '../support/server';
import { choose, heading, mainNav, signInThroughForm } from '../support/ui';

useBrowser();

/** The UI's wording: the search feature's own strings first, then the shell's. */
function t(key: string, params: Record<string, string | number> = {}): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], searchZh);
  if (typeof value !== 'string') return shellT(key, params);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

const QUERY = '钠离子电池 隔膜';
/** The demo seed's hand-made records on this topic (server/src/seed/demo-patents.ts): these four are in H01M, two more in C08J. */
const H01M_TITLES = ['耐高温', '阻燃', '高孔隙率', '低收缩'].map((topic) => `一种${topic}钠离子电池隔膜及其制备方法`);

describe('patent search as work', () => {
  journey('staff search, narrow by an IPC facet, save the search with two chosen results, and open the retrieval report', async ({ context, page }) => {
    const name = unique('钠离子电池隔膜查新-');

    // The staff member signs in and opens patent search from the menu.
    await page.goto('/');
    await signInThroughForm(page, 'staff', DEMO_PASSWORD);
    await heading(page, shellT('dashboard.title'));
    await mainNav(page).getByRole('link', { name: t('nav.patents') }).click();
    await heading(page, t('nav.patents'));

    // The query language is documented on the page.
    await page.getByRole('button', { name: t('search.help.title') }).click();
    await page.getByText(t('search.help.han')).waitFor();
    await expectAccessible(page, 'the search page with its help');

    // A malformed query gets the server's own message, next to the box, and changes nothing.
    const box = page.getByRole('textbox', { name: t('search.query.label') });
    const malformed = `${QUERY} (ti:隔膜`;
    const refused = await context.request.get(`/api/patents/search?q=${encodeURIComponent(malformed)}`, { headers: { 'Accept-Language': 'zh-CN' } });
    expect(refused.status()).toBe(400);
    const problem = ((await refused.json()) as { error: { details: { message: string }[] } }).error.details[0]?.message ?? '';
    expect(problem).not.toBe('');
    await box.fill(malformed);
    await box.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: t('search.query.error') });
    await alert.getByText(problem).waitFor();
    expect(await box.getAttribute('aria-invalid')).toBe('true');

    // The right query: six records, the matched text marked in each snippet.
    await box.fill(QUERY);
    await box.press('Enter');
    await expect.poll(() => alert.count()).toBe(0);
    const results = page.getByRole('list', { name: t('search.results.title') }).getByRole('listitem');
    await page.getByText(t('search.results.total', { formatted: 6 }), { exact: true }).waitFor();
    await expect.poll(() => results.count()).toBe(6);
    expect(await results.first().locator('mark').first().innerText()).toMatch(/钠离子电池|隔膜/);
    await expectAccessible(page, 'the search results');

    // The facets load on their own; the IPC subclass H01M narrows the query to four records.
    await page.getByRole('button', { name: t('search.facets.narrow', { value: 'H01M', count: 4 }) }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(`${QUERY} ipc:H01M`);
    await expect.poll(() => box.inputValue()).toBe(`${QUERY} ipc:H01M`);
    await page.getByText(t('search.results.total', { formatted: 4 }), { exact: true }).waitFor();
    await expect.poll(() => results.count()).toBe(4);
    const titles = await results.getByRole('heading', { level: 3 }).allInnerTexts();
    expect([...titles].sort()).toEqual([...H01M_TITLES].sort());

    // Two results are chosen and saved with the search, each with a note; one is category X.
    const [first, second] = titles as [string, string];
    await page.getByRole('checkbox', { name: t('search.results.choose', { title: first }) }).check();
    await page.getByRole('checkbox', { name: t('search.results.choose', { title: second }) }).check();
    await page.getByText(t('search.results.chosen', { count: 2 })).waitFor();
    await page.getByRole('button', { name: t('search.results.save') }).click();
    const dialog = page.getByRole('dialog', { name: t('search.save.title') });
    await dialog.getByLabel(t('search.save.name')).fill(name);
    await dialog.getByLabel(t('search.save.purpose')).fill('查新：钠离子电池隔膜涂层方案');
    await choose(dialog, t('search.category.of', { title: first }), t('search.category.X'), '');
    await dialog.getByLabel(t('search.save.noteOf', { title: first })).fill('公开了权利要求 1 的全部技术特征');
    await dialog.getByLabel(t('search.save.noteOf', { title: second })).fill('公开了涂层厚度范围');
    await expectAccessible(page, 'the save dialog', '.ant-modal-wrap');
    await dialog.getByRole('button', { name: t('search.save.submit') }).click();

    // The saved search opens: the query with its hits, the two cited documents with their notes.
    await heading(page, name);
    expect(page.url()).toMatch(/\/saved-searches\/[0-9a-f-]{36}$/);
    await page.getByRole('cell', { name: `${QUERY} ipc:H01M` }).first().waitFor();
    await page.getByRole('cell', { name: '4', exact: true }).waitFor();
    await page.getByRole('link', { name: first }).waitFor();
    await page.getByRole('link', { name: second }).waitFor();
    expect(await page.getByLabel(t('search.save.noteOf', { title: first })).inputValue()).toBe('公开了权利要求 1 的全部技术特征');
    // Its watch alerts are listed on the page; a new search has none yet.
    await page.getByRole('heading', { name: t('search.alerts.title') }).waitFor();
    await page.getByText(t('search.alerts.none')).waitFor();

    // The report fields are kept with the search (the version the user edited is sent along).
    await page.getByLabel(t('search.detail.reviewer')).fill('新能源工作站站长 赵强');
    await page.getByLabel(t('search.detail.conclusion')).fill('检索到的 X 类文献影响该技术方案的新颖性。');
    // A further query string goes into the report with its own hit count.
    const extra = page.getByLabel(t('search.detail.extraQueries'));
    await extra.fill('ipc:H01M');
    await extra.press('Enter');
    await page.getByRole('button', { name: t('search.detail.save') }).first().click();
    await page.getByText(t('search.detail.saved'), { exact: true }).waitFor();
    await page.getByRole('cell', { name: 'ipc:H01M', exact: true }).waitFor();
    await expectAccessible(page, 'the saved search');

    // The retrieval report opens as a PDF in a new tab.
    const reportResponse = context.waitForEvent('response', (response) => response.url().includes('/report.pdf'));
    const popup = context.waitForEvent('page');
    await page.getByRole('link', { name: t('search.detail.report') }).click();
    const response = await reportResponse;
    await popup;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    // A PDF shown in a tab may be handed to the viewer before its body can be read here: read it again.
    const pdf = await context.request.get(response.url());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const body = await pdf.body();
    expect(body.length).toBeGreaterThan(1000);
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The report answers a retrieval request: it is filed on that case, where the enterprise finds it.
    const staffApi = await apiAs('staff');
    const me = await staffApi.get<{ user: { roles: { role: string; organizationId: string }[] } }>('/api/auth/me');
    const workstationId = me.user.roles.find((r) => r.role === 'workstation_staff')!.organizationId;
    const member = await staffApi.get<{ items: { id: string }[] }>(`/api/enterprises?workstationId=${workstationId}&pageSize=1`);
    const request = await staffApi.post<{ data: { id: string; caseNo: string } }>('/api/cases', {
      type: 'retrieval', workstationId, enterpriseId: member.items[0].id,
      form: { subject: name, purpose: 'novelty', technicalSolution: '一种钠离子电池隔膜' },
    });
    await staffApi.dispose();
    await page.getByRole('button', { name: t('search.attach.open') }).click();
    const attach = page.getByRole('dialog', { name: t('search.attach.title') });
    await choose(attach, t('search.attach.case'), request.data.caseNo, request.data.caseNo);
    await expectAccessible(page, 'the attach-report dialog', '.ant-modal-wrap');
    await attach.getByRole('button', { name: t('search.attach.submit') }).click();
    await page.getByText(t('search.attach.done')).waitFor();
    await page.goto(`/cases/${request.data.id}`);
    await page.getByText(`专利检索报告-${name}.pdf`).first().waitFor();

    // The search is listed under "my searches".
    await mainNav(page).getByRole('link', { name: t('nav.savedSearches') }).click();
    await heading(page, t('nav.savedSearches'));
    await page.getByRole('link', { name: t('search.saved.openNamed', { name }) }).waitFor();
    await expectAccessible(page, 'my saved searches');
  });

  journey('an enterprise\'s legal officer keeps a watch on a search for their own enterprise', async ({ context, page }) => {
    await signInByApi(context, 'enterprise');
    const me = (await (await context.request.get('/api/auth/me')).json()) as { user: { roles: { role: string; organizationId: string; organizationName: string }[] } };
    const own = me.user.roles.find((r) => r.role === 'enterprise_user')!;
    const name = unique('竞品专利预警-');

    await page.goto(`/patents?q=${encodeURIComponent(QUERY)}`);
    await page.getByText(t('search.results.total', { formatted: 6 }), { exact: true }).waitFor();
    await page.getByRole('button', { name: t('search.results.save') }).click();
    const dialog = page.getByRole('dialog', { name: t('search.save.title') });
    await dialog.getByLabel(t('search.save.name')).fill(name);
    // The enterprise is their own, chosen already; the watch alerts its users too.
    await dialog.getByText(own.organizationName).waitFor();
    await dialog.getByRole('switch', { name: t('search.save.watch') }).click();
    await expectAccessible(page, 'the save dialog of an enterprise user', '.ant-modal-wrap');
    await dialog.getByRole('button', { name: t('search.save.submit') }).click();

    await heading(page, name);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const saved = (await (await context.request.get(`/api/saved-searches/${id}`)).json()) as { data: { enterpriseId: string | null; workstationId: string | null; watch: boolean } };
    expect(saved.data).toMatchObject({ enterpriseId: own.organizationId, workstationId: null, watch: true });
  });

  journey('a saved search changed elsewhere is not overwritten; the watch turns on and off', async ({ context, page }) => {
    const { csrfToken } = await signInByApi(context, 'staff');
    const headers = { 'X-CSRF-Token': csrfToken };
    const name = unique('竞争对手监控-');
    const created = await context.request.post('/api/saved-searches', { headers, data: { name, query: `${QUERY} ap:"深圳市海纳新材料有限公司"` } });
    expect(created.status()).toBe(201);
    const { data } = (await created.json()) as { data: { id: string; version: number } };

    await page.goto(`/saved-searches/${data.id}`);
    await heading(page, name);
    const watch = page.getByRole('switch', { name: t('search.detail.watch') });
    await watch.click();
    await page.getByText(t('search.detail.watchOn'), { exact: true }).first().waitFor();
    expect(await watch.getAttribute('aria-checked')).toBe('true');

    // Someone changes the conclusion in another window (version 2 -> 3) ...
    const elsewhere = await context.request.patch(`/api/saved-searches/${data.id}`, { headers, data: { version: data.version + 1, conclusion: '另一窗口写的结论' } });
    expect(elsewhere.status()).toBe(200);
    // ... so saving the page's older version is refused, says why, and changes nothing.
    await page.getByLabel(t('search.detail.conclusion')).fill('本页写的结论');
    await page.getByRole('button', { name: t('search.detail.save') }).first().click();
    const conflict = page.getByRole('alert').filter({ hasText: t('search.detail.conflict') });
    await conflict.waitFor();
    await expectAccessible(page, 'the conflict warning');
    const kept = (await (await context.request.get(`/api/saved-searches/${data.id}`)).json()) as { data: { conclusion: string; watch: boolean } };
    expect(kept.data).toMatchObject({ conclusion: '另一窗口写的结论', watch: true });

    // Reloading shows what is saved; the next save goes through.
    await conflict.getByRole('button', { name: t('search.detail.reload') }).click();
    await expect.poll(() => page.getByLabel(t('search.detail.conclusion')).inputValue()).toBe('另一窗口写的结论');
    await page.getByLabel(t('search.detail.conclusion')).fill('合并后的结论');
    await page.getByRole('button', { name: t('search.detail.save') }).first().click();
    await page.getByText(t('search.detail.saved'), { exact: true }).waitFor();
    await watch.click();
    await page.getByText(t('search.detail.watchOff'), { exact: true }).first().waitFor();
    const saved = (await (await context.request.get(`/api/saved-searches/${data.id}`)).json()) as { data: { conclusion: string; watch: boolean } };
    expect(saved.data).toMatchObject({ conclusion: '合并后的结论', watch: false });
  });
});
