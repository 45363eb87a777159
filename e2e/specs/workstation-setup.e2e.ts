import { describe, expect } from 'vitest';
import { expectAccessible } from '../support/a11y';
import { apiAs, signInByApi, unique } from '../support/api';
import { journey, useBrowser } from '../support/browser';
import { t } from '../support/i18n';
import { DEMO_PASSWORD } from '../support/server';
import { choose, heading, mainNav, signInThroughForm, signOut } from '../support/ui';

useBrowser();

// The server's wording (zh-CN) for a 统一社会信用代码 whose check character is wrong.
const USCC_REFUSED = '统一社会信用代码格式或校验位不正确';

describe('setting up a workstation', () => {
  journey('the bureau creates a host association, its workstation and the workstation admin, who then sees only what the role allows', async ({ page }) => {
    const host = `${unique('测试协会')}`;
    const workstation = `${host}知识产权保护工作站`;
    const username = unique('ws_admin_');
    const displayName = `${username} 站长`;
    const initialPassword = 'Initial-Pass-2026!';
    const ownPassword = 'Own-Secret-2026#';

    // The bureau signs in through the form.
    await page.goto('/');
    await signInThroughForm(page, 'bureau', DEMO_PASSWORD);
    await heading(page, t('dashboard.title'));
    await expectAccessible(page, 'the bureau dashboard');

    // A host association...
    await mainNav(page).getByRole('link', { name: t('nav.organizations') }).click();
    await heading(page, t('nav.organizations'));
    await page.getByRole('tab', { name: t('orgType.host_association') }).click();
    await expectAccessible(page, 'organizations');
    await page.getByRole('button', { name: t('organization.create') }).click();
    const createOrg = page.getByRole('dialog', { name: t('organization.createTitle') });
    await createOrg.getByLabel(t('organization.name')).fill(host);
    // What kind of body it is (设立主体类型) is asked of a host, and kept.
    await choose(createOrg, t('organization.hostKind'), t('hostKind.chamber_of_commerce'));
    // A code of the right shape with a wrong check character passes the form and is refused by
    // the server; its message lands on the field.
    const uscc = createOrg.getByLabel(t('organization.uscc'));
    await uscc.fill('91440300MA5G8N4P19');
    await createOrg.getByRole('button', { name: t('common.save') }).click();
    await createOrg.getByText(USCC_REFUSED).waitFor();
    await expectAccessible(page, 'the new-organization dialog', '.ant-modal-wrap');
    await uscc.fill('');
    // The founding date decides whether the host may file a workstation (one year at least).
    const founded = createOrg.getByLabel(t('organization.foundedOn'));
    await founded.fill('2016-05-20');
    await founded.press('Tab');
    await createOrg.getByLabel(t('organization.address')).fill('深圳市南山区科技园科苑路 8 号');
    await createOrg.getByLabel(t('organization.contactPhone')).fill('0755-2666 8888');
    await createOrg.getByRole('button', { name: t('common.save') }).click();
    await createOrg.waitFor({ state: 'hidden' });
    const bureauApi = await apiAs('bureau');
    const hosts = await bureauApi.get<{ items: { name: string; hostKind: string | null; foundedOn: string | null; address: string | null; contactPhone: string | null }[] }>(
      `/api/organizations?type=host_association&q=${encodeURIComponent(host)}`,
    );
    expect(hosts.items.find((o) => o.name === host)).toMatchObject({ hostKind: 'chamber_of_commerce', foundedOn: '2016-05-20', address: '深圳市南山区科技园科苑路 8 号', contactPhone: '0755-2666 8888' });

    // ...and its workstation, created from the association's row.
    const hostRow = page.getByRole('row').filter({ hasText: host });
    await hostRow.getByRole('button', { name: t('organization.addWorkstationNamed', { name: host }) }).click();
    const createWs = page.getByRole('dialog', { name: t('organization.createTitle') });
    await createWs.getByLabel(t('organization.name')).fill(workstation);
    await createWs.getByRole('button', { name: t('common.save') }).click();
    await createWs.waitFor({ state: 'hidden' });
    await hostRow.getByRole('button', { name: '展开行' }).click();
    await page.getByRole('cell', { name: workstation, exact: true }).waitFor();

    // The workstation's admin.
    await mainNav(page).getByRole('link', { name: t('nav.users') }).click();
    await heading(page, t('nav.users'));
    await expectAccessible(page, 'users');
    await page.getByRole('button', { name: t('user.create') }).click();
    const createUser = page.getByRole('dialog', { name: t('user.createTitle') });
    await createUser.getByLabel(t('user.username')).fill(username);
    await createUser.getByLabel(t('user.displayName')).fill(displayName);
    await createUser.getByLabel(t('user.initialPassword')).fill(initialPassword);
    await choose(createUser, t('user.role'), t('role.workstation_admin'));
    await choose(createUser, t('user.organization'), workstation, host);
    await createUser.getByRole('button', { name: t('common.save') }).click();
    await createUser.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: username }).waitFor();

    // The audit log shows what just happened.
    await mainNav(page).getByRole('link', { name: t('nav.audit') }).click();
    await heading(page, t('nav.audit'));
    await page.getByRole('cell', { name: 'user.created' }).first().waitFor();
    await expectAccessible(page, 'audit log');

    await signOut(page, '市局管理员 王立');

    // The new admin signs in, must replace the initial password, then sees the workstation view.
    await signInThroughForm(page, username, initialPassword);
    await heading(page, t('password.forcedTitle'));
    await expectAccessible(page, 'forced password change');
    await page.getByLabel(t('password.current')).fill(initialPassword);
    await page.getByLabel(t('password.new'), { exact: true }).fill(ownPassword);
    await page.getByLabel(t('password.confirm')).fill(ownPassword);
    await page.getByRole('button', { name: t('password.submit') }).click();
    await heading(page, t('dashboard.title'));

    const nav = mainNav(page);
    await nav.getByRole('link', { name: t('nav.users') }).waitFor();
    expect(await nav.getByRole('link', { name: t('nav.organizations') }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: t('nav.audit') }).count()).toBe(0);
    await expectAccessible(page, 'the workstation admin dashboard');

    await nav.getByRole('link', { name: t('nav.users') }).click();
    await heading(page, t('nav.users'));
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.filter({ hasText: username }).waitFor();
    for (const text of await rows.allInnerTexts()) expect(text).toContain(workstation);
    expect(await rows.filter({ hasText: 'bureau' }).count()).toBe(0);

    // Administration pages beyond the role answer 403; unknown addresses 404.
    await page.goto('/admin/organizations');
    await heading(page, t('status.forbidden.title'));
    await expectAccessible(page, 'the 403 page');
    await page.goto('/no/such/page');
    await heading(page, t('status.notFound.title'));
    await expectAccessible(page, 'the 404 page');
  });

  journey('a seeded workstation admin lists only the staff of their own workstation', async ({ context, page }) => {
    await signInByApi(context, 'wsadmin');
    await page.goto('/admin/users');
    await heading(page, t('nav.users'));
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.filter({ hasText: 'staff' }).first().waitFor();
    const usernames = await rows.locator('td:first-child').allInnerTexts();
    expect(usernames).toContain('staff');
    expect(usernames).toContain('wsadmin');
    expect(usernames).not.toContain('staff2');
    expect(usernames).not.toContain('bureau');
  });
});
