import { OpenAPIHono } from '@hono/zod-openapi';
import { passwordField } from '../../../../shared/src/account.schemas';
import { actorOf, clearSessionCookie, csrfTokenOf, setSessionCookie } from '../../http/auth';
import { defineRoute, json, jsonBody, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { offsetOf, pageEnvelope, pagingQuery } from '../../lib/paging';
import { userView } from '../users/users.presenter';
import * as auth from './auth.service';

const sessionOut = z.object({ user: userView, csrfToken: z.string(), mustChangePassword: z.boolean().optional(), mfaEnrolmentRequired: z.boolean().optional() });
const loginOut = z.union([sessionOut, z.object({ mfaRequired: z.literal(true), mfaToken: z.string() })]);
const tokenView = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), expiresAt: z.string().nullable() });
const sessionView = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
const loginLogItem = z.object({
  id: z.number(),
  at: z.string(),
  username: z.string(),
  userId: z.string().nullable(),
  ip: z.string().nullable(),
  success: z.boolean(),
  reason: z.string().nullable(),
});

const tag = ['auth'];
const routes = {
  login: defineRoute({
    method: 'post', path: '/api/auth/login', anonymous: true, tags: tag,
    summary: 'Sign in with username and password',
    request: { body: jsonBody(z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) })) },
    responses: { 200: json(loginOut) },
  }),
  loginTotp: defineRoute({
    method: 'post', path: '/api/auth/login/totp', anonymous: true, tags: tag,
    summary: 'Second sign-in step: the TOTP code',
    request: { body: jsonBody(z.strictObject({ mfaToken: z.string().min(1).max(200), code: z.string().regex(/^\d{6}$/) })) },
    responses: { 200: json(sessionOut) },
  }),
  logout: defineRoute({ method: 'post', path: '/api/auth/logout', anonymous: true, tags: tag, summary: 'Sign out', responses: { 204: { description: 'Signed out' } } }),
  me: defineRoute({
    method: 'get', path: '/api/auth/me', tags: tag, summary: 'The signed-in user (mfaEnrolmentRequired: a bureau administrator must turn on TOTP first)',
    responses: { 200: json(z.object({ user: userView, csrfToken: z.string().nullable(), mfaEnrolmentRequired: z.boolean().optional() })) },
  }),
  password: defineRoute({
    method: 'post', path: '/api/auth/password', tags: tag, summary: 'Change one\'s own password',
    request: { body: jsonBody(z.strictObject({ currentPassword: z.string().min(1).max(128), newPassword: passwordField })) },
    responses: { 200: json(z.object({ user: userView, csrfToken: z.string().nullable() })) },
  }),
  sessions: defineRoute({ method: 'get', path: '/api/auth/sessions', tags: tag, summary: 'My live sessions', responses: { 200: json(z.object({ items: z.array(sessionView) })) } }),
  revokeSession: defineRoute({
    method: 'delete', path: '/api/auth/sessions/{id}', tags: tag, summary: 'Revoke one of my sessions',
    request: { params: z.object({ id: z.uuid({ message: 'validation.invalid_id' }) }) },
    responses: { 204: { description: 'Revoked' } },
  }),
  tokens: defineRoute({ method: 'get', path: '/api/auth/tokens', tags: tag, summary: 'My API tokens', responses: { 200: json(z.object({ items: z.array(tokenView) })) } }),
  createToken: defineRoute({
    method: 'post', path: '/api/auth/tokens', tags: tag, summary: 'Create an API token (shown once)',
    request: { body: jsonBody(z.strictObject({ name: z.string().trim().min(1).max(100), expiresInDays: z.number().int().min(1).max(3650).optional() })) },
    responses: { 201: json(z.object({ data: tokenView, token: z.string() })) },
  }),
  revokeToken: defineRoute({
    method: 'delete', path: '/api/auth/tokens/{id}', tags: tag, summary: 'Revoke an API token',
    request: { params: z.object({ id: z.uuid({ message: 'validation.invalid_id' }) }) },
    responses: { 204: { description: 'Revoked' } },
  }),
  totpSetup: defineRoute({ method: 'post', path: '/api/auth/totp/setup', tags: tag, summary: 'Start TOTP enrolment', responses: { 200: json(z.object({ secret: z.string(), otpauthUrl: z.string() })) } }),
  totpEnable: defineRoute({
    method: 'post', path: '/api/auth/totp/enable', tags: tag, summary: 'Confirm TOTP enrolment with a code',
    request: { body: jsonBody(z.strictObject({ code: z.string().regex(/^\d{6}$/) })) },
    responses: { 200: json(z.object({ user: userView })) },
  }),
  totpDisable: defineRoute({
    method: 'post', path: '/api/auth/totp/disable', tags: tag, summary: 'Turn TOTP off (needs a current code)',
    request: { body: jsonBody(z.strictObject({ code: z.string().regex(/^\d{6}$/) })) },
    responses: { 200: json(z.object({ user: userView })) },
  }),
  loginLog: defineRoute({
    method: 'get', path: '/api/auth/login-log', tags: tag, summary: 'Sign-in log (time, user, source address, result): my own; the bureau any user\'s with userId',
    request: { query: z.object({ ...pagingQuery, userId: z.uuid({ message: 'validation.invalid_id' }).optional() }) },
    responses: { 200: json(pageEnvelope(loginLogItem)) },
  }),
};

