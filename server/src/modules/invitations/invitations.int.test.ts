import { describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { buildNetwork, validUscc } from '../../../test/factories';
import { setupTestApp } from '../../../test/harness';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);

async function memberEnterprise(name = '邀请测试企业') {
  const uscc = validUscc('91440305');
  const res = await net.staff1.post('/api/enterprises', { uscc, name });
  return { id: res.body.data.id as string, uscc };
}

describe('enterprise accounts by invitation', () => {
  it('invites, the person registers against the code, the workstation approves, and the user sees only their enterprise', async () => {
    const ent = await memberEnterprise();
    const other = await memberEnterprise('另一家企业');
    const inv = await net.staff1.post(`/api/enterprises/${ent.id}/invitations`, { name: '法务 张三' });
    expect(inv.status).toBe(201);
    expect(inv.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(inv.body.emailed).toBe(false);

    const anon = new Agent(ctx);
    const form = { code: inv.body.code.toLowerCase(), uscc: other.uscc, username: 'zhangsan-legal', displayName: '张三', password: 'Zhang-San-2026' };
    const wrong = await anon.post('/api/registrations', form);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('邀请码');
    const ok = await anon.post('/api/registrations', { ...form, uscc: ent.uscc });
    expect(ok.status).toBe(201);
    expect(ok.body.status).toBe('registered');
    // the code works once
    expect((await anon.post('/api/registrations', { ...form, uscc: ent.uscc, username: 'again-user' })).status).toBe(400);

    // not approved yet: cannot sign in
    expect((await new Agent(ctx).login('zhangsan-legal', 'Zhang-San-2026')).status).toBe(401);
    const waiting = await net.staff1.get('/api/invitations?status=registered');
    const mine = waiting.body.items.find((i: { id: string }) => i.id === inv.body.data.id);
    expect(mine.username).toBe('zhangsan-legal');
    // another workstation cannot decide it
    expect((await net.staff2.post(`/api/invitations/${mine.id}/decision`, { decision: 'approve' })).status).toBe(404);
    const approved = await net.staff1.post(`/api/invitations/${mine.id}/decision`, { decision: 'approve' });
    expect(approved.body.data.status).toBe('approved');
    expect((await net.staff1.post(`/api/invitations/${mine.id}/decision`, { decision: 'approve' })).status).toBe(409);

    const user = new Agent(ctx);
    expect((await user.login('zhangsan-legal', 'Zhang-San-2026')).status).toBe(200);
    const list = await user.get('/api/enterprises');
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([ent.id]);
    expect((await user.get(`/api/enterprises/${other.id}`)).status).toBe(404);
  });

  it('refuses invitations for enterprises that are not members of the caller\'s workstation', async () => {
    const ent = await memberEnterprise('仅甲站会员');
    expect((await net.staff2.post(`/api/enterprises/${ent.id}/invitations`, {})).status).toBe(404);
    expect((await new Agent(ctx).post(`/api/enterprises/${ent.id}/invitations`, {})).status).toBe(401);
  });

  it('expires invitations after 14 days and lets the workstation revoke a pending one', async () => {
    const ent = await memberEnterprise('过期测试');
    const a = await net.staff1.post(`/api/enterprises/${ent.id}/invitations`, {});
    const b = await net.staff1.post(`/api/enterprises/${ent.id}/invitations`, {});
    expect((await net.staff1.post(`/api/invitations/${b.body.data.id}/decision`, { decision: 'revoke' })).body.data.status).toBe('revoked');
    expect((await new Agent(ctx).post('/api/registrations', { code: b.body.code, uscc: ent.uscc, username: 'revoked-user', displayName: 'x', password: 'Revoked-User-1' })).status).toBe(400);
    ctx.clock.advance(15 * 86_400_000);
    expect((await new Agent(ctx).post('/api/registrations', { code: a.body.code, uscc: ent.uscc, username: 'late-user', displayName: 'x', password: 'Late-User-2026' })).status).toBe(400);
  });

  it('answers a password reset request with 202 whatever the login, and refuses a bad token', async () => {
    expect((await new Agent(ctx).post('/api/auth/password-reset/request', { login: 'nobody@example.cn' })).status).toBe(202);
    const bad = await new Agent(ctx).post('/api/auth/password-reset/confirm', { token: 'x'.repeat(40), newPassword: 'Brand-New-Pass-1' });
    expect(bad.status).toBe(400);
  });
});
