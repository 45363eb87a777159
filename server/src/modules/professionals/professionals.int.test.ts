import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { buildNetwork, buildOrganization, signedIn, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);
const agency = await buildOrganization(ctx, { type: 'agency', name: '深圳市测试专利代理事务所' });
const expert = await signedIn(ctx, 'expert', agency.id);
const agencyUser = await signedIn(ctx, 'agency_user', agency.id);
const client = validUscc('91440305');

describe('professional profiles', () => {
  it('an expert files their own profile with conflict declarations; staff see it without the declarations', async () => {
    const saved = await expert.request('PUT', `/api/professionals/user/${expert.user.id}`, {
      licenceNumber: '44123456',
      ipTypes: ['patent_invention', 'trade_secret'],
      ipcSections: ['H'],
      jurisdictions: ['US'],
      languages: ['zh', 'en'],
      conflictUsccs: [client.toLowerCase()],
      ndaOnFile: true,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.profile.conflictUsccs).toEqual([client]);
    const seen = await net.staff1.get(`/api/professionals/user/${expert.user.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.data.profile.conflictUsccs).toBeNull();
    expect(seen.body.abilities.update).toBe(false);
    const list = await net.staff1.get('/api/professionals?kind=expert&ipType=trade_secret');
    expect(list.body.items.map((i: { subjectId: string }) => i.subjectId)).toContain(expert.user.id);
    const stale = await expert.request('PUT', `/api/professionals/user/${expert.user.id}`, { version: 99, ipTypes: [] });
    expect(stale.status).toBe(409);
  });

  it('an agency user files the agency profile; others may not', async () => {
    const ok = await agencyUser.request('PUT', `/api/professionals/agency/${agency.id}`, { agencyType: 'patent_agency', licenceNumber: '44100', ipTypes: ['design'] });
    expect(ok.status).toBe(200);
    expect((await net.staff1.request('PUT', `/api/professionals/agency/${agency.id}`, { ipTypes: [] })).status).toBe(403);
    const badUscc = await agencyUser.request('PUT', `/api/professionals/agency/${agency.id}`, { version: 1, conflictUsccs: ['123'] });
    expect(badUscc.status).toBe(400);
    expect(badUscc.body.error.details[0].path).toBe('conflictUsccs.0');
  });

  it('keeps the pool from enterprises and anonymous callers', async () => {
    const ent = await buildOrganization(ctx, { type: 'enterprise' });
    const entUser = await signedIn(ctx, 'enterprise_user', ent.id);
    expect((await entUser.get('/api/professionals')).status).toBe(403);
    expect((await entUser.get(`/api/professionals/user/${expert.user.id}`)).status).toBe(404);
    expect((await new Agent(ctx).get('/api/professionals')).status).toBe(401);
  });
});
