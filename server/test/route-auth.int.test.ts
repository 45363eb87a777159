import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Agent } from './agent';
import { setupTestApp } from './harness';

/**
 * Every route the app registers, with the decision about who may call it. A new endpoint fails this
 * test until someone adds it here, so no endpoint appears without a decision about auth.
 */
const ANONYMOUS = true;
const SIGNED_IN = false;
const ROUTES: Record<string, boolean> = {
  'GET /healthz': ANONYMOUS,
  'GET /metrics': ANONYMOUS,
  'GET /api/openapi.json': ANONYMOUS,
  'GET /api/docs': ANONYMOUS,
  'GET /api/docs/init.js': ANONYMOUS,
  'GET /api/docs/assets/:file': ANONYMOUS,

  'POST /api/auth/login': ANONYMOUS,
  'POST /api/auth/login/totp': ANONYMOUS,
  'POST /api/auth/logout': ANONYMOUS,
  'GET /api/auth/me': SIGNED_IN,
  'POST /api/auth/password': SIGNED_IN,
  'GET /api/auth/sessions': SIGNED_IN,
  'DELETE /api/auth/sessions/:id': SIGNED_IN,
  'GET /api/auth/tokens': SIGNED_IN,
  'POST /api/auth/tokens': SIGNED_IN,
  'DELETE /api/auth/tokens/:id': SIGNED_IN,
  'POST /api/auth/totp/setup': SIGNED_IN,
  'POST /api/auth/totp/enable': SIGNED_IN,
  'POST /api/auth/totp/disable': SIGNED_IN,
  'GET /api/auth/login-log': SIGNED_IN,

  'GET /api/organizations': SIGNED_IN,
  'POST /api/organizations': SIGNED_IN,
  'GET /api/organizations/:id': SIGNED_IN,
  'PATCH /api/organizations/:id': SIGNED_IN,
  'POST /api/organizations/:id/deactivate': SIGNED_IN,
  'POST /api/organizations/:id/activate': SIGNED_IN,

  'GET /api/users': SIGNED_IN,
  'POST /api/users': SIGNED_IN,
  'GET /api/users/:id': SIGNED_IN,
  'PATCH /api/users/:id': SIGNED_IN,
  'POST /api/users/:id/deactivate': SIGNED_IN,
  'POST /api/users/:id/activate': SIGNED_IN,
  'POST /api/users/:id/reset-password': SIGNED_IN,
  'POST /api/users/:id/roles': SIGNED_IN,
  'DELETE /api/users/:id/roles/:membershipId': SIGNED_IN,

  'GET /api/audit': SIGNED_IN,
  'GET /api/audit/export': SIGNED_IN,
  'GET /api/jobs': SIGNED_IN,
  'GET /api/jobs/:id': SIGNED_IN,

  'GET /api/notifications': SIGNED_IN,
  'POST /api/notifications/:id/read': SIGNED_IN,
  'POST /api/notifications/read-all': SIGNED_IN,

  // The public directory (design: the public sees workstations and reference data).
  'GET /api/reference/clusters': ANONYMOUS,
  'GET /api/reference/districts': ANONYMOUS,
  'GET /api/public/workstations': ANONYMOUS,

  'GET /api/workstations': SIGNED_IN,
  'GET /api/workstations/export': SIGNED_IN,
  'POST /api/workstations': SIGNED_IN,
  'GET /api/workstations/:id': SIGNED_IN,
  'PATCH /api/workstations/:id': SIGNED_IN,
  'POST /api/workstations/:id/transitions': SIGNED_IN,
  'POST /api/workstations/:id/changes/:changeId/decision': SIGNED_IN,
  'POST /api/workstations/:id/documents': SIGNED_IN,
  'GET /api/workstations/:id/documents/:documentId': SIGNED_IN,
  'GET /api/workstations/:id/staff': SIGNED_IN,
  'POST /api/workstations/:id/staff': SIGNED_IN,
  'PATCH /api/workstations/:id/staff/:staffId': SIGNED_IN,
  'POST /api/workstations/:id/branches': SIGNED_IN,
  'PATCH /api/workstations/:id/branches/:branchId': SIGNED_IN,
  'DELETE /api/workstations/:id/branches/:branchId': SIGNED_IN,

  'GET /api/enterprises': SIGNED_IN,
  'POST /api/enterprises': SIGNED_IN,
  'GET /api/enterprises/:id': SIGNED_IN,
  'PATCH /api/enterprises/:id': SIGNED_IN,
  'GET /api/enterprises/import-template': SIGNED_IN,
  'POST /api/enterprises/imports': SIGNED_IN,
  'GET /api/enterprises/imports/:jobId/report': SIGNED_IN,
  'GET /api/enterprises/export': SIGNED_IN,

  'POST /api/enterprises/:id/invitations': SIGNED_IN,
  'GET /api/invitations': SIGNED_IN,
  'POST /api/invitations/:id/decision': SIGNED_IN,
  // An enterprise registers with the code of its invitation; a forgotten password is reset by e-mail.
  'POST /api/registrations': ANONYMOUS,
  'POST /api/auth/password-reset/request': ANONYMOUS,
  'POST /api/auth/password-reset/confirm': ANONYMOUS,

  'GET /api/professionals': SIGNED_IN,
  'GET /api/professionals/export': SIGNED_IN,
  'POST /api/professionals': SIGNED_IN,
  'GET /api/professionals/:subjectType/:subjectId': SIGNED_IN,
  'PUT /api/professionals/:subjectType/:subjectId': SIGNED_IN,

  'GET /api/calendar/working-days/add': SIGNED_IN,
  'GET /api/calendar/overrides': SIGNED_IN,
  'PUT /api/calendar/overrides/:date': SIGNED_IN,
  'DELETE /api/calendar/overrides/:date': SIGNED_IN,

  'POST /api/cases': SIGNED_IN,
  'POST /api/cases/quick-consultation': SIGNED_IN,
  'GET /api/cases': SIGNED_IN,
  'GET /api/cases/export': SIGNED_IN,
  'GET /api/cases/:id': SIGNED_IN,
  'PATCH /api/cases/:id': SIGNED_IN,
  'POST /api/cases/:id/transitions': SIGNED_IN,
  'POST /api/cases/:id/parties': SIGNED_IN,
  'POST /api/cases/:id/links': SIGNED_IN,
  'DELETE /api/cases/:id/links/:linkId': SIGNED_IN,
  'POST /api/cases/:id/messages': SIGNED_IN,
  'POST /api/cases/:id/rating': SIGNED_IN,
  'GET /api/cases/:id/notices/:kind': SIGNED_IN,
  'GET /api/cases/:id/documents': SIGNED_IN,
  'POST /api/cases/:id/documents': SIGNED_IN,
  'GET /api/cases/:id/documents/:documentId': SIGNED_IN,
  'DELETE /api/cases/:id/documents/:documentId': SIGNED_IN,
  'PUT /api/cases/:id/documents/:documentId/access/:userId': SIGNED_IN,
  'DELETE /api/cases/:id/documents/:documentId/access/:userId': SIGNED_IN,
  'POST /api/cases/reassign': SIGNED_IN,
  'GET /api/ledger': SIGNED_IN,
  'GET /api/ledger/export': SIGNED_IN,

  // Information retrieval: patent records are reference data for every signed-in user.
  'GET /api/patents/search': SIGNED_IN,
  'GET /api/patents/facets': SIGNED_IN,
  'GET /api/patents/export.xlsx': SIGNED_IN,
  'POST /api/patents/imports': SIGNED_IN,
  'GET /api/patents/:id': SIGNED_IN,
  'GET /api/trademarks/search': SIGNED_IN,
  'GET /api/trademarks/export.xlsx': SIGNED_IN,
  'POST /api/trademarks/imports': SIGNED_IN,
  'GET /api/trademarks/:id': SIGNED_IN,
  'GET /api/saved-searches': SIGNED_IN,
  'POST /api/saved-searches': SIGNED_IN,
  'GET /api/saved-searches/:id': SIGNED_IN,
  'PATCH /api/saved-searches/:id': SIGNED_IN,
  'DELETE /api/saved-searches/:id': SIGNED_IN,
  'GET /api/saved-searches/:id/report.pdf': SIGNED_IN,
  'GET /api/saved-searches/:id/results.xlsx': SIGNED_IN,
  'POST /api/saved-searches/:id/results': SIGNED_IN,
  'GET /api/saved-searches/:id/alerts': SIGNED_IN,
  'POST /api/saved-searches/:id/report/attach': SIGNED_IN,
};

