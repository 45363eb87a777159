import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../test/factories';
import { setupTestApp } from '../../test/harness';
import { purgeAudit, recordAudit, verifyAuditChain } from './audit.service';
import { GENESIS } from './audit.repository';

const RETENTION_DAYS = 180;
const ctx = await setupTestApp({ env: { IPSTATION_AUDIT_RETENTION_DAYS: String(RETENTION_DAYS) } });
const net = await buildNetwork(ctx);

interface Row {
  id: number;
  type: string;
  prev_hash: string;
  hash: string;
  data: Record<string, unknown>;
  request_id: string | null;
  [k: string]: unknown;
}

async function rows(): Promise<Row[]> {
  const r = await ctx.db.execute(sql`select * from audit_events order by id`);
  return (r as unknown as { rows: Row[] }).rows.map((row) => ({ ...row, id: Number(row.id) }));
}

const verify = () => verifyAuditChain(ctx.db, ctx.deps.secret);

let seq = 0;
const newUser = () => ({
  username: `chain${++seq}_${Math.random().toString(36).slice(2, 7)}`,
  displayName: `链${seq}`,
  password: 'Strong-Password-1',
  organizationId: net.ws1.workstation.id,
  role: 'workstation_staff',
});

/** Runs a tampering step, checks what verify says, then puts the row back as it was. */
async function whileTampered(tamper: () => Promise<() => Promise<void>>, check: (r: Awaited<ReturnType<typeof verify>>) => void) {
  expect((await verify()).ok).toBe(true);
  const restore = await tamper();
  try {
    check(await verify());
  } finally {
    await restore();
  }
  expect((await verify()).ok).toBe(true);
}