export function authRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(routes.login, async (c) => {
    const body = c.req.valid('json');
    const result = await auth.login(c.get('deps'), { ...body, ip: c.get('ctx').ip, userAgent: c.req.header('user-agent') });
    if (result.kind === 'mfa') return c.json({ mfaRequired: true as const, mfaToken: result.mfaToken }, 200);
    setSessionCookie(c, result.session.token, result.session.expiresAt);
    return c.json(
      {
        user: result.user,
        csrfToken: result.session.csrfToken,
        ...(result.mustChangePassword ? { mustChangePassword: true } : {}),
        ...(result.mfaEnrolmentRequired ? { mfaEnrolmentRequired: true } : {}),
      },
      200,
    );
  });

  app.openapi(routes.loginTotp, async (c) => {
    const body = c.req.valid('json');
    const result = await auth.loginTotp(c.get('deps'), { ...body, ip: c.get('ctx').ip, userAgent: c.req.header('user-agent') });
    setSessionCookie(c, result.session.token, result.session.expiresAt);
    return c.json({ user: result.user, csrfToken: result.session.csrfToken, ...(result.mustChangePassword ? { mustChangePassword: true } : {}) }, 200);
  });

  app.openapi(routes.logout, async (c) => {
    await auth.logout(c.get('deps'), c.get('sessionHash'));
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  app.openapi(routes.me, async (c) => {
    const ctx = actorOf(c);
    return c.json({ user: await auth.me(c.get('deps'), ctx.actor), csrfToken: csrfTokenOf(c), ...(ctx.actor.mfaEnrolmentRequired ? { mfaEnrolmentRequired: true } : {}) }, 200);
  });

  app.openapi(routes.password, async (c) => {
    const ctx = actorOf(c);
    const body = c.req.valid('json');
    const user = await auth.changePassword(c.get('deps'), ctx, { ...body, sessionHash: c.get('sessionHash') });
    return c.json({ user, csrfToken: csrfTokenOf(c) }, 200);
  });

  app.openapi(routes.sessions, async (c) => c.json({ items: await auth.listSessions(c.get('deps'), actorOf(c).actor) }, 200));

  app.openapi(routes.revokeSession, async (c) => {
    await auth.revokeSession(c.get('deps'), actorOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  });

  app.openapi(routes.tokens, async (c) => c.json({ items: await auth.listTokens(c.get('deps'), actorOf(c).actor) }, 200));

  app.openapi(routes.createToken, async (c) => c.json(await auth.createToken(c.get('deps'), actorOf(c), c.req.valid('json')), 201));

  app.openapi(routes.revokeToken, async (c) => {
    await auth.revokeToken(c.get('deps'), actorOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  });

  app.openapi(routes.totpSetup, async (c) => c.json(await auth.totpSetup(c.get('deps'), actorOf(c).actor), 200));
  app.openapi(routes.totpEnable, async (c) => c.json({ user: await auth.totpSetEnabled(c.get('deps'), actorOf(c), c.req.valid('json').code, true) }, 200));
  app.openapi(routes.totpDisable, async (c) => c.json({ user: await auth.totpSetEnabled(c.get('deps'), actorOf(c), c.req.valid('json').code, false) }, 200));

  app.openapi(routes.loginLog, async (c) => {
    const q = c.req.valid('query');
    const { items, total } = await auth.loginLogFor(c.get('deps'), actorOf(c).actor, q, offsetOf(q));
    return c.json({ items, total, page: q.page, pageSize: q.pageSize }, 200);
  });

  return app;
}