/** The web UI: `GET|HEAD /*` once web/dist is built, a single explanatory `GET /` before that. */
const WEB_ROUTES: Record<string, boolean> = { 'GET /*': ANONYMOUS, 'HEAD /*': ANONYMOUS, 'GET /': ANONYMOUS };

/** App-wide middleware, not endpoints. */
const isMiddleware = (r: { method: string; path: string }) => r.method === 'ALL' && (r.path === '/*' || r.path === '/api/*');

const ctx = await setupTestApp();

function registered(): string[] {
  const keys = ctx.app.routes.filter((r) => !isMiddleware(r)).map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)];
}

function concretePath(path: string): string {
  return path.replace(/:[A-Za-z_]+/g, () => randomUUID()).replace(/\*$/, 'some-page');
}

const isWrite = (method: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);

function expectErrorShape(res: { status: number; body: any; headers: Headers }, code: string) {
  expect(res.body).toEqual({ error: { code, message: expect.any(String), requestId: expect.any(String) } });
  expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
}

describe('every route has a decision about auth', () => {
  it('the app registers no route missing from the table', () => {
    const undecided = registered().filter((k) => !(k in ROUTES) && !(k in WEB_ROUTES));
    expect(undecided).toEqual([]);
  });

  it('the table names no route the app no longer registers', () => {
    const keys = new Set(registered());
    expect(Object.keys(ROUTES).filter((k) => !keys.has(k))).toEqual([]);
    expect(Object.keys(WEB_ROUTES).some((k) => keys.has(k))).toBe(true);
  });

  it('the OpenAPI document marks exactly the signed-in routes with a security requirement', async () => {
    const doc = (await new Agent(ctx).get('/api/openapi.json')).body;
    const seen: string[] = [];
    for (const [path, ops] of Object.entries<Record<string, { security?: unknown[] }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        seen.push(key);
        expect(key in ROUTES, key).toBe(true);
        expect((op.security ?? []).length > 0, key).toBe(!ROUTES[key]);
      }
    }
    expect(seen.length).toBeGreaterThan(30);
  });
});

