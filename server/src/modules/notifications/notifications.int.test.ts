import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/agent';
import { buildNetwork, buildUser } from '../../../test/factories';
import { setupTestApp, type TestContext } from '../../../test/harness';
import { jobs, notifications } from '../../db/schema';
import { EMAIL_JOB, notify } from './notifications.service';

interface Received {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  body: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?...?= / Q) in a header value. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

function parse(raw: string) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  let body = rest.join('\n\n');
  if (/base64/i.test(headers.get('content-transfer-encoding') ?? '')) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) {
    body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return { headers, subject: decodeHeader(headers.get('subject') ?? ''), body };
}

/** A local SMTP server that keeps what it receives; rejects recipients at bounce.test. */
async function startSmtp() {
  const received: Received[] = [];
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, cb) {
      connections++;
      cb();
    },
    onRcptTo(address, _session, cb) {
      if (address.address.endsWith('@bounce.test')) cb(new Error('550 mailbox unavailable'));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { subject, body } = parse(raw);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject,
          body,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, received, connections: () => connections, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const smtp = await startSmtp();
afterAll(() => smtp.close());

/** A second app on its own database with SMTP left unset. */
const plain = await setupTestApp();
const ctx = await setupTestApp({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'ipstation <noreply@ipstation.test>' } });
const net = await buildNetwork(ctx);

async function personWithEmail(c: TestContext, organizationId: string, email: string | undefined) {
  const built = await buildUser(c, { role: 'workstation_staff', organizationId, email });
  const agent = new Agent(c);
  expect((await agent.login(built.username, built.password)).status).toBe(200);
  return Object.assign(agent, { user: built.user });
}

const alice = await personWithEmail(ctx, net.ws1.workstation.id, 'alice@ws1.test');
const bob = await personWithEmail(ctx, net.ws1.workstation.id, 'bob@ws1.test');
const carol = await personWithEmail(ctx, net.ws2.workstation.id, undefined);

const emailJobs = async (c: TestContext) => c.db.select().from(jobs).where(eq(jobs.type, EMAIL_JOB));

