import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import type { Db } from '../src/db/client';
import { Agent, type Res } from './agent';
import { buildNetwork } from './factories';
import { setupTestApp } from './harness';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);
const admin = net.admin;

async function counts() {
  const r = await ctx.db.execute(sql`select
      (select count(*)::int from users) as users,
      (select count(*)::int from memberships) as memberships,
      (select count(*)::int from organizations) as organizations,
      (select count(*)::int from audit_events) as audit,
      (select max(version)::int from users) as "userVersions",
      (select max(version)::int from organizations) as "orgVersions"`);
  return (r as unknown as { rows: Record<string, number>[] }).rows[0];
}

/** A 4xx in the one error shape, its requestId the same as the X-Request-Id header. */
function expectError(res: Res, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String), requestId: expect.any(String) }),
  });
  expect(Object.keys(res.body.error).sort()).toEqual(expect.arrayContaining(['code', 'message', 'requestId']));
  expect(res.body.error.message.length).toBeGreaterThan(0);
  expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
  expect(res.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

const detailPaths = (res: Res) => (res.body.error.details ?? []).map((d: { path: string }) => d.path).sort();

const validUser = () => ({
  username: `u${Math.random().toString(36).slice(2, 10)}`,
  displayName: '新用户',
  password: 'Strong-Password-1',
  organizationId: net.ws1.workstation.id,
  role: 'workstation_staff',
});

let before: Awaited<ReturnType<typeof counts>>;
beforeEach(async () => {
  before = await counts();
});
afterEach(async () => {
  // Whatever the test sent, nothing was written and the server still answers.
  expect(await counts()).toEqual(before);
  const health = await new Agent(ctx).get('/healthz');
  expect(health.status).toBe(200);
  expect(health.body).toEqual({ status: 'ok', db: 'ok' });
});

describe('malformed bodies', () => {
  it('answers 400 VALIDATION for JSON that does not parse', async () => {
    for (const body of ['{"username": "abc",', '{username: abc}', 'null null', '\u0000']) {
      const res = await admin.request('POST', '/api/users', body, { 'content-type': 'application/json' });
      expectError(res, 400, 'VALIDATION');
      expect(res.body.error.message).toBe('请求内容不是有效的 JSON');
    }
  });

  it('answers 400 with the bad fields named for wrong types', async () => {
    const res = await admin.post('/api/users', { ...validUser(), username: 42, role: ['bureau_admin'], organizationId: true });
    expectError(res, 400, 'VALIDATION');
    expect(detailPaths(res)).toEqual(['organizationId', 'role', 'username']);
  });

  it('answers 400 for a JSON array or a bare value where an object is expected', async () => {
    for (const body of ['[]', '"text"', '12', 'true']) {
      const res = await admin.request('POST', '/api/users', body, { 'content-type': 'application/json' });
      expectError(res, 400, 'VALIDATION');
    }
  });

  it('answers 400 naming unknown fields, also on a patch', async () => {
    const res = await admin.post('/api/users', { ...validUser(), isAdmin: true, passwordHash: 'x' });
    expectError(res, 400, 'VALIDATION');
    expect(detailPaths(res)).toEqual(['isAdmin', 'passwordHash']);

    const patch = await admin.patch(`/api/users/${net.staff1.user.id}`, { version: 1, active: false });
    expectError(patch, 400, 'VALIDATION');
    expect(detailPaths(patch)).toEqual(['active']);
  });

  it('answers 400 for over-long strings', async () => {
    const res = await admin.post('/api/users', { ...validUser(), displayName: '长'.repeat(101), email: `${'a'.repeat(250)}@x.cn` });
    expectError(res, 400, 'VALIDATION');
    expect(detailPaths(res)).toEqual(['displayName', 'email']);

    const org = await admin.post('/api/organizations', { type: 'agency', name: 'x'.repeat(201) });
    expectError(org, 400, 'VALIDATION');
    expect(detailPaths(org)).toEqual(['name']);

    const q = await admin.get(`/api/users?q=${'x'.repeat(101)}`);
    expectError(q, 400, 'VALIDATION');
    expect(detailPaths(q)).toEqual(['q']);
  });

  it('answers 400 for bad query values', async () => {
    const res = await admin.get('/api/users?page=abc&pageSize=1000&sort=passwordHash');
    expectError(res, 400, 'VALIDATION');
    expect(detailPaths(res)).toEqual(['page', 'pageSize', 'sort']);
  });

  it('speaks the caller language in messages', async () => {
    const en = new Agent(ctx);
    Object.assign(en, { cookie: admin.cookie, csrf: admin.csrf, lang: 'en-US' });
    const res = await en.request('POST', '/api/users', '{', { 'content-type': 'application/json' });
    expectError(res, 400, 'VALIDATION');
    expect(res.body.error.message).toBe('The request body is not valid JSON');
  });
});

describe('invalid ids', () => {
  it.each([
    ['GET', '/api/users/not-a-uuid'],
    ['GET', '/api/organizations/123'],
    ['PATCH', '/api/users/not-a-uuid'],
    ['POST', '/api/users/not-a-uuid/deactivate'],
    ['DELETE', `/api/users/${randomUUID()}/roles/nope`],
    ['GET', '/api/jobs/not-a-uuid'],
    ['POST', "/api/notifications/1' or '1'='1/read"],
  ])('%s %s answers 400 VALIDATION naming the id', async (method, path) => {
    const res = await admin.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : { version: 1 });
    expectError(res, 400, 'VALIDATION');
    expect(detailPaths(res).length).toBe(1);
    expect(detailPaths(res)[0]).toMatch(/^(id|membershipId)$/);
  });

  it('a well-formed id that does not exist is 404 NOT_FOUND', async () => {
    expectError(await admin.get(`/api/users/${randomUUID()}`), 404, 'NOT_FOUND');
  });
});