describe('anonymous callers', () => {
  const signedInRoutes = Object.entries(ROUTES)
    .filter(([, anonymous]) => !anonymous)
    .map(([key]) => key);

  it.each(signedInRoutes)('%s answers 401 UNAUTHENTICATED', async (key) => {
    const [method, path] = key.split(' ');
    const agent = new Agent(ctx);
    const res = await agent.request(method, concretePath(path), isWrite(method) ? {} : undefined);
    expect(res.status).toBe(401);
    expectErrorShape(res, 'UNAUTHENTICATED');
  });

  it.each(signedInRoutes)('%s checks auth before input: bad ids and bodies still answer 401', async (key) => {
    const [method, path] = key.split(' ');
    const res = await new Agent(ctx).request(method, path.replace(/:[A-Za-z_]+/g, 'not-a-uuid'), isWrite(method) ? { unknown: 'x'.repeat(500) } : undefined);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it.each(signedInRoutes)('%s answers 401 to an unknown bearer token', async (key) => {
    const [method, path] = key.split(' ');
    const agent = new Agent(ctx);
    agent.bearer = 'ipst_not-a-real-token';
    const res = await agent.request(method, concretePath(path), isWrite(method) ? {} : undefined);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it.each(signedInRoutes)('%s answers 401 to a session cookie that does not exist', async (key) => {
    const [method, path] = key.split(' ');
    const agent = new Agent(ctx);
    agent.cookie = 'ipstation_session=forged-session-value';
    const res = await agent.request(method, concretePath(path), isWrite(method) ? {} : undefined);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  const anonymousRoutes = [...Object.entries(ROUTES), ...Object.entries(WEB_ROUTES)]
    .filter(([key, anonymous]) => anonymous && registered().includes(key))
    .map(([key]) => key);

  it.each(anonymousRoutes)('%s is reachable without signing in', async (key) => {
    const [method, path] = key.split(' ');
    const res = await new Agent(ctx).request(method, concretePath(path), isWrite(method) ? {} : undefined);
    expect(res.status).not.toBe(401);
    expect(res.status).toBeLessThan(500);
  });
});
