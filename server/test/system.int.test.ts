import { describe, expect, it } from 'vitest';
import { Agent } from './agent';
import { buildNetwork } from './factories';
import { setupTestApp } from './harness';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);
const anon = () => new Agent(ctx);

describe('GET /healthz', () => {
  it('answers ok for the process and the database, without signing in', async () => {
    const res = await anon().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok' });
  });
});

describe('GET /metrics', () => {
  it('is Prometheus text counting requests by method, route pattern and status', async () => {
    await net.admin.get(`/api/users/${net.staff1.user.id}`);
    await net.admin.get(`/api/users/${net.staff2.user.id}`);
    await anon().get('/api/users');
    const res = await anon().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toContain('# TYPE ipstation_http_requests_total counter');
    expect(res.text).toContain('# TYPE ipstation_http_request_duration_seconds histogram');
    // Labelled by the route pattern, so ids do not explode the series count.
    expect(res.text).toMatch(/ipstation_http_requests_total\{method="GET",route="\/api\/users\/:id",status="200"\} 2\b/);
    expect(res.text).toMatch(/ipstation_http_requests_total\{method="GET",route="\/api\/users",status="401"\} 1\b/);
    expect(res.text).not.toContain(net.staff1.user.id);
  });

  it('labels unknown addresses with one series, not one per path', async () => {
    for (let i = 0; i < 5; i++) await anon().get(`/api/no-such-thing-${i}`);
    const res = await anon().get('/metrics');
    expect(res.text).not.toContain('no-such-thing');
    expect(res.text).toMatch(/ipstation_http_requests_total\{method="GET",route="[^"]*",status="404"\} [5-9]/);
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3 document listing the API with its error shape and security schemes', async () => {
    const res = await anon().get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('ipstation API');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/users', '/api/users/{id}', '/api/organizations', '/api/organizations/{id}', '/api/auth/login', '/api/jobs/{id}', '/api/notifications']),
    );
    expect(doc.paths['/api/users'].post.requestBody.content['application/json'].schema).toBeDefined();
    expect(doc.paths['/api/users'].get.responses['401']).toBeDefined();
    expect(doc.components.schemas.Error).toBeDefined();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
  });
});

describe('GET /api/docs', () => {
  it('is an HTML page that loads only local assets, and every one of them answers 200', async () => {
    const res = await anon().get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).not.toMatch(/https?:\/\//);
    expect(res.text).not.toMatch(/src="\/\/|href="\/\//);
    const urls = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) {
      expect(url.startsWith('/')).toBe(true);
      const asset = await anon().get(url);
      expect(asset.status, url).toBe(200);
      expect(asset.text.length, url).toBeGreaterThan(10);
      if (url.endsWith('.js')) expect(asset.headers.get('content-type')).toMatch(/javascript/);
      if (url.endsWith('.css')) expect(asset.headers.get('content-type')).toMatch(/^text\/css/);
    }
  });

  it('points the viewer at the local OpenAPI document', async () => {
    const init = await anon().get('/api/docs/init.js');
    expect(init.text).toContain("'/api/openapi.json'");
    expect(init.text).not.toMatch(/https?:\/\//);
    // Otherwise the viewer posts the document to validator.swagger.io, off the closed network.
    expect(init.text).toMatch(/validatorUrl:\s*null/);
  });
});
