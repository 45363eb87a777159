import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { buildNetwork, buildOrganization, buildUser, signedIn } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';
import { verifyAuditChain } from '../../audit/audit.service';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);
const ws1 = net.ws1.workstation.id;
const ws2 = net.ws2.workstation.id;
const district = await buildOrganization(ctx, { type: 'district_bureau', parentId: net.bureau.id });
const districtOfficer = await signedIn(ctx, 'district_officer', district.id);

type Item = { id: number; at: string; type: string; actorId: string | null; actorName: string | null; recordId: string | null; organizationId: string | null };
const items = (res: { body: any }) => res.body.items as Item[];
const paths = (res: { body: any }) => (res.body.error.details ?? []).map((d: { path: string }) => d.path).sort();

/** RFC 4180 rows (quoted cells may hold commas, doubled quotes and line breaks), without the BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted && ch === '"' && src[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      endCell();
    } else if (!quoted && ch === '\r' && src[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else {
      cell += ch;
    }
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

async function totalEvents() {
  const r = await ctx.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_events`);
  return Number(((r as unknown as { rows?: { n: number }[] }).rows ?? (r as unknown as { n: number }[]))[0].n);
}

// A small history: the bureau adds a user to each workstation, a workstation admin edits their staff,
// and ten minutes later the bureau deactivates a first-workstation user.
const newStaff = (organizationId: string, username: string) =>
  net.admin.post('/api/users', { username, displayName: username, password: 'Strong-Pass-123', organizationId, role: 'workstation_staff' });
const inWs1 = (await newStaff(ws1, 'audit-ws1')).body.data;
const inWs2 = (await newStaff(ws2, 'audit-ws2')).body.data;
await net.wsAdmin1.patch(`/api/users/${net.staff1.user.id}`, { version: 1, displayName: '改名的员工' });
const beforeLater = new Date(ctx.clock.now.getTime() + 5 * 60_000);
ctx.clock.advance(10 * 60_000);
const deactivated = await net.admin.post(`/api/users/${inWs1.id}/deactivate`, { version: 1 });

describe('GET /api/audit', () => {
  it('needs a signed-in caller', async () => {
    const res = await new Agent(ctx).get('/api/audit');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('is closed to everyone but the bureau and workstation admins', async () => {
    for (const agent of [net.staff1, districtOfficer]) {
      const res = await agent.get('/api/audit');
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('shows the bureau every event, newest first, with the actor name', async () => {
    const res = await net.admin.get('/api/audit?pageSize=100');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(await totalEvents());
    const ids = items(res).map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(items(res)[0]).toMatchObject({
      type: 'user.deactivated',
      recordId: inWs1.id,
      actorId: net.admin.user.id,
      actorName: net.admin.user.displayName,
      at: ctx.clock.now.toISOString(),
    });
    expect(deactivated.status).toBe(200);
  });

  it('shows a workstation admin the events of their own workstation only, whoever made them', async () => {
    const res = await net.wsAdmin1.get('/api/audit?pageSize=100');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    expect(items(res).every((e) => e.organizationId === ws1)).toBe(true);
    const seen = items(res).map((e) => `${e.type} ${e.recordId}`);
    expect(seen).toEqual(
      expect.arrayContaining([`user.created ${inWs1.id}`, `user.updated ${net.staff1.user.id}`, `user.deactivated ${inWs1.id}`]),
    );
    expect(seen).not.toContain(`user.created ${inWs2.id}`);
    // a filter cannot reach past the scope
    const other = await net.wsAdmin1.get(`/api/audit?recordId=${inWs2.id}`);
    expect(other.body).toMatchObject({ items: [], total: 0 });
  });

  it('filters by actor, type, record and time', async () => {
    const byActor = await net.admin.get(`/api/audit?actorId=${net.wsAdmin1.user.id}`);
    expect(items(byActor).map((e) => e.type)).toEqual(['user.updated']);

    const created = await net.admin.get('/api/audit?type=user.created&pageSize=100');
    expect(items(created).every((e) => e.type === 'user.created')).toBe(true);
    const byPrefix = await net.admin.get('/api/audit?type=user.&pageSize=100');
    expect(new Set(items(byPrefix).map((e) => e.type))).toEqual(new Set(['user.created', 'user.updated', 'user.deactivated']));

    const orgs = await net.admin.get('/api/audit?recordType=organization');
    expect(orgs.body.total).toBe(0); // the factories write organizations without the API

    const record = await net.admin.get(`/api/audit?recordId=${inWs1.id}`);
    expect(items(record).map((e) => e.type)).toEqual(['user.deactivated', 'user.created']);

    const later = await net.admin.get(`/api/audit?from=${encodeURIComponent(beforeLater.toISOString())}`);
    expect(items(later).map((e) => e.type)).toEqual(['user.deactivated']);
    const earlier = await net.admin.get(`/api/audit?to=${encodeURIComponent(beforeLater.toISOString())}`);
    expect(earlier.body.total).toBe((await totalEvents()) - 1);
    expect(items(earlier).map((e) => e.type)).not.toContain('user.deactivated');
  });

  it('reads bare dates as whole days in China time', async () => {
    // the clock stands at 10:10 on 2 March in Beijing (02:10 UTC)
    const sameDay = await net.admin.get('/api/audit?from=2026-03-02&to=2026-03-02');
    expect(sameDay.body.total).toBe(await totalEvents());
    const dayBefore = await net.admin.get('/api/audit?to=2026-03-01');
    expect(dayBefore.body.total).toBe(0);
    const dayAfter = await net.admin.get('/api/audit?from=2026-03-03');
    expect(dayAfter.body.total).toBe(0);
  });

  it('pages with a total', async () => {
    const all = await totalEvents();
    const p1 = await net.admin.get('/api/audit?pageSize=2&page=1');
    const p2 = await net.admin.get('/api/audit?pageSize=2&page=2');
    expect(p1.body).toMatchObject({ total: all, page: 1, pageSize: 2 });
    expect(items(p1)).toHaveLength(2);
    expect(items(p2)[0].id).toBeLessThan(items(p1)[1].id);
  });

  it('rejects bad filters with the field named', async () => {
    const res = await net.admin.get('/api/audit?actorId=bob&from=yesterday&pageSize=500');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(paths(res)).toEqual(['actorId', 'from', 'pageSize']);
  });

  it('keeps an unbroken hash chain', async () => {
    expect(await verifyAuditChain(ctx.db, ctx.deps.secret)).toMatchObject({ ok: true });
  });
});

describe('GET /api/audit/export', () => {
  it('needs a signed-in caller with audit access', async () => {
    expect((await new Agent(ctx).get('/api/audit/export')).status).toBe(401);
    expect((await net.staff2.get('/api/audit/export')).status).toBe(403);
  });

  it('answers CSV with a header and one row per event', async () => {
    const res = await net.admin.get(`/api/audit/export?recordId=${inWs1.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-2026-03-02.csv"');
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual(['id', 'at', 'actorId', 'actorName', 'type', 'recordType', 'recordId', 'organizationId', 'requestId', 'data']);
    expect(rows.map((r) => r[4])).toEqual(['user.deactivated', 'user.created']);
    expect(rows[0]).toMatchObject({ 2: net.admin.user.id, 6: inWs1.id, 7: ws1 });
    expect(JSON.parse(rows[1][9])).toEqual({ username: 'audit-ws1', role: 'workstation_staff', organizationId: ws1 });
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const names = ['=1+1', '+SUM(A1:A9)', '-2+3', '@cmd', '=HYPERLINK("http://evil.example","点我")'];
    for (const name of names) {
      const who = await signedIn(ctx, 'workstation_staff', ws2);
      expect((await who.patch(`/api/users/${who.user.id}`, { version: 1, displayName: name })).status).toBe(200);
    }
    const res = await net.admin.get('/api/audit/export?type=user.updated');
    const csv = res.text;
    const actorNames = parseCsv(csv).slice(1).map((r) => r[3]);
    expect(actorNames).toEqual(expect.arrayContaining(names.map((n) => `'${n}`)));
    expect(csv).toContain(",'=1+1,");
    expect(csv).toContain(",'+SUM(A1:A9),");
    expect(csv).toContain(",'-2+3,");
    expect(csv).toContain(",'@cmd,");
    expect(csv).toContain(',"\'=HYPERLINK(""http://evil.example"",""点我"")",');
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
  });

  it('gives a workstation admin their own workstation events only', async () => {
    const res = await net.wsAdmin2.get('/api/audit/export');
    expect(res.status).toBe(200);
    const rows = parseCsv(res.text).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.length === 10 && r[7] === ws2)).toBe(true);
    expect(res.text).not.toContain(inWs1.id);
  });

  it('rejects bad filters', async () => {
    const res = await net.admin.get('/api/audit/export?to=31/12/2026');
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['to']);
  });
});

describe('mutations and their events', () => {
  it('writes no event when the mutation fails', async () => {
    const before = await totalEvents();
    const u = await buildUser(ctx, { role: 'workstation_staff', organizationId: ws1 });
    const afterBuild = await totalEvents();
    expect(afterBuild).toBe(before + 1);
    expect((await net.admin.patch(`/api/users/${u.user.id}`, { version: 7, displayName: '过期' })).status).toBe(409);
    expect((await net.admin.post('/api/users', { username: u.username, displayName: 'x', password: 'Strong-Pass-123', organizationId: ws1, role: 'workstation_staff' })).status).toBe(409);
    expect(await totalEvents()).toBe(afterBuild);
  });
});