describe('size and content type', () => {
  it('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MB, with or without a Content-Length', async () => {
    const big = JSON.stringify({ ...validUser(), displayName: 'x'.repeat(1024 * 1024 + 10) });
    const streamed = await admin.request('POST', '/api/users', big);
    expectError(streamed, 413, 'PAYLOAD_TOO_LARGE');
    const declared = await admin.request('POST', '/api/users', big, { 'content-length': String(Buffer.byteLength(big)) });
    expectError(declared, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('takes a body just under 1 MB as far as validation', async () => {
    const body = JSON.stringify({ ...validUser(), displayName: 'x'.repeat(1000 * 1000) });
    const res = await admin.request('POST', '/api/users', body);
    expectError(res, 400, 'VALIDATION');
    expect(detailPaths(res)).toEqual(['displayName']);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'])(
    'answers 415 UNSUPPORTED_MEDIA_TYPE for %s',
    async (type) => {
      const res = await admin.request('POST', '/api/users', JSON.stringify(validUser()), { 'content-type': type });
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it.each([['no content type header', {}], ['an empty content type', { 'content-type': '' }]])('answers 415 for a body sent with %s', async (_label, extra) => {
    const res = await ctx.app.request('/api/users', {
      method: 'POST',
      headers: { cookie: admin.cookie!, 'x-csrf-token': admin.csrf!, ...extra },
      body: new TextEncoder().encode(JSON.stringify(validUser())),
    });
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(res.status).toBe(415);
    expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });
});

describe('unknown addresses', () => {
  it.each([
    ['GET', '/api/nope'],
    ['GET', '/api'],
    ['POST', '/api/users/x/y/z'],
    ['PUT', '/api/users'],
    ['GET', '/api/docs/assets/../../package.json'],
    ['GET', '/api/docs/assets/secret.txt'],
    ['GET', '/..%2f..%2fpackage.json'],
    ['GET', '/assets/..%2f..%2f..%2fpackage.json'],
    ['GET', '/%2e%2e/%2e%2e/server/src/env.ts'],
  ])('%s %s answers 404 NOT_FOUND as JSON', async (method, path) => {
    const res = await admin.request(method, path, method === 'GET' ? undefined : {});
    expectError(res, 404, 'NOT_FOUND');
  });

  it('answers 404 JSON for unknown server paths the web UI must not shadow', async () => {
    const res = await new Agent(ctx).get('/api/v2/anything');
    expectError(res, 404, 'NOT_FOUND');
  });
});

describe('request ids', () => {
  it('echoes a well-formed X-Request-Id from the caller into the header and the error', async () => {
    const res = await admin.get('/api/users/not-a-uuid', { 'x-request-id': 'trace-abc-123' });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
    expect(res.body.error.requestId).toBe('trace-abc-123');
  });

  it('replaces an X-Request-Id that could forge log lines or is too long', async () => {
    for (const sent of ['a b;level=error', 'x'.repeat(300), '<script>']) {
      const res = await admin.get('/api/users/not-a-uuid', { 'x-request-id': sent });
      const id = res.headers.get('x-request-id');
      expect(id).not.toBe(sent);
      expect(id).toMatch(/^[\w-]{8,100}$/);
      expect(res.body.error.requestId).toBe(id);
    }
  });
});

describe('stopping', () => {
  it('counts the requests running, and once draining answers new ones 503 UNAVAILABLE with Retry-After, closing the connection, before touching the database', async () => {
    const lifecycle = { draining: false, inflight: 0 };
    const app = createApp(ctx.deps, { lifecycle });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    app.post('/__slow', async (c) => {
      await held;
      return c.json({ ok: true });
    });
    const slow = app.request('/__slow', { method: 'POST' });
    await new Promise((r) => setTimeout(r, 20));
    expect(lifecycle.inflight).toBe(1);
    lifecycle.draining = true;
    const refused = await app.request('/healthz', { headers: { 'Accept-Language': 'en-US' } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.headers.get('connection')).toBe('close');
    expect(await refused.json()).toEqual({ error: { code: 'UNAVAILABLE', message: 'The service is restarting; please try again in a moment', requestId: refused.headers.get('x-request-id') } });
    // The request that was already running finishes normally.
    release();
    expect((await slow).status).toBe(200);
    expect(lifecycle.inflight).toBe(0);
  });
});

describe('unexpected errors', () => {
  it('a thrown error becomes 500 INTERNAL without its stack or text', async () => {
    const app = createApp(ctx.deps);
    app.post('/__boom', () => {
      throw new Error('password=hunter2 at /srv/ipstation/server/src/secret.ts:12');
    });
    const res = await app.request('/__boom', { method: 'POST' });
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    const text = JSON.stringify(body);
    expect(res.status).toBe(500);
    expect(body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String), requestId: res.headers.get('x-request-id') } });
    expect(text).not.toMatch(/hunter2|secret\.ts|\bat \/|Error:/);
  });

  it('a database that fails mid-request becomes 500 INTERNAL, and /healthz reports it as 503', async () => {
    const failing = new Proxy(ctx.db, {
      get(target, prop, receiver) {
        if (['select', 'execute', 'insert', 'update', 'delete', 'transaction'].includes(String(prop))) {
          return () => {
            throw new Error('connect ECONNREFUSED 10.1.2.3:5432 user=ipstation password=s3cret');
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    }) as Db;
    const logged: unknown[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
    const app = createApp({ ...ctx.deps, db: failing, log });
    const res = await app.request('/api/auth/me', { headers: { cookie: admin.cookie! } });
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(res.status).toBe(500);
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|s3cret/);
    // The detail goes to the log, with the request id, for the operator.
    expect(logged.join('')).toContain('ECONNREFUSED');
    expect(logged.join('')).toContain(body.error.requestId);

    const health = await app.request('/healthz');
    expect(health.status).toBe(503);
    expect(JSON.stringify(await health.json())).not.toMatch(/ECONNREFUSED|s3cret/);
  });
});

describe('security headers', () => {
  function expectSecureHeaders(headers: Headers) {
    const csp = headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const [name, ...values] = d.split(/\s+/);
          return [name, values];
        }),
    );
    const scriptSrc: string[] = directives['script-src'] ?? directives['default-src'];
    expect(scriptSrc).toBeDefined();
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc.some((s) => s === '*' || /^https?:$/.test(s))).toBe(false);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toMatch(/^(no-referrer|strict-origin|strict-origin-when-cross-origin|same-origin)$/);
    expect(headers.get('x-powered-by')).toBeNull();
  }

  it.each([
    ['an API answer', () => admin.get('/api/auth/me'), 200],
    ['a validation error', () => admin.get('/api/users/not-a-uuid'), 400],
    ['a 401', () => new Agent(ctx).get('/api/users'), 401],
    ['a 404', () => new Agent(ctx).get('/api/nope'), 404],
    ['a 413', () => admin.request('POST', '/api/users', 'x'.repeat(1024 * 1024 + 1)), 413],
    ['a 415', () => admin.request('POST', '/api/users', 'a=b', { 'content-type': 'text/plain' }), 415],
    ['the health check', () => new Agent(ctx).get('/healthz'), 200],
    ['the API docs page', () => new Agent(ctx).get('/api/docs'), 200],
    ['the web UI', () => new Agent(ctx).get('/'), 200],
  ])('are on %s', async (_label, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expectSecureHeaders(res.headers);
  });

  it('are on a 500', async () => {
    const app = createApp(ctx.deps);
    app.post('/__boom', () => {
      throw new Error('boom');
    });
    const res = await app.request('/__boom', { method: 'POST' });
    expect(res.status).toBe(500);
    expectSecureHeaders(res.headers);
  });

  it('the API docs page runs no inline script', async () => {
    const res = await new Agent(ctx).get('/api/docs');
    const scripts = [...res.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      expect(attrs).toMatch(/src="\/api\/docs\//);
      expect(inline.trim()).toBe('');
    }
  });
});
