import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { describe, expect } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { rt, validUscc, withWrongCheck } from '../support/registry';
import { DEMO_PASSWORD } from '../support/server';
import { heading, mainNav, signInThroughForm, signOut } from '../support/ui';

useBrowser();

const HEADERS = ['统一社会信用代码', '企业名称', '所属区', '产业集群', '高新技术企业', '专精特新', '规上企业', '联系人', '联系电话', '联系人同意用途'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Row {
  uscc: string;
  name: string;
  clusters: string;
}

/** 50 enterprises in the template's columns; rows 11 and 31 of the sheet are wrong. */
async function workbook(prefix: string): Promise<{ file: Buffer; rows: Row[]; badCode: string }> {
  const rows: Row[] = Array.from({ length: 50 }, (_, i) => ({
    uscc: validUscc(i % 2 ? '91440305' : '91440306'),
    name: `${prefix}${String(i + 1).padStart(2, '0')}科技有限公司`,
    clusters: i % 3 ? 'C13' : 'C13;C04',
  }));
  const badCode = withWrongCheck(rows[9]!.uscc);
  rows[9] = { ...rows[9]!, uscc: badCode }; // a wrong check character (sheet row 11)
  rows[29] = { ...rows[29]!, clusters: 'C99' }; // an unknown cluster code (sheet row 31)
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('企业');
  sheet.addRow(HEADERS);
  rows.forEach((row, i) =>
    sheet.addRow([row.uscc, row.name, i % 2 ? '南山区' : '宝安区', row.clusters, i % 4 ? '否' : '是', '否', i % 5 ? '否' : '是', `联系人${i + 1}`, '0755-86001234', '维权援助服务联络']),
  );
  return { file: Buffer.from(await book.xlsx.writeBuffer()), rows, badCode };
}

describe('enterprises of a workstation', () => {
  journey(
    'the workstation admin imports enterprises from a spreadsheet with two bad rows, exports the list, and invites an enterprise whose user registers and is approved',
    async ({ context, page }) => {
      const prefix = unique('深圳市导入测试');
      const { file, rows, badCode } = await workbook(prefix);
      const invitee = rows[0]!;
      const username = unique('ent_user_');
      const inviteeName = `${username} 经理`;
      const inviteePassword = 'Enterprise-Pass-2026!';

      // The workstation admin opens the import wizard from the enterprise list.
      const admin = await signInByApi(context, 'wsadmin');
      await page.goto('/');
      await heading(page, rt('dashboard.title'));
      await mainNav(page).getByRole('link', { name: rt('nav.enterprises') }).click();
      await heading(page, rt('nav.enterprises'));
      await expectAccessible(page, 'the enterprise list');
      await page.getByRole('button', { name: rt('import.open') }).click();
      await heading(page, rt('import.title'));
      await expectAccessible(page, 'the import wizard');
      const template = page.waitForEvent('download');
      await page.getByRole('link', { name: rt('import.template') }).click();
      expect((await template).suggestedFilename()).toMatch(/\.xlsx$/);

      // The dry run: a row report of the two bad rows, nothing imported yet.
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: rt('import.chooseFile') }).click();
      await (await chooser).setFiles({ name: '企业名单.xlsx', mimeType: XLSX, buffer: file });
      await page.getByText(rt('import.dryRunWithErrors', { count: 2 })).waitFor();
      const report = page.locator('.ant-table').filter({ has: page.getByRole('columnheader', { name: rt('import.reason') }) });
      const lines = report.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => lines.count()).toBe(2);
      const first = lines.filter({ hasText: badCode });
      expect(await first.locator('td').first().innerText()).toBe('11');
      expect(await first.locator('td').nth(1).innerText()).toBe('统一社会信用代码');
      const second = lines.filter({ hasText: 'C99' });
      expect(await second.locator('td').first().innerText()).toBe('31');
      expect(await second.locator('td').nth(1).innerText()).toBe('产业集群');
      expect((await second.locator('td').nth(3).innerText()).length).toBeGreaterThan(2);
      const count = (key: string) => page.locator('.ant-statistic').filter({ hasText: rt(`import.count.${key}`) }).locator('.ant-statistic-content-value');
      expect(await count('total').innerText()).toBe('50');
      expect(await count('valid').innerText()).toBe('48');
      expect(await count('invalid').innerText()).toBe('2');
      // All rows may not be imported while rows are refused; the valid ones may.
      expect(await page.getByRole('button', { name: rt('import.importAll', { count: 48 }) }).count()).toBe(0);
      await expectAccessible(page, 'the dry-run report');

      await page.getByRole('button', { name: rt('import.importValid', { count: 48 }) }).click();
      await page.getByRole('heading', { name: rt('import.importedTitle') }).waitFor();
      await page.getByText(rt('import.importedDetail', { new: 48, joined: 0, unchanged: 0 })).waitFor();
      await expectAccessible(page, 'the import result');

      // The list shows the imported enterprises; export it with the current filter.
      await page.getByRole('button', { name: rt('import.toList') }).click();
      await heading(page, rt('nav.enterprises'));
      await page.getByRole('searchbox', { name: rt('enterprise.search') }).fill(prefix);
      await page.keyboard.press('Enter');
      await page.getByText(rt('common.total', { count: 48 })).waitFor();
      expect(await page.getByRole('link', { name: rows[9]!.name, exact: true }).count()).toBe(0);
      const exported = page.waitForEvent('download');
      await page.getByRole('link', { name: rt('enterprise.export') }).click();
      const download = await exported;
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.getRow(1).getCell(1).text).toBe('统一社会信用代码');
      expect(sheet.actualRowCount).toBe(49);
      const exportedCodes = new Set<string>();
      sheet.eachRow((row, index) => index > 1 && exportedCodes.add(row.getCell(1).text));
      expect(exportedCodes.has(invitee.uscc)).toBe(true);
      expect(exportedCodes.has(badCode)).toBe(false);

      // Invite a contact of one enterprise: the code is shown once.
      await page.getByRole('link', { name: invitee.name, exact: true }).click();
      await heading(page, invitee.name);
      await expectAccessible(page, 'an enterprise');
      await page.getByRole('button', { name: rt('invitation.create') }).click();
      const invite = page.getByRole('dialog', { name: rt('invitation.createTitle', { name: invitee.name }) });
      await invite.getByLabel(rt('invitation.name')).fill(inviteeName);
      await invite.getByRole('button', { name: rt('invitation.createOk') }).click();
      const shown = page.getByRole('dialog', { name: rt('invitation.codeTitle') });
      const code = (await shown.locator('.secret-code code').innerText()).trim();
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await expectAccessible(page, 'the invitation code', '.ant-modal-wrap');
      await shown.getByRole('button', { name: rt('invitation.codeSaved') }).click();
      await shown.waitFor({ state: 'hidden' });
      await page.getByRole('row').filter({ hasText: inviteeName }).getByText(rt('invitationStatus.pending')).waitFor();

      // The invitee registers with the code (no sign-in needed).
      await signOut(page, admin.user.displayName);
      await page.goto(`/register?code=${encodeURIComponent(code)}`);
      await heading(page, rt('registration.title'));
      expect(await page.getByLabel(rt('registration.code')).inputValue()).toBe(code);
      const uscc = page.getByLabel(rt('enterprise.uscc'));
      // The form checks the check character before anything is sent.
      await uscc.fill(withWrongCheck(invitee.uscc));
      await uscc.blur();
      await page.getByText(rt('validation.usccCheck')).waitFor();
      await uscc.fill(invitee.uscc.toLowerCase());
      await page.getByLabel(rt('user.username')).fill(username);
      await page.getByLabel(rt('user.displayName')).fill(inviteeName);
      await page.getByLabel(rt('auth.password'), { exact: true }).fill(inviteePassword);
      await page.getByLabel(rt('registration.confirmPassword')).fill(inviteePassword);
      await expectAccessible(page, 'the registration page');
      await page.getByRole('button', { name: rt('registration.submit') }).click();
      await page.getByRole('heading', { name: rt('registration.waitingTitle') }).waitFor();
      await expectAccessible(page, 'waiting for approval');
      // Not before the workstation approves.
      await page.getByRole('button', { name: rt('registration.toSignIn') }).click();
      await signInThroughForm(page, username, inviteePassword);
      await page.getByRole('alert').waitFor();
      await heading(page, rt('auth.signInTitle'));

      // The workstation admin approves the registration.
      await signInThroughForm(page, 'wsadmin', DEMO_PASSWORD);
      await heading(page, rt('dashboard.title'));
      await mainNav(page).getByRole('link', { name: rt('nav.enterprises') }).click();
      await heading(page, rt('nav.enterprises'));
      await page.getByRole('button', { name: rt('invitation.pageTitle') }).click();
      await heading(page, rt('invitation.pageTitle'));
      const waiting = page.getByRole('row').filter({ hasText: username });
      await waiting.getByRole('link', { name: invitee.name }).waitFor();
      await expectAccessible(page, 'registrations waiting for approval');
      await waiting.getByRole('button', { name: rt('invitation.approveNamed', { name: inviteeName }) }).click();
      await page.getByText(rt('invitation.approved', { name: inviteeName })).waitFor();
      await expect.poll(() => page.getByRole('row').filter({ hasText: username }).count()).toBe(0);

      // The enterprise user signs in and sees only their own enterprise.
      await signOut(page, admin.user.displayName);
      await signInThroughForm(page, username, inviteePassword);
      await heading(page, rt('dashboard.title'));
      const nav = mainNav(page);
      expect(await nav.getByRole('link', { name: rt('nav.workstations') }).count()).toBe(0);
      await nav.getByRole('link', { name: rt('nav.enterprises') }).click();
      await heading(page, rt('nav.enterprises'));
      const own = page.locator('.ant-table-tbody tr.ant-table-row');
      await own.first().waitFor();
      expect(await own.count()).toBe(1);
      expect(await own.first().innerText()).toContain(invitee.uscc);
      expect(await page.getByRole('button', { name: rt('import.open') }).count()).toBe(0);
      await expectAccessible(page, 'the enterprise user\'s list');
      await own.getByRole('link', { name: invitee.name, exact: true }).click();
      await heading(page, invitee.name);
      await expectAccessible(page, 'the enterprise user\'s enterprise');
    },
    300_000,
  );
});
