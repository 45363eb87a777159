import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import casesZh from '../../web/src/i18n/features/cases.zh-CN.json';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t as shellT } from '../support/i18n';
import { choose } from '../support/ui';

useBrowser();

/** The UI's wording: the cases feature's own strings first, then the shell's. */
function t(key: string, params: Record<string, string | number> = {}): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], casesZh);
  if (typeof value !== 'string') return shellT(key, params);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

type Api = Awaited<ReturnType<typeof apiAs>>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Uploads through the Documents card: the level, the share box, then the file dialog. */
async function upload(page: Page, name: string, level: string, share = false): Promise<void> {
  await choose(page, t('cases.document.confidentiality'), t(`cases.document.level.${level}`), '');
  if (share) await page.getByRole('checkbox', { name: t('cases.document.share') }).check();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: t('cases.document.upload') }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/pdf', buffer: PDF });
  await page.getByText(t('cases.document.uploaded', { name })).waitFor();
  await documentRow(page, name).waitFor();
}

const documentRow = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

describe('case documents', () => {
  let staffApi: Api;
  let enterpriseApi: Api;

  beforeAll(async () => {
    staffApi = await apiAs('staff');
    enterpriseApi = await apiAs('enterprise');
  });
  afterAll(async () => {
    await staffApi?.dispose();
    await enterpriseApi?.dispose();
  });

  journey('the staff upload a confidential document and one shared with the enterprise, download it, and the enterprise sees only what was shared with it or named it', async ({ context, page }) => {
    const me = await staffApi.get<{ user: { roles: { role: string; organizationId: string }[] } }>('/api/auth/me');
    const workstationId = me.user.roles.find((role) => role.role === 'workstation_staff')?.organizationId;
    const subject = unique('材料测试-');
    const created = await enterpriseApi.post<{ data: { id: string } }>('/api/cases', {
      type: 'consultation',
      workstationId,
      form: { subject, question: '请协助审阅许可合同中的专利条款', ipType: 'patent_invention' },
    });
    const caseId = created.data.id;
    const secretName = `${unique('内部评估-')}.pdf`;
    const sharedName = `${unique('委托书-')}.pdf`;

    await signInByApi(context, 'staff');
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { level: 2, name: t('cases.document.title') }).waitFor();
    await page.getByText(t('cases.document.none')).waitFor();
    await upload(page, secretName, 'confidential');
    await documentRow(page, secretName).getByText(t('cases.document.level.confidential'), { exact: true }).waitFor();
    await upload(page, sharedName, 'internal', true);
    await documentRow(page, sharedName).getByText(t('cases.document.sharedTag'), { exact: true }).waitFor();
    // A trade secret: only its uploader and the people named on it see it. Name the enterprise's user.
    const tradeSecretName = `${unique('工艺配方-')}.pdf`;
    await upload(page, tradeSecretName, 'trade_secret');
    await documentRow(page, tradeSecretName).getByRole('button', { name: t('cases.document.access.manage') }).click();
    const dialog = page.getByRole('dialog', { name: t('cases.document.access.title', { name: tradeSecretName }) });
    await dialog.getByText(t('cases.document.access.none')).waitFor();
    const client = (await enterpriseApi.get<{ user: { displayName: string } }>('/api/auth/me')).user;
    await choose(dialog, t('cases.document.access.pick'), client.displayName, client.displayName);
    await dialog.getByRole('button', { name: t('cases.document.access.add'), exact: true }).click();
    await dialog.getByRole('cell', { name: client.displayName, exact: true }).waitFor();
    await expectAccessible(page, 'the named-people dialog', '.ant-modal-wrap');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The upload shows on the timeline too.
    await page.getByText(t('cases.action.document_uploaded')).first().waitFor();
    await expectAccessible(page, 'the case page with documents');

    // Downloading gives back the same bytes.
    const downloading = page.waitForEvent('download');
    await documentRow(page, secretName).getByRole('link', { name: t('cases.document.downloadNamed', { name: secretName }) }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(secretName);
    expect(fs.readFileSync(await download.path()).equals(PDF)).toBe(true);

    // The enterprise sees what was shared with it, not the confidential working file.
    await context.clearCookies();
    await signInByApi(context, 'enterprise');
    await page.goto(`/cases/${caseId}`);
    await documentRow(page, sharedName).waitFor();
    await documentRow(page, tradeSecretName).waitFor();
    expect(await page.getByText(secretName).count()).toBe(0);
    await expectAccessible(page, 'the enterprise’s case page with documents');
  });
});
