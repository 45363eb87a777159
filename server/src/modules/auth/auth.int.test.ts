import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { buildNetwork, buildUser } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

const ctx = await setupTestApp({ env: { IPSTATION_LOGIN_MAX_FAILURES: '5' } });
const net = await buildNetwork(ctx);

describe('POST /api/auth/login', () => {
  it('signs in, sets an httpOnly session cookie and returns the user with roles and a CSRF token', async () => {
    const { username, password } = await buildUser(ctx, { role: 'workstation_staff', organizationId: net.ws1.workstation.id });
    const agent = new Agent(ctx);
    const res = await agent.post('/api/auth/login', { username, password });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/ipstation_session=.+HttpOnly/i);
    expect(res.body.csrfToken).toEqual(expect.any(String));
    expect(res.body.user.roles).toEqual([
      expect.objectContaining({ role: 'workstation_staff', organizationId: net.ws1.workstation.id, workstationId: net.ws1.workstation.id }),
    ]);
  });

  it('answers 401 BAD_CREDENTIALS alike for a wrong password and an unknown username', async () => {
    const a = await new Agent(ctx).post('/api/auth/login', { username: net.staff1.username, password: 'Wrong-password-1' });
    const b = await new Agent(ctx).post('/api/auth/login', { username: 'nobody-here', password: 'Wrong-password-1' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.error.code).toBe('BAD_CREDENTIALS');
    expect(b.body.error.message).toBe(a.body.error.message);
    expect(a.body.error.message).toBe('用户名或密码错误');
  });

  it('speaks English when asked', async () => {
    const agent = new Agent(ctx);
    agent.lang = 'en-US,en;q=0.9';
    const res = await agent.post('/api/auth/login', { username: 'x-nobody', password: 'nope' });
    expect(res.body.error.message).toBe('Wrong username or password');
  });

  it('rejects bad input with field details and unknown fields', async () => {
    const res = await new Agent(ctx).post('/api/auth/login', { username: 'a', password: 5, extra: true });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['extra', 'password']);
  });

  it('locks a username for 15 minutes after 5 failures, whether or not it exists', async () => {
    const { username, password } = await buildUser(ctx, { role: 'workstation_staff', organizationId: net.ws1.workstation.id });
    for (const name of [username, 'ghost-user']) {
      for (let i = 0; i < 5; i++) {
        expect((await new Agent(ctx).post('/api/auth/login', { username: name, password: 'Bad-password-9' })).status).toBe(401);
      }
      const locked = await new Agent(ctx).post('/api/auth/login', { username: name, password });
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('RATE_LIMITED');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    }
    ctx.clock.advance(15 * 60_000 + 1000);
    expect((await new Agent(ctx).post('/api/auth/login', { username, password })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('needs a CSRF token for state changes made with the cookie', async () => {
    const agent = await buildUser(ctx, { role: 'workstation_staff', organizationId: net.ws1.workstation.id }).then(async (u) => {
      const a = new Agent(ctx);
      await a.login(u.username, u.password);
      return a;
    });
    const csrf = agent.csrf;
    agent.csrf = undefined;
    const res = await agent.post('/api/auth/tokens', { name: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF');
    agent.csrf = csrf;
    expect((await agent.post('/api/auth/tokens', { name: 'x' })).status).toBe(201);
  });

  it('lists my sessions and revokes one; logout ends the current one', async () => {
    const u = await buildUser(ctx, { role: 'workstation_staff', organizationId: net.ws1.workstation.id });
    const a = new Agent(ctx);
    const b = new Agent(ctx);
    await a.login(u.username, u.password);
    await b.login(u.username, u.password);
    const list = await a.get('/api/auth/sessions');
    expect(list.body.items).toHaveLength(2);
    const other = list.body.items.find((s: { current: boolean }) => !s.current);
    expect((await a.del(`/api/auth/sessions/${other.id}`)).status).toBe(204);
    expect((await b.get('/api/auth/me')).status).toBe(401);
    expect((await a.post('/api/auth/logout')).status).toBe(204);
    expect((await a.get('/api/auth/me')).status).toBe(401);
  });

  it('requires sign-in for me', async () => {
    const res = await new Agent(ctx).get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('API tokens', () => {
  it('creates a bearer token that works without CSRF and stops working when revoked', async () => {
    const created = await net.staff1.post('/api/auth/tokens', { name: '数据同步' });
    expect(created.status).toBe(201);
    const bearer = new Agent(ctx);
    bearer.bearer = created.body.token;
    expect((await bearer.get('/api/auth/me')).body.user.username).toBe(net.staff1.username);
    expect((await bearer.post('/api/notifications/read-all')).status).toBe(200);
    expect((await net.staff1.del(`/api/auth/tokens/${created.body.data.id}`)).status).toBe(204);
    expect((await bearer.get('/api/auth/me')).status).toBe(401);
  });

  it('hides other users tokens', async () => {
    const created = await net.staff1.post('/api/auth/tokens', { name: 't' });
    expect((await net.staff2.del(`/api/auth/tokens/${created.body.data.id}`)).status).toBe(404);
  });
});

describe('password change', () => {
  it('forces a change when required, refuses the last five passwords, and then allows everything', async () => {
    const u = await buildUser(ctx, { role: 'workstation_staff', organizationId: net.ws1.workstation.id, mustChangePassword: true });
    const a = new Agent(ctx);
    const login = await a.login(u.username, u.password);
    expect(login.body.mustChangePassword).toBe(true);
    const blocked = await a.get('/api/notifications');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await a.get('/api/auth/me')).status).toBe(200);
    const weak = await a.post('/api/auth/password', { currentPassword: u.password, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].path).toBe('newPassword');
    const same = await a.post('/api/auth/password', { currentPassword: u.password, newPassword: u.password });
    expect(same.status).toBe(400);
    const passwords = ['Second-Pass-1', 'Third-Pass-22', 'Fourth-Pass-3', 'Fifth-Pass-44'];
    let current = u.password;
    for (const p of passwords) {
      const r = await a.post('/api/auth/password', { currentPassword: current, newPassword: p });
      expect(r.status).toBe(200);
      current = p;
    }
    expect((await a.post('/api/auth/password', { currentPassword: current, newPassword: u.password })).status).toBe(400);
    expect((await a.post('/api/auth/password', { currentPassword: current, newPassword: 'Sixth-Pass-66' })).status).toBe(200);
    expect((await a.get('/api/notifications')).status).toBe(200);
  });

  it('refuses a wrong current password', async () => {
    const r = await net.staff2.post('/api/auth/password', { currentPassword: 'Not-it-123', newPassword: 'Brand-New-Pass-1' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('currentPassword');
  });
});

describe('TOTP', () => {
  it('enrols with a code and then asks for a second factor at sign-in', async () => {
    const { generate } = await import('otplib');
    const u = await buildUser(ctx, { role: 'workstation_staff', organizationId: net.ws1.workstation.id });
    const a = new Agent(ctx);
    await a.login(u.username, u.password);
    const setup = await a.post('/api/auth/totp/setup');
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect((await a.post('/api/auth/totp/enable', { code: '000000' })).status).toBe(400);
    const code = await generate({ secret: setup.body.secret, epoch: Math.floor(Date.now() / 1000) });
    expect((await a.post('/api/auth/totp/enable', { code })).body.user.totpEnabled).toBe(true);

    const b = new Agent(ctx);
    const first = await b.post('/api/auth/login', { username: u.username, password: u.password });
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    expect(first.headers.get('set-cookie')).toBeNull();
    const wrong = await b.post('/api/auth/login/totp', { mfaToken: first.body.mfaToken, code: '123456' });
    expect(wrong.status).toBe(401);
    // a challenge is single-use: start again
    const again = await b.post('/api/auth/login', { username: u.username, password: u.password });
    const ok = await b.post('/api/auth/login/totp', { mfaToken: again.body.mfaToken, code: await generate({ secret: setup.body.secret }) });
    expect(ok.status).toBe(200);
    expect(ok.body.user.username).toBe(u.username);
  });
});

// Moves the clock by hours: kept last so the shared agents above are not signed out early.
describe('session lifetime', () => {
  it('expires after 30 idle minutes and after 12 hours at most', async () => {
    const u = await buildUser(ctx, { role: 'workstation_staff', organizationId: net.ws1.workstation.id });
    const a = new Agent(ctx);
    await a.login(u.username, u.password);
    ctx.clock.advance(29 * 60_000);
    expect((await a.get('/api/auth/me')).status).toBe(200);
    ctx.clock.advance(31 * 60_000);
    expect((await a.get('/api/auth/me')).status).toBe(401);

    const b = new Agent(ctx);
    await b.login(u.username, u.password);
    for (let i = 0; i < 25; i++) {
      ctx.clock.advance(29 * 60_000);
      const r = await b.get('/api/auth/me');
      if (i < 24) expect(r.status).toBe(200);
      else expect(r.status).toBe(401);
    }
  });

});
