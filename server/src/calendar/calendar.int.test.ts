import { describe, expect, it } from 'vitest';
import { Agent } from '../../test/agent';
import { buildNetwork } from '../../test/factories';
import { setupTestApp } from '../../test/harness';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);

describe('GET /api/calendar/working-days/add', () => {
  it('answers the same date the clocks use', async () => {
    const res = await net.staff1.get('/api/calendar/working-days/add?from=2025-09-30&days=1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ date: '2025-10-09' });
  });
  it('rejects bad input with a clear message and needs sign-in', async () => {
    const bad = await net.staff1.get('/api/calendar/working-days/add?from=2025-13-40&days=-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['days', 'from']);
    expect((await new Agent(ctx).get('/api/calendar/working-days/add?from=2025-09-30&days=1')).status).toBe(401);
  });
  it('applies a bureau override and audits it; others may not set one', async () => {
    expect((await net.staff1.request('PUT', '/api/calendar/overrides/2025-11-18', { workday: false })).status).toBe(403);
    const set = await net.admin.request('PUT', '/api/calendar/overrides/2025-11-18', { workday: false, note: '台风停工' });
    expect(set.status).toBe(200);
    expect((await net.staff1.get('/api/calendar/working-days/add?from=2025-11-17&days=1')).body.date).toBe('2025-11-19');
    await net.admin.del('/api/calendar/overrides/2025-11-18');
    expect((await net.staff1.get('/api/calendar/working-days/add?from=2025-11-17&days=1')).body.date).toBe('2025-11-18');
  });
});