describe('in-app notifications', () => {
  it('notify() gives each named user one notification, listed only to them', async () => {
    const rows = await notify(ctx.deps, {
      userIds: [alice.user.id, bob.user.id, alice.user.id],
      kind: 'case.assigned',
      title: '新案件分派',
      body: '案件 WS-2026-0001 已分派给您',
      link: '/cases/abc',
      data: { caseNo: 'WS-2026-0001' },
    });
    expect(rows).toHaveLength(2);
    await notify(ctx.deps, { userIds: [carol.user.id], kind: 'other', title: '仅丙可见', body: '…' });

    const mine = await alice.get('/api/notifications');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: 1, unread: 1, page: 1 });
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        kind: 'case.assigned',
        title: '新案件分派',
        body: '案件 WS-2026-0001 已分派给您',
        link: '/cases/abc',
        data: { caseNo: 'WS-2026-0001' },
        readAt: null,
        createdAt: ctx.deps.clock().toISOString(),
      }),
    ]);
    const carols = await carol.get('/api/notifications');
    expect(carols.body.items.map((n: { title: string }) => n.title)).toEqual(['仅丙可见']);
    expect((await net.staff2.get('/api/notifications')).body).toMatchObject({ total: 0, unread: 0, items: [] });
  });

  it('counts unread, marks one read, and reads all', async () => {
    ctx.clock.advance(60_000);
    await notify(ctx.deps, { userIds: [bob.user.id], kind: 'k', title: '第二条', body: 'b2' });
    ctx.clock.advance(60_000);
    await notify(ctx.deps, { userIds: [bob.user.id], kind: 'k', title: '第三条', body: 'b3' });

    const list = await bob.get('/api/notifications');
    expect(list.body).toMatchObject({ total: 3, unread: 3 });
    expect(list.body.items.map((n: { title: string }) => n.title)).toEqual(['第三条', '第二条', '新案件分派']);

    const target = list.body.items[1];
    const read = await bob.post(`/api/notifications/${target.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ updated: 1 });
    expect((await bob.post(`/api/notifications/${target.id}/read`)).body).toEqual({ updated: 0 });

    const after = await bob.get('/api/notifications');
    expect(after.body).toMatchObject({ total: 3, unread: 2 });
    expect(after.body.items.find((n: { id: string }) => n.id === target.id).readAt).toBe(ctx.deps.clock().toISOString());

    const unreadOnly = await bob.get('/api/notifications?unread=true');
    expect(unreadOnly.body).toMatchObject({ total: 2, unread: 2 });
    expect(unreadOnly.body.items.map((n: { title: string }) => n.title)).toEqual(['第三条', '新案件分派']);

    const paged = await bob.get('/api/notifications?pageSize=1&page=2');
    expect(paged.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(paged.body.items.map((n: { title: string }) => n.title)).toEqual(['第二条']);

    const all = await bob.post('/api/notifications/read-all');
    expect(all.body).toEqual({ updated: 2 });
    expect((await bob.get('/api/notifications')).body).toMatchObject({ total: 3, unread: 0 });
    // Only Bob's: Alice's stays unread.
    expect((await alice.get('/api/notifications')).body.unread).toBe(1);
  });

  it("cannot mark someone else's notification, and says 404 as if it did not exist", async () => {
    const alices = (await alice.get('/api/notifications')).body.items[0];
    const res = await bob.post(`/api/notifications/${alices.id}/read`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect((await bob.post(`/api/notifications/${randomUUID()}/read`)).status).toBe(404);
    expect((await alice.get('/api/notifications')).body.unread).toBe(1);
  });

  it('needs a signed-in caller', async () => {
    const anon = new Agent(ctx);
    expect((await anon.get('/api/notifications')).status).toBe(401);
    expect((await anon.post('/api/notifications/read-all')).status).toBe(401);
  });

  it('notify() inside a transaction that rolls back leaves neither a notification nor an e-mail job', async () => {
    const count = async () => (await ctx.db.select({ n: sql<number>`count(*)::int` }).from(notifications))[0].n;
    const before = { n: await count(), jobs: (await emailJobs(ctx)).length };
    await expect(
      ctx.db.transaction(async (tx) => {
        await notify(ctx.deps, { userIds: [alice.user.id], kind: 'k', title: '回滚', body: 'x', email: true }, tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(before.n);
    expect((await emailJobs(ctx)).length).toBe(before.jobs);
  });
});

describe('e-mail with SMTP configured', () => {
  it('sends one e-mail per recipient with an address, through the job runner', async () => {
    smtp.received.length = 0;
    const rows = await notify(ctx.deps, {
      userIds: [alice.user.id, bob.user.id, carol.user.id],
      kind: 'deadline',
      title: '办理时限提醒：还剩 2 个工作日',
      body: '案件 WS-2026-0002 将于 3 月 4 日到期。',
      email: true,
    });
    const byUser = new Map(rows.map((r) => [r.userId, r]));
    expect(byUser.get(alice.user.id)!.emailStatus).toBe('queued');
    expect(byUser.get(carol.user.id)!.emailStatus).toBe('none');

    await ctx.deps.jobs.drain();

    expect(smtp.received.map((m) => m.to).sort()).toEqual([['alice@ws1.test'], ['bob@ws1.test']]);
    for (const m of smtp.received) {
      expect(m.from).toBe('noreply@ipstation.test');
      expect(m.subject).toBe('办理时限提醒：还剩 2 个工作日');
      expect(m.body).toContain('案件 WS-2026-0002 将于 3 月 4 日到期。');
    }
    const stored = await ctx.db.select().from(notifications).where(sql`${notifications.id} in (${sql.join(rows.map((r) => sql`${r.id}::uuid`), sql`, `)})`);
    expect(Object.fromEntries(stored.map((n) => [n.userId, n.emailStatus]))).toEqual({
      [alice.user.id]: 'sent',
      [bob.user.id]: 'sent',
      [carol.user.id]: 'none',
    });
  });

  it('sends nothing when e-mail was not asked for', async () => {
    smtp.received.length = 0;
    const jobsBefore = (await emailJobs(ctx)).length;
    await notify(ctx.deps, { userIds: [alice.user.id], kind: 'k', title: '只站内', body: 'x' });
    await ctx.deps.jobs.drain();
    expect(smtp.received).toEqual([]);
    expect((await emailJobs(ctx)).length).toBe(jobsBefore);
  });

  it('a title cannot smuggle extra headers or recipients into the e-mail', async () => {
    smtp.received.length = 0;
    await notify(ctx.deps, { userIds: [alice.user.id], kind: 'k', title: '主题\r\nBcc: evil@attacker.test\r\nX-Evil: 1', body: 'x', email: true });
    await ctx.deps.jobs.drain();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toEqual(['alice@ws1.test']);
    expect(smtp.received[0].raw).not.toMatch(/^(Bcc|X-Evil):/im);
  });

  it('retries a refused e-mail and marks it failed once attempts run out, keeping the in-app notification', async () => {
    smtp.received.length = 0;
    const dave = await personWithEmail(ctx, net.ws1.workstation.id, 'dave@bounce.test');
    const [row] = await notify(ctx.deps, { userIds: [dave.user.id], kind: 'k', title: '退信', body: 'x', email: true });
    const [job] = (await emailJobs(ctx)).filter((j) => (j.payload as { notificationId: string }).notificationId === row.id);

    await ctx.deps.jobs.drain();
    expect(await ctx.deps.jobs.get(job.id)).toMatchObject({ status: 'queued', attempts: 1, error: expect.stringMatching(/550|mailbox unavailable/) });
    ctx.clock.advance(2000);
    await ctx.deps.jobs.drain();
    ctx.clock.advance(4000);
    await ctx.deps.jobs.drain();
    expect(await ctx.deps.jobs.get(job.id)).toMatchObject({ status: 'failed', attempts: 3 });
    const [n] = await ctx.db.select().from(notifications).where(eq(notifications.id, row.id));
    expect(n.emailStatus).toBe('failed');
    expect((await dave.get('/api/notifications')).body.items.map((i: { title: string }) => i.title)).toEqual(['退信']);
    expect(smtp.received).toEqual([]);
  });

  it('does not e-mail a deactivated account', async () => {
    smtp.received.length = 0;
    const erin = await personWithEmail(ctx, net.ws1.workstation.id, 'erin@ws1.test');
    await ctx.db.execute(sql`update users set active = false where id = ${erin.user.id}`);
    const [row] = await notify(ctx.deps, { userIds: [erin.user.id], kind: 'k', title: '停用', body: 'x', email: true });
    await ctx.deps.jobs.drain();
    expect(row.emailStatus).toBe('none');
    expect(smtp.received).toEqual([]);
  });
});

describe('e-mail with SMTP unset', () => {
  it('creates the in-app notification and attempts no e-mail', async () => {
    expect(plain.deps.mailer.enabled).toBe(false);
    const ws = await buildNetwork(plain);
    const frank = await personWithEmail(plain, ws.ws1.workstation.id, 'frank@ws1.test');
    const connectionsBefore = smtp.connections();

    const [row] = await notify(plain.deps, { userIds: [frank.user.id], kind: 'k', title: '无邮件', body: 'x', email: true });
    await plain.deps.jobs.drain();

    expect(row.emailStatus).toBe('none');
    expect(await emailJobs(plain)).toEqual([]);
    expect(smtp.connections()).toBe(connectionsBefore);
    const list = await frank.get('/api/notifications');
    expect(list.body).toMatchObject({ total: 1, unread: 1 });
    expect(list.body.items[0].title).toBe('无邮件');
  });
});
