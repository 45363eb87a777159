import pg from 'pg';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { organizations, users } from '../src/db/schema';
import { Agent } from './agent';
import { buildNetwork } from './factories';
import { setupTestApp, type TestContext } from './harness';

/**
 * The read caches (sign-ins and list pages, lib/read-cache.ts) serve repeated reads without the
 * database, and never a read that a write has overtaken: a write through the app, a write through
 * the database handle beside the app, and, on a PostgreSQL server, a write by another process.
 */
// At the top of the file: the harness's teardown (afterAll) registers for the file only there.
const ctx: TestContext = await setupTestApp();
const net = await buildNetwork(ctx);
// On a server the listener connects in the background; the caches are off until it has.
for (let i = 0; i < 100 && ctx.deps.caches!.lists.generation.version() === null; i++) await new Promise((r) => setTimeout(r, 20));

const nameOf = (body: { items: { id: string; name: string }[] }, id: string) => body.items.find((w) => w.id === id)?.name;

describe('list pages from the read cache', () => {
  it('a repeated page comes from the cache and is the same page', async () => {
    const lists = ctx.deps.caches!.lists;
    const first = await net.admin.get('/api/workstations?pageSize=50');
    expect(first.status).toBe(200);
    const hits = lists.hits;
    const again = await net.admin.get('/api/workstations?pageSize=50');
    expect(again.status).toBe(200);
    expect(lists.hits).toBe(hits + 1);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('content-type')).toMatch(/application\/json/);
    // The answer from the cache carries this request's id, not the one of the request it was kept from.
    expect(again.headers.get('x-request-id')).toBeTruthy();
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    const metrics = (await new Agent(ctx).get('/metrics')).text;
    expect(metrics).toContain(`ipstation_read_cache_hits{cache="lists"} ${lists.hits}`);
    expect(metrics).toMatch(/ipstation_read_cache_misses\{cache="sessions"\} \d+/);
  });

  it('a write through the database handle beside the app ends the cached page', async () => {
    await net.admin.get('/api/workstations?pageSize=50');
    const id = net.ws1.workstation.id;
    await ctx.db.update(organizations).set({ name: '甲（改名）' }).where(eq(organizations.id, id));
    const after = await net.admin.get('/api/workstations?pageSize=50');
    expect(nameOf(after.body, id)).toBe('甲（改名）');
  });

  it('a write in a transaction ends the cached page when it commits, and a rolled back one changes nothing', async () => {
    const id = net.ws2.workstation.id;
    await net.admin.get('/api/workstations?pageSize=50');
    await ctx.db.transaction(async (tx) => {
      await tx.update(organizations).set({ name: '乙（事务）' }).where(eq(organizations.id, id));
    });
    expect(nameOf((await net.admin.get('/api/workstations?pageSize=50')).body, id)).toBe('乙（事务）');
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.update(organizations).set({ name: '乙（回滚）' }).where(eq(organizations.id, id));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(nameOf((await net.admin.get('/api/workstations?pageSize=50')).body, id)).toBe('乙（事务）');
  });

  it('is never shown to another caller: each sees their own scope', async () => {
    const one = await net.staff1.get('/api/workstations?pageSize=50');
    const two = await net.staff2.get('/api/workstations?pageSize=50');
    expect(one.body.items.map((w: { id: string }) => w.id)).toEqual([net.ws1.workstation.id]);
    expect(two.body.items.map((w: { id: string }) => w.id)).toEqual([net.ws2.workstation.id]);
    const anonymous = await new Agent(ctx).get('/api/workstations');
    expect(anonymous.status).toBe(401);
  });

  it('keeps the language of the request apart', async () => {
    const zh = await net.admin.get('/api/workstations?pageSize=x');
    net.admin.lang = 'en';
    const en = await net.admin.get('/api/workstations?pageSize=x');
    net.admin.lang = 'zh-CN';
    expect(zh.status).toBe(400);
    expect(en.status).toBe(400);
    expect(en.body.error.message).not.toBe(zh.body.error.message);
  });
});

describe('sign-ins from the read cache', () => {
  it('a signed-out session is refused at once, and a deactivated user too', async () => {
    const agent = new Agent(ctx);
    Object.assign(agent, { cookie: net.staff1.cookie, csrf: net.staff1.csrf });
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    expect((await net.staff1.post('/api/auth/logout')).status).toBeLessThan(300);
    expect((await agent.get('/api/auth/me')).status).toBe(401);

    expect((await net.staff2.get('/api/auth/me')).status).toBe(200);
    await ctx.db.update(users).set({ active: false }).where(eq(users.id, net.staff2.user.id));
    expect((await net.staff2.get('/api/auth/me')).status).toBe(401);
  });

  it('a session past its end is refused though nothing was written', async () => {
    expect((await net.wsAdmin1.get('/api/auth/me')).status).toBe(200);
    ctx.clock.advance(13 * 3600 * 1000);
    expect((await net.wsAdmin1.get('/api/auth/me')).status).toBe(401);
    ctx.clock.advance(-13 * 3600 * 1000);
  });
});

describe.runIf(!!process.env.DATABASE_URL)('writes of another process (PostgreSQL)', () => {
  it('reach this process through the change triggers within moments', async () => {
    const id = net.ws1.workstation.id;
    await net.admin.get('/api/workstations?pageSize=50');
    await net.admin.get('/api/workstations?pageSize=50');
    const other = new pg.Client({ connectionString: ctx.databaseUrl });
    await other.connect();
    try {
      await other.query('update organizations set name = $1 where id = $2', ['甲（别处改名）', id]);
    } finally {
      await other.end();
    }
    let name: string | undefined;
    for (let i = 0; i < 100; i++) {
      name = nameOf((await net.admin.get('/api/workstations?pageSize=50')).body, id);
      if (name === '甲（别处改名）') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(name).toBe('甲（别处改名）');
  });
});
