import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { Agent } from '../../../test/agent';
import { buildNetwork, buildUser } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

/**
 * MLPS level 3 (GB/T 22239-2019) account controls: a second factor required of bureau
 * administrators, and a sign-in log the user and the bureau can read.
 */
const ctx = await setupTestApp();
const net = await buildNetwork(ctx);

async function adminWithoutTotp(opts: { demo?: boolean } = {}) {
  const u = await buildUser(ctx, { role: 'bureau_admin', organizationId: net.bureau.id });
  if (opts.demo) await ctx.db.update(users).set({ isDemo: true }).where(eq(users.id, u.user.id));
  const agent = new Agent(ctx);
  const res = await agent.login(u.username, u.password);
  return { ...u, agent, res };
}

describe('TOTP is required of bureau administrators', () => {
  it('signs one in without TOTP to a session that can only enrol it', async () => {
    const { agent, res, user } = await adminWithoutTotp();
    expect(res.status).toBe(200);
    expect(res.body.mfaEnrolmentRequired).toBe(true);

    const me = await agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.mfaEnrolmentRequired).toBe(true);

    for (const [method, path, body] of [
      ['GET', '/api/users', undefined],
      ['GET', `/api/users/${user.id}`, undefined],
      ['GET', '/api/organizations', undefined],
      ['GET', '/api/audit', undefined],
      ['GET', '/api/auth/sessions', undefined],
      ['GET', '/api/auth/login-log', undefined],
      ['POST', '/api/auth/tokens', { name: 'bypass' }],
      ['POST', '/api/organizations', { type: 'agency', name: '不应创建' }],
      ['POST', '/api/auth/password', { currentPassword: 'x', newPassword: 'Another-Pass-42' }],
    ] as const) {
      const r = await agent.request(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body).toEqual({ error: { code: 'MFA_ENROLMENT_REQUIRED', message: '市局管理员账号须先开启两步验证（动态验证码），开启后方可继续操作', requestId: expect.any(String) } });
    }
    agent.lang = 'en-US';
    expect((await agent.get('/api/users')).body.error.message).toMatch(/two-factor/);

    // Enrolling lifts the restriction at once; the next sign-in asks for the code.
    const { secret } = (await agent.post('/api/auth/totp/setup')).body;
    const enabled = await agent.post('/api/auth/totp/enable', { code: await generate({ secret }) });
    expect(enabled.status).toBe(200);
    expect(enabled.body.user.totpEnabled).toBe(true);
    expect((await agent.get('/api/users')).status).toBe(200);
    expect((await agent.get('/api/auth/me')).body.mfaEnrolmentRequired).toBeUndefined();
  });

  it('holds API tokens to the same rule', async () => {
    // A token made while TOTP was on is held back once TOTP is off (here by SQL).
    const enrolled = await adminWithoutTotp();
    const { secret } = (await enrolled.agent.post('/api/auth/totp/setup')).body;
    await enrolled.agent.post('/api/auth/totp/enable', { code: await generate({ secret }) });
    const token = (await enrolled.agent.post('/api/auth/tokens', { name: '脚本' })).body.token;
    const bearer = new Agent(ctx);
    bearer.bearer = token;
    expect((await bearer.get('/api/users')).status).toBe(200);
    await ctx.db.update(users).set({ totpEnabled: false }).where(eq(users.id, enrolled.user.id));
    const held = await bearer.get('/api/users');
    expect(held.status).toBe(403);
    expect(held.body.error.code).toBe('MFA_ENROLMENT_REQUIRED');
  });

  it('does not ask it of demo accounts, nor of other roles', async () => {
    const demo = await adminWithoutTotp({ demo: true });
    expect(demo.res.body.mfaEnrolmentRequired).toBeUndefined();
    expect((await demo.agent.get('/api/users')).status).toBe(200);
    for (const agent of [net.wsAdmin1, net.staff1]) expect((await agent.get('/api/organizations')).status).toBe(200);
  });

  it('asks for the password change first when both are due, then for the second factor', async () => {
    const u = await buildUser(ctx, { role: 'bureau_admin', organizationId: net.bureau.id, mustChangePassword: true });
    const agent = new Agent(ctx);
    await agent.login(u.username, u.password);
    expect((await agent.post('/api/auth/totp/setup')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await agent.post('/api/auth/password', { currentPassword: u.password, newPassword: 'Changed-Pass-2026' })).status).toBe(200);
    expect((await agent.get('/api/users')).body.error.code).toBe('MFA_ENROLMENT_REQUIRED');
    expect((await agent.post('/api/auth/totp/setup')).status).toBe(200);
  });

  it('will not replace an enabled secret without a code (that would switch the factor off)', async () => {
    const setup = await net.admin.post('/api/auth/totp/setup');
    expect(setup.status).toBe(409);
    expect(setup.body.error.code).toBe('CONFLICT');
    expect((await net.admin.get('/api/users')).status).toBe(200);
  });

  it('signs an enrolled administrator in with password and code', async () => {
    const fresh = new Agent(ctx);
    const first = await fresh.post('/api/auth/login', { username: net.admin.username, password: net.admin.password });
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    const second = await fresh.post('/api/auth/login/totp', { mfaToken: first.body.mfaToken, code: await generate({ secret: net.admin.totpSecret! }) });
    expect(second.status).toBe(200);
    expect(second.body.mfaEnrolmentRequired).toBeUndefined();
  });
});

describe('the sign-in log', () => {
  it('shows each user their own attempts: time, user, source address and result', async () => {
    await new Agent(ctx).post('/api/auth/login', { username: net.staff1.username, password: 'Wrong-Password-1' });
    const log = await net.staff1.get('/api/auth/login-log');
    expect(log.status).toBe(200);
    expect(log.body.items.length).toBeGreaterThanOrEqual(2);
    expect(log.body.items.every((i: { userId: string }) => i.userId === net.staff1.user.id)).toBe(true);
    expect(log.body.items[0]).toEqual({ id: expect.any(Number), at: expect.any(String), username: net.staff1.username, userId: net.staff1.user.id, ip: expect.any(String), success: false, reason: 'bad_password' });
    expect(log.body.items.some((i: { success: boolean }) => i.success)).toBe(true);
    expect((await net.staff1.get(`/api/auth/login-log?userId=${net.staff1.user.id}`)).status).toBe(200);
  });

  it('lets the bureau read any user\'s log', async () => {
    const log = await net.admin.get(`/api/auth/login-log?userId=${net.staff2.user.id}`);
    expect(log.status).toBe(200);
    expect(log.body.total).toBeGreaterThan(0);
    expect(log.body.items.every((i: { userId: string }) => i.userId === net.staff2.user.id)).toBe(true);
    const upper = await net.admin.get(`/api/auth/login-log?userId=${net.staff2.user.id.toUpperCase()}`);
    expect(upper.body.total).toBe(log.body.total);
  });

  it('refuses anyone else another user\'s log', async () => {
    // Not even the administrator of the user's own workstation.
    for (const agent of [net.wsAdmin1, net.staff1, net.wsAdmin2]) {
      const r = await agent.get(`/api/auth/login-log?userId=${net.staff2.user.id}`);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect((await net.staff1.get('/api/auth/login-log?userId=not-a-uuid')).status).toBe(400);
  });
});
