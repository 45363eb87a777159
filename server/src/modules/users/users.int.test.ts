import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { auditEventsOf, buildNetwork, buildUser, buildWorkstation, signedIn, TEST_PASSWORD } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);
const ws1 = net.ws1.workstation.id;
const ws2 = net.ws2.workstation.id;

const paths = (res: { body: any }) => (res.body.error.details ?? []).map((d: { path: string }) => d.path).sort();
const ids = (res: { body: any }) => res.body.items.map((u: { id: string }) => u.id).sort();
let seq = 0;
const newUser = (organizationId: string, role = 'workstation_staff', extra: Record<string, unknown> = {}) => ({
  username: `user-${++seq}-${Math.random().toString(36).slice(2, 7)}`,
  displayName: `新用户${seq}`,
  password: 'Strong-Pass-123',
  organizationId,
  role,
  ...extra,
});

async function versionOf(id: string) {
  return (await net.admin.get(`/api/users/${id}`)).body.data.version as number;
}

describe('GET /api/users', () => {
  it('needs a signed-in caller', async () => {
    const res = await new Agent(ctx).get('/api/users');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('shows a workstation admin exactly the staff of their own workstation', async () => {
    const { workstation } = await buildWorkstation(ctx);
    const admin = await signedIn(ctx, 'workstation_admin', workstation.id);
    const a = await buildUser(ctx, { role: 'workstation_staff', organizationId: workstation.id });
    const b = await buildUser(ctx, { role: 'workstation_admin', organizationId: workstation.id });
    // an expert attached to the workstation is not its staff
    await buildUser(ctx, { role: 'expert', organizationId: workstation.id });
    const res = await admin.get('/api/users');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(ids(res)).toEqual([admin.user.id, a.user.id, b.user.id].sort());
    expect(res.body.items.find((u: { id: string }) => u.id === a.user.id).abilities).toEqual({
      update: true, deactivate: true, activate: false, resetPassword: true, manageRoles: true,
    });
  });

  it('shows the bureau everyone and filters by organization, role, text and activity', async () => {
    const all = await net.admin.get('/api/users?pageSize=100');
    expect(all.body.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([net.staff1.user.id, net.staff2.user.id, net.admin.user.id]));
    const inWs2 = await net.admin.get(`/api/users?organizationId=${ws2}`);
    expect(ids(inWs2)).toEqual([net.wsAdmin2.user.id, net.staff2.user.id].sort());
    const admins = await net.admin.get(`/api/users?organizationId=${ws2}&role=workstation_admin`);
    expect(ids(admins)).toEqual([net.wsAdmin2.user.id]);
    const byName = await net.admin.get(`/api/users?q=${net.staff2.username}`);
    expect(ids(byName)).toEqual([net.staff2.user.id]);
    const inactive = await net.admin.get('/api/users?active=false');
    expect(inactive.body.items.every((u: { active: boolean }) => !u.active)).toBe(true);
  });

  it("shows a workstation's staff their colleagues, read-only, and nobody of another workstation", async () => {
    const res = await net.staff1.get('/api/users?pageSize=100');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((u: { id: string }) => u.id);
    expect(ids).toContain(net.wsAdmin1.user.id);
    expect(ids).not.toContain(net.staff2.user.id);
    expect(ids).not.toContain(net.admin.user.id);
    const admin = res.body.items.find((u: { id: string }) => u.id === net.wsAdmin1.user.id);
    expect(admin.abilities).toMatchObject({ update: false, deactivate: false, resetPassword: false, manageRoles: false });
  });

  it('sorts display names by pinyin and pages with a total', async () => {
    // 长 reads cháng here, so 长青 (chang) comes before 陈东 (chen)
    for (const name of ['陈东', '长青', '阿明', '北辰', '爱华']) {
      expect((await net.admin.post('/api/users', newUser(ws1, 'workstation_staff', { displayName: name, email: `py-${++seq}@example.cn` }))).status).toBe(201);
    }
    const asc = await net.admin.get('/api/users?q=py-&sort=displayName');
    expect(asc.body.items.map((u: { displayName: string }) => u.displayName)).toEqual(['阿明', '爱华', '北辰', '长青', '陈东']);
    const desc = await net.admin.get('/api/users?q=py-&sort=-displayName&pageSize=2&page=2');
    expect(desc.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(desc.body.items.map((u: { displayName: string }) => u.displayName)).toEqual(['北辰', '爱华']);
  });

  it('rejects bad filters with the field named', async () => {
    const res = await net.admin.get('/api/users?role=king&organizationId=ws1&pageSize=0&sort=password');
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['organizationId', 'pageSize', 'role', 'sort']);
  });
});

describe('POST /api/users', () => {
  it('needs a signed-in caller', async () => {
    expect((await new Agent(ctx).post('/api/users', newUser(ws1))).status).toBe(401);
  });

  it('lets a workstation admin add staff, who must change the password at first sign-in', async () => {
    const input = newUser(ws1);
    const res = await net.wsAdmin1.post('/api/users', input);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ username: input.username, active: true, mustChangePassword: true, version: 1 });
    expect(res.body.data.roles).toEqual([expect.objectContaining({ role: 'workstation_staff', organizationId: ws1, workstationId: ws1 })]);
    expect(res.body.data).not.toHaveProperty('passwordHash');

    const [event] = await auditEventsOf(ctx, { recordId: res.body.data.id });
    expect(event).toMatchObject({
      type: 'user.created',
      actorId: net.wsAdmin1.user.id,
      organizationId: ws1,
      data: { username: input.username, role: 'workstation_staff', organizationId: ws1 },
    });
    expect(JSON.stringify(event.data)).not.toContain(input.password);

    const newcomer = new Agent(ctx);
    const login = await newcomer.login(input.username, input.password);
    expect(login.body.mustChangePassword).toBe(true);
    const blocked = await newcomer.get('/api/organizations');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('keeps a workstation admin inside their workstation and its two roles', async () => {
    const elsewhere = await net.wsAdmin1.post('/api/users', newUser(ws2));
    expect([400, 403]).toContain(elsewhere.status);
    const tooHigh = await net.wsAdmin1.post('/api/users', newUser(ws1, 'bureau_admin'));
    expect(tooHigh.status).toBe(403);
    expect(tooHigh.body.error.code).toBe('FORBIDDEN');
    const inBureau = await net.wsAdmin1.post('/api/users', newUser(net.bureau.id, 'bureau_admin'));
    expect([400, 403]).toContain(inBureau.status);
    expect((await net.staff1.post('/api/users', newUser(ws1))).status).toBe(403);
  });

  it('refuses a role that does not fit the organization type', async () => {
    const res = await net.admin.post('/api/users', newUser(ws1, 'enterprise_user'));
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['role']);
    expect(res.body.error.message).toContain('enterprise_user');
  });

  it('refuses a taken username whatever its case', async () => {
    const res = await net.admin.post('/api/users', newUser(ws1, 'workstation_staff', { username: net.staff1.username.toUpperCase() }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(paths(res)).toEqual(['username']);
  });

  it('answers 409, not 500, when two requests race for one username', async () => {
    const input = newUser(ws1);
    const results = await Promise.all([net.admin.post('/api/users', input), net.admin.post('/api/users', { ...input, username: input.username.toUpperCase() })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('rejects bad input with every bad field named', async () => {
    const res = await net.admin.post('/api/users', {
      username: 'a b',
      displayName: '名'.repeat(101),
      email: 'not-an-email',
      password: 'weak',
      organizationId: ws1,
      role: 'workstation_staff',
      active: false,
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['active', 'displayName', 'email', 'password', 'username']);
    const password = res.body.error.details.find((d: { path: string }) => d.path === 'password');
    expect(password.message).toContain('密码至少 10 位');
  });
});

describe('GET /api/users/:id', () => {
  it('needs a signed-in caller', async () => {
    expect((await new Agent(ctx).get(`/api/users/${net.staff1.user.id}`)).status).toBe(401);
  });

  it('returns the record and the caller abilities', async () => {
    const own = await net.wsAdmin1.get(`/api/users/${net.staff1.user.id}`);
    expect(own.status).toBe(200);
    expect(own.body.data.id).toBe(net.staff1.user.id);
    expect(own.body.abilities).toMatchObject({ update: true, deactivate: true, resetPassword: true });
    const self = await net.staff1.get(`/api/users/${net.staff1.user.id}`);
    expect(self.body.abilities).toEqual({ update: true, deactivate: false, activate: false, resetPassword: false, manageRoles: false });
  });

  it('answers 404 for users of other workstations and of the bureau', async () => {
    for (const id of [net.staff2.user.id, net.wsAdmin2.user.id, net.admin.user.id]) {
      const res = await net.wsAdmin1.get(`/api/users/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await net.staff1.get(`/api/users/${net.staff2.user.id}`)).status).toBe(404);
    // a colleague is visible to staff, but not theirs to change
    expect((await net.staff1.get(`/api/users/${net.wsAdmin1.user.id}`)).status).toBe(200);
    const v = (await net.staff1.get(`/api/users/${net.wsAdmin1.user.id}`)).body.data.version;
    expect((await net.staff1.patch(`/api/users/${net.wsAdmin1.user.id}`, { version: v, displayName: '改名' })).status).toBe(403);
  });
});

describe('PATCH /api/users/:id', () => {
  it('needs a signed-in caller', async () => {
    expect((await new Agent(ctx).patch(`/api/users/${net.staff1.user.id}`, { version: 1, displayName: 'x' })).status).toBe(401);
  });

  it('edits, bumps the version and records the changes', async () => {
    const { user } = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1 });
    const res = await net.wsAdmin1.patch(`/api/users/${user.id}`, { version: 1, displayName: '改过的名字', email: 'renamed@example.cn', locale: 'en-US' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ displayName: '改过的名字', email: 'renamed@example.cn', locale: 'en-US', version: 2 });
    const [, updated] = await auditEventsOf(ctx, { recordId: user.id });
    expect(updated).toMatchObject({
      type: 'user.updated',
      actorId: net.wsAdmin1.user.id,
      organizationId: ws1,
      data: { changes: { displayName: { from: user.displayName, to: '改过的名字' }, email: { from: null, to: 'renamed@example.cn' } } },
    });
  });

  it('lets users edit their own profile', async () => {
    const me = await signedIn(ctx, 'workstation_staff', ws2);
    const res = await me.patch(`/api/users/${me.user.id}`, { version: 1, displayName: '自己改' });
    expect(res.status).toBe(200);
    expect(res.body.data.displayName).toBe('自己改');
  });

  it('answers 409 VERSION_CONFLICT for a stale version and writes nothing', async () => {
    const { user } = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1 });
    expect((await net.admin.patch(`/api/users/${user.id}`, { version: 1, displayName: '第一次' })).status).toBe(200);
    const stale = await net.admin.patch(`/api/users/${user.id}`, { version: 1, displayName: '第二次' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect((await net.admin.get(`/api/users/${user.id}`)).body.data.displayName).toBe('第一次');
    expect(await auditEventsOf(ctx, { recordId: user.id, type: 'user.updated' })).toHaveLength(1);
  });

  it('rejects fields that cannot be edited here and bad values', async () => {
    const res = await net.admin.patch(`/api/users/${net.staff1.user.id}`, { version: 1, username: 'new-name', active: false, locale: 'fr-FR', displayName: ' ' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['active', 'displayName', 'locale', 'username']);
  });

  it('forbids a visible user the admin does not manage (403) and hides other workstations (404)', async () => {
    // staff of both workstations: visible to the first workstation admin, but not theirs alone to manage
    const { user: shared } = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1 });
    expect((await net.admin.post(`/api/users/${shared.id}/roles`, { organizationId: ws2, role: 'workstation_staff' })).status).toBe(201);
    const forbidden = await net.wsAdmin1.patch(`/api/users/${shared.id}`, { version: 1, displayName: '越权' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    expect((await net.wsAdmin1.patch(`/api/users/${net.staff2.user.id}`, { version: 1, displayName: '越权' })).status).toBe(404);
  });
});

describe('POST /api/users/:id/deactivate and /activate', () => {
  it('needs a signed-in caller', async () => {
    expect((await new Agent(ctx).post(`/api/users/${net.staff1.user.id}/deactivate`, { version: 1 })).status).toBe(401);
  });

  it('ends the user sessions and tokens, refuses sign-in, and can be undone', async () => {
    const victim = await signedIn(ctx, 'workstation_staff', ws1);
    const token = await victim.post('/api/auth/tokens', { name: '同步' });
    const bearer = new Agent(ctx);
    bearer.bearer = token.body.token;

    const off = await net.wsAdmin1.post(`/api/users/${victim.user.id}/deactivate`, { version: 1 });
    expect(off.status).toBe(200);
    expect(off.body.data).toMatchObject({ active: false, version: 2 });
    expect(off.body.abilities).toMatchObject({ deactivate: false, activate: true });
    expect((await victim.get('/api/auth/me')).status).toBe(401);
    expect((await bearer.get('/api/auth/me')).status).toBe(401);
    expect((await new Agent(ctx).login(victim.username, victim.password)).status).toBe(401);

    const on = await net.wsAdmin1.post(`/api/users/${victim.user.id}/activate`, { version: 2 });
    expect(on.status).toBe(200);
    expect(on.body.data.active).toBe(true);
    expect((await new Agent(ctx).login(victim.username, victim.password)).status).toBe(200);

    const events = (await auditEventsOf(ctx, { recordId: victim.user.id })).filter((e) => e.type.startsWith('user.'));
    expect(events.map((e) => e.type)).toEqual(['user.created', 'user.deactivated', 'user.activated']);
    expect(events[1]).toMatchObject({ actorId: net.wsAdmin1.user.id, organizationId: ws1 });
  });

  it('answers 409 VERSION_CONFLICT for a stale version', async () => {
    const { user } = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1 });
    await net.admin.patch(`/api/users/${user.id}`, { version: 1, displayName: '先改一下' });
    const res = await net.admin.post(`/api/users/${user.id}/deactivate`, { version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('VERSION_CONFLICT');
    expect((await net.admin.get(`/api/users/${user.id}`)).body.data.active).toBe(true);
  });

  it('forbids deactivating oneself and hides other workstations', async () => {
    const self = await net.wsAdmin1.post(`/api/users/${net.wsAdmin1.user.id}/deactivate`, { version: await versionOf(net.wsAdmin1.user.id) });
    expect(self.status).toBe(403);
    expect((await net.wsAdmin1.post(`/api/users/${net.staff2.user.id}/deactivate`, { version: 1 })).status).toBe(404);
    expect((await net.staff1.post(`/api/users/${net.staff1.user.id}/deactivate`, { version: 1 })).status).toBe(403);
  });

  it('needs exactly a version', async () => {
    const res = await net.admin.post(`/api/users/${net.staff1.user.id}/deactivate`, { version: 'latest', reason: 'x' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['reason', 'version']);
  });
});

describe('POST /api/users/:id/reset-password', () => {
  it('needs a signed-in caller', async () => {
    expect((await new Agent(ctx).post(`/api/users/${net.staff1.user.id}/reset-password`)).status).toBe(401);
  });

  it('hands out a one-time password that must be changed, and ends the old sessions', async () => {
    const victim = await signedIn(ctx, 'workstation_staff', ws1);
    const res = await net.wsAdmin1.post(`/api/users/${victim.user.id}/reset-password`);
    expect(res.status).toBe(200);
    const temp = res.body.temporaryPassword as string;
    expect(temp).toEqual(expect.any(String));
    expect(temp.length).toBeGreaterThanOrEqual(10);

    expect((await victim.get('/api/auth/me')).status).toBe(401);
    expect((await new Agent(ctx).login(victim.username, TEST_PASSWORD)).status).toBe(401);
    const again = new Agent(ctx);
    const login = await again.login(victim.username, temp);
    expect(login.status).toBe(200);
    expect(login.body.mustChangePassword).toBe(true);
    const blocked = await again.get('/api/users');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await again.post('/api/auth/password', { currentPassword: temp, newPassword: 'Fresh-Pass-2024' })).status).toBe(200);
    expect((await again.get('/api/organizations')).status).toBe(200);

    const events = await auditEventsOf(ctx, { recordId: victim.user.id, type: 'user.password_reset' });
    expect(events).toEqual([expect.objectContaining({ actorId: net.wsAdmin1.user.id, organizationId: ws1, data: {} })]);
  });

  it('forbids resetting oneself and hides other workstations', async () => {
    expect((await net.wsAdmin1.post(`/api/users/${net.wsAdmin1.user.id}/reset-password`)).status).toBe(403);
    expect((await net.wsAdmin1.post(`/api/users/${net.staff2.user.id}/reset-password`)).status).toBe(404);
  });

  it('takes no body fields', async () => {
    const { user } = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws2 });
    expect((await net.admin.request('POST', `/api/users/${user.id}/reset-password`)).status).toBe(200);
    const res = await net.admin.post(`/api/users/${user.id}/reset-password`, { password: 'Chosen-Pass-123' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['password']);
  });
});

describe('POST /api/users/:id/roles and DELETE /api/users/:id/roles/:membershipId', () => {
  it('needs a signed-in caller', async () => {
    expect((await new Agent(ctx).post(`/api/users/${net.staff1.user.id}/roles`, { organizationId: ws1, role: 'workstation_admin' })).status).toBe(401);
    expect((await new Agent(ctx).del(`/api/users/${net.staff1.user.id}/roles/00000000-0000-4000-8000-000000000000`)).status).toBe(401);
  });

  it('grants a role (201), refuses it twice, and revokes it, with audit events', async () => {
    const { user } = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1 });
    const granted = await net.wsAdmin1.post(`/api/users/${user.id}/roles`, { organizationId: ws1, role: 'workstation_admin' });
    expect(granted.status).toBe(201);
    const role = granted.body.data.roles.find((r: { role: string }) => r.role === 'workstation_admin');
    expect(role).toMatchObject({ organizationId: ws1, workstationId: ws1 });
    const twice = await net.wsAdmin1.post(`/api/users/${user.id}/roles`, { organizationId: ws1, role: 'workstation_admin' });
    expect(twice.status).toBe(409);

    const revoked = await net.wsAdmin1.del(`/api/users/${user.id}/roles/${role.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.roles.map((r: { role: string }) => r.role)).toEqual(['workstation_staff']);

    const events = await auditEventsOf(ctx, { recordId: user.id });
    expect(events.slice(1)).toEqual([
      expect.objectContaining({ type: 'user.role_granted', actorId: net.wsAdmin1.user.id, organizationId: ws1, data: { membershipId: role.id, role: 'workstation_admin', organizationId: ws1 } }),
      expect.objectContaining({ type: 'user.role_revoked', actorId: net.wsAdmin1.user.id, data: { membershipId: role.id, role: 'workstation_admin', organizationId: ws1 } }),
    ]);
  });

  it('refuses roles a workstation admin may not give, and roles that do not fit the organization', async () => {
    const { user } = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1 });
    expect((await net.wsAdmin1.post(`/api/users/${user.id}/roles`, { organizationId: ws1, role: 'bureau_admin' })).status).toBe(403);
    expect([400, 403]).toContain((await net.wsAdmin1.post(`/api/users/${user.id}/roles`, { organizationId: ws2, role: 'workstation_staff' })).status);
    const mismatch = await net.admin.post(`/api/users/${user.id}/roles`, { organizationId: ws1, role: 'agency_user' });
    expect(mismatch.status).toBe(400);
    expect(paths(mismatch)).toEqual(['role']);
    const bad = await net.admin.post(`/api/users/${user.id}/roles`, { organizationId: 'ws1', role: 'king', since: 'today' });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['organizationId', 'role', 'since']);
    expect(await auditEventsOf(ctx, { recordId: user.id, type: 'user.role_granted' })).toEqual([]);
  });

  it('hides users of other workstations and memberships of other users', async () => {
    expect((await net.wsAdmin1.post(`/api/users/${net.staff2.user.id}/roles`, { organizationId: ws1, role: 'workstation_staff' })).status).toBe(404);
    const theirs = (await net.admin.get(`/api/users/${net.staff2.user.id}`)).body.data.roles[0].id;
    expect((await net.admin.del(`/api/users/${net.staff1.user.id}/roles/${theirs}`)).status).toBe(404);
  });

  it('forbids taking away a role in another workstation from a visible user', async () => {
    const { user } = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1 });
    const other = await net.admin.post(`/api/users/${user.id}/roles`, { organizationId: ws2, role: 'workstation_staff' });
    const membership = other.body.data.roles.find((r: { organizationId: string }) => r.organizationId === ws2);
    const res = await net.wsAdmin1.del(`/api/users/${user.id}/roles/${membership.id}`);
    expect(res.status).toBe(403);
  });
});

describe('errors in English', () => {
  it('answers in the caller language', async () => {
    const en = new Agent(ctx);
    en.lang = 'en-US,en;q=0.8';
    expect((await en.get('/api/users')).body.error.message).toBe('Please sign in first');
    Object.assign(en, { cookie: net.wsAdmin1.cookie, csrf: net.wsAdmin1.csrf });
    expect((await en.get(`/api/users/${net.staff2.user.id}`)).body.error.message).toBe('Record not found');
  });
});

// Changes who the bureau admins are: kept last.
describe('the last bureau admin', () => {
  it('cannot be deactivated or lose the role (409)', async () => {
    const self = await net.admin.post(`/api/users/${net.admin.user.id}/deactivate`, { version: await versionOf(net.admin.user.id) });
    expect(self.status).toBe(409);
    expect(self.body.error).toMatchObject({ code: 'CONFLICT', message: '不能移除或停用最后一个市局管理员' });
    const membership = (await net.admin.get(`/api/users/${net.admin.user.id}`)).body.data.roles.find((r: { role: string }) => r.role === 'bureau_admin');
    const revoke = await net.admin.del(`/api/users/${net.admin.user.id}/roles/${membership.id}`);
    expect(revoke.status).toBe(409);
    expect((await net.admin.get('/api/auth/me')).body.user.roles.map((r: { role: string }) => r.role)).toContain('bureau_admin');
  });

  it('survives two admins deactivating each other at the same moment', async () => {
    const second = await signedIn(ctx, 'bureau_admin', net.bureau.id);
    const [a, b] = await Promise.all([
      net.admin.post(`/api/users/${second.user.id}/deactivate`, { version: await versionOf(second.user.id) }),
      second.post(`/api/users/${net.admin.user.id}/deactivate`, { version: await versionOf(net.admin.user.id) }),
    ]);
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    const admins = await Promise.all([net.admin.user.id, second.user.id].map(async (id) => (await ctx.deps.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, id) }))!.active));
    expect(admins.filter(Boolean)).toHaveLength(1);
  });
});