describe('the audit hash chain', () => {
  it('stays one unforked chain when many transactions write at once', async () => {
    const before = (await rows()).length;
    const results = await Promise.all(Array.from({ length: 20 }, () => net.admin.post('/api/users', newUser())));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));

    const all = await rows();
    expect(all.length).toBe(before + 20);
    const created = all.filter((e) => e.type === 'user.created').slice(-20);
    expect(new Set(created.map((e) => e.data.username)).size).toBe(20);
    expect(new Set(created.map((e) => e.request_id)).size).toBe(20);

    expect(all[0].prev_hash).toBe(GENESIS);
    for (let i = 1; i < all.length; i++) {
      expect(all[i].id).toBeGreaterThan(all[i - 1].id);
      expect(all[i].prev_hash, `event ${all[i].id}`).toBe(all[i - 1].hash);
    }
    expect(new Set(all.map((e) => e.prev_hash)).size).toBe(all.length);

    const result = await verify();
    expect(result).toEqual({ ok: true, checked: all.length });
  });

  it('verifies events whose ids arrived in upper case (the database stores uuids in lower case)', async () => {
    const res = await net.admin.post('/api/users', { ...newUser(), organizationId: net.ws1.workstation.id.toUpperCase() });
    expect(res.status).toBe(201);
    await recordAudit(ctx.db, { actorId: net.admin.user.id.toUpperCase(), now: ctx.deps.clock() }, {
      type: 'organization.activated',
      recordType: 'organization',
      recordId: net.ws2.workstation.id,
      organizationId: net.ws2.workstation.id.toUpperCase(),
      data: {},
    });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('fails naming the entry whose data was altered by SQL', async () => {
    const target = (await rows()).find((e) => e.type === 'user.created' && e.data.username !== undefined)!;
    await whileTampered(
      async () => {
        await ctx.db.execute(sql`update audit_events set data = jsonb_set(data, '{username}', '"someone_else"') where id = ${target.id}`);
        return async () => {
          await ctx.db.execute(sql`update audit_events set data = ${JSON.stringify(target.data)}::jsonb where id = ${target.id}`);
        };
      },
      (r) => expect(r).toMatchObject({ ok: false, brokenId: target.id, reason: 'content does not match its hash' }),
    );
  });

  it('fails when the time or actor of an entry is altered', async () => {
    const target = (await rows())[3];
    await whileTampered(
      async () => {
        await ctx.db.execute(sql`update audit_events set at = at - interval '1 day' where id = ${target.id}`);
        return async () => {
          await ctx.db.execute(sql`update audit_events set at = at + interval '1 day' where id = ${target.id}`);
        };
      },
      (r) => expect(r).toMatchObject({ ok: false, brokenId: target.id }),
    );
    await whileTampered(
      async () => {
        await ctx.db.execute(sql`update audit_events set actor_id = ${net.staff2.user.id} where id = ${target.id}`);
        return async () => {
          await ctx.db.execute(sql`update audit_events set actor_id = ${target.actor_id as string | null} where id = ${target.id}`);
        };
      },
      (r) => expect(r).toMatchObject({ ok: false, brokenId: target.id }),
    );
  });

  it('fails at the next entry when an altered entry is given a recomputed hash', async () => {
    const all = await rows();
    const target = all[5];
    await whileTampered(
      async () => {
        await ctx.db.execute(sql`update audit_events set hash = md5(hash) || md5(hash) where id = ${target.id}`);
        return async () => {
          await ctx.db.execute(sql`update audit_events set hash = ${target.hash} where id = ${target.id}`);
        };
      },
      (r) => expect(r).toMatchObject({ ok: false, brokenId: target.id }),
    );
  });

  it('fails when one entry is deleted, naming the entry after the gap', async () => {
    const all = await rows();
    const target = all[7];
    await whileTampered(
      async () => {
        await ctx.db.execute(sql`delete from audit_events where id = ${target.id}`);
        return async () => {
          await ctx.db.execute(sql`insert into audit_events (id, at, actor_id, type, record_type, record_id, organization_id, request_id, data, prev_hash, hash)
            values (${target.id}, ${target.at as Date}, ${target.actor_id as string | null}, ${target.type}, ${target.record_type as string | null},
                    ${target.record_id as string | null}, ${target.organization_id as string | null}, ${target.request_id},
                    ${JSON.stringify(target.data)}::jsonb, ${target.prev_hash}, ${target.hash})`);
        };
      },
      (r) => expect(r).toMatchObject({ ok: false, brokenId: all[8].id, reason: 'previous hash does not match' }),
    );
  });

  it('fails when the first entry is deleted', async () => {
    const first = (await rows())[0];
    await whileTampered(
      async () => {
        await ctx.db.execute(sql`delete from audit_events where id = ${first.id}`);
        return async () => {
          await ctx.db.execute(sql`insert into audit_events (id, at, actor_id, type, record_type, record_id, organization_id, request_id, data, prev_hash, hash)
            values (${first.id}, ${first.at as Date}, ${first.actor_id as string | null}, ${first.type}, ${first.record_type as string | null},
                    ${first.record_id as string | null}, ${first.organization_id as string | null}, ${first.request_id},
                    ${JSON.stringify(first.data)}::jsonb, ${first.prev_hash}, ${first.hash})`);
        };
      },
      (r) => expect(r).toMatchObject({ ok: false, reason: 'previous hash does not match' }),
    );
  });

  it('a failed mutation writes no audit event', async () => {
    const before = await rows();
    const stale = await net.admin.patch(`/api/users/${net.staff1.user.id}`, { version: 99, displayName: '不会保存' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const taken = await net.admin.post('/api/users', { ...newUser(), username: net.staff1.username });
    expect(taken.status).toBe(409);
    const after = await rows();
    expect(after.length).toBe(before.length);
    expect(after.at(-1)!.hash).toBe(before.at(-1)!.hash);

    const ok = await net.admin.patch(`/api/users/${net.staff1.user.id}`, { version: 1, displayName: '已保存' });
    expect(ok.status).toBe(200);
    const last = (await rows()).at(-1)!;
    expect(last.type).toBe('user.updated');
    expect(last.request_id).toBe(ok.headers.get('x-request-id'));
    expect(last.data).toEqual({ changes: { displayName: { from: expect.any(String), to: '已保存' } } });
  });
});

describe('retention', () => {
  it('keeps events younger than the retention period', async () => {
    const count = (await rows()).length;
    ctx.clock.advance((RETENTION_DAYS - 1) * 86_400_000);
    const out = await purgeAudit(ctx.db, { secret: ctx.deps.secret, retentionDays: RETENTION_DAYS, now: ctx.deps.clock() });
    expect(out.purgedCount).toBe(0);
    expect((await rows()).length).toBe(count);
  });

  it('purges older events and leaves a signed checkpoint, so the chain still verifies', async () => {
    const old = await rows();
    ctx.clock.advance(2 * 86_400_000);
    // Half a year on, the old session has long expired: sign in afresh.
    net.admin.cookie = undefined;
    expect((await net.admin.login(net.admin.username, net.admin.password)).status).toBe(200);
    const fresh = await net.admin.post('/api/users', newUser());
    expect(fresh.status).toBe(201);

    const out = await purgeAudit(ctx.db, { secret: ctx.deps.secret, retentionDays: RETENTION_DAYS, now: ctx.deps.clock() });
    expect(out.purgedCount).toBe(old.length);

    const left = await rows();
    expect(left.map((e) => e.type)).toEqual(['user.created', 'audit.purged']);
    expect(left[1].data).toEqual({ purgedThroughId: old.at(-1)!.id, purgedCount: old.length, retentionDays: RETENTION_DAYS });
    expect(left[0].prev_hash).toBe(old.at(-1)!.hash);

    const cps = (await ctx.db.execute(sql`select * from audit_checkpoints`)) as unknown as { rows: { purged_through_id: number; last_hash: string }[] };
    expect(cps.rows).toHaveLength(1);
    // A raw query returns bigint as text on node-postgres and as a number on PGlite.
    expect(Number(cps.rows[0].purged_through_id)).toBe(old.at(-1)!.id);
    expect(cps.rows[0].last_hash).toBe(old.at(-1)!.hash);

    expect(await verify()).toEqual({ ok: true, checked: 2 });

    // The chain keeps growing from the checkpoint.
    expect((await net.admin.post('/api/users', newUser())).status).toBe(201);
    expect(await verify()).toEqual({ ok: true, checked: 3 });
  });

  it('fails when the checkpoint is forged by SQL', async () => {
    await whileTampered(
      async () => {
        const first = (await rows())[0];
        await ctx.db.execute(sql`update audit_checkpoints set last_hash = ${first.prev_hash.replace(/^./, (ch) => (ch === 'a' ? 'b' : 'a'))}`);
        return async () => {
          await ctx.db.execute(sql`update audit_checkpoints set last_hash = ${first.prev_hash}`);
        };
      },
      (r) => expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/checkpoint \d+ has a bad signature/) }),
    );
  });

  it('fails when the checkpoint is deleted or its range is moved', async () => {
    const cp = ((await ctx.db.execute(sql`select * from audit_checkpoints`)) as unknown as { rows: Record<string, unknown>[] }).rows[0];
    await whileTampered(
      async () => {
        await ctx.db.execute(sql`update audit_checkpoints set purged_through_id = purged_through_id - 1`);
        return async () => {
          await ctx.db.execute(sql`update audit_checkpoints set purged_through_id = purged_through_id + 1`);
        };
      },
      (r) => expect(r.ok).toBe(false),
    );
    await whileTampered(
      async () => {
        await ctx.db.execute(sql`delete from audit_checkpoints`);
        return async () => {
          await ctx.db.execute(sql`insert into audit_checkpoints (id, at, purged_through_id, purged_count, last_hash, signature)
            values (${cp.id as number}, ${cp.at as Date}, ${cp.purged_through_id as number}, ${cp.purged_count as number}, ${cp.last_hash as string}, ${cp.signature as string})`);
        };
      },
      (r) => expect(r).toMatchObject({ ok: false, reason: 'previous hash does not match' }),
    );
  });

  it('a checkpoint signed with another secret does not verify', async () => {
    const r = await verifyAuditChain(ctx.db, 'another-secret-0123456789');
    expect(r).toMatchObject({ ok: false, brokenId: null });
  });
});
