import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Agent } from '../../test/agent';
import { buildNetwork } from '../../test/factories';
import { setupTestApp } from '../../test/harness';
import { jobs } from '../db/schema';
import { verifyAuditChain } from '../audit/audit.service';
import { JobRunner, STALE_AFTER_MS, type JobHandler } from './job-runner';
import { registerScheduledJobs } from './schedules';

const ctx = await setupTestApp();
const net = await buildNetwork(ctx);
const runner = ctx.deps.jobs;
const log = pino({ level: 'silent' });
const now = () => ctx.deps.clock();

/** A promise the test resolves by hand, to hold a job in the middle of its work. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met in ${ms} ms; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const row = (id: string) => runner.get(id);

describe('a job', () => {
  it('is queued, runs and succeeds with its result', async () => {
    const seen: unknown[] = [];
    runner.register('test.sum', async (job) => {
      seen.push(job.payload);
      const { a, b } = job.payload as { a: number; b: number };
      return { sum: a + b };
    });
    const job = await runner.enqueue('test.sum', { a: 2, b: 40 }, { createdBy: net.staff1.user.id });
    expect(job.status).toBe('queued');
    await runner.drain();
    const done = await row(job.id);
    expect(done).toMatchObject({ status: 'succeeded', result: { sum: 42 }, attempts: 1, error: null, lockedBy: null });
    expect(seen).toEqual([{ a: 2, b: 40 }]);
  });

  it('shows its progress to its creator through GET /api/jobs/:id, and to no one else', async () => {
    const hold = gate();
    runner.register('test.slow', async (_job, h) => {
      await h.progress(3, 10, '第 3 批');
      await hold.opened;
      await h.progress(10, 10, '完成');
      return { imported: 10 };
    });
    const job = await runner.enqueue('test.slow', {}, { createdBy: net.staff1.user.id, organizationId: net.ws1.workstation.id });
    const draining = runner.drain();

    const mid = await until(
      () => net.staff1.get(`/api/jobs/${job.id}`),
      (r) => r.body.data?.progress === 3,
    );
    expect(mid.status).toBe(200);
    expect(mid.body.data).toMatchObject({ id: job.id, type: 'test.slow', status: 'running', progress: 3, progressTotal: 10, progressMessage: '第 3 批' });

    // Another workstation's staff, and a colleague who did not start it, see nothing.
    for (const other of [net.staff2, net.wsAdmin1]) {
      const res = await other.get(`/api/jobs/${job.id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    const anon = await new Agent(ctx).get(`/api/jobs/${job.id}`);
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('UNAUTHENTICATED');

    hold.open();
    await draining;
    const end = await net.staff1.get(`/api/jobs/${job.id}`);
    expect(end.body.data).toMatchObject({ status: 'succeeded', progress: 10, result: { imported: 10 }, error: null });
    // The bureau may follow any job.
    expect((await net.admin.get(`/api/jobs/${job.id}`)).status).toBe(200);
    expect((await net.staff1.get(`/api/jobs/${randomUUID()}`)).status).toBe(404);
  });

  it('is retried with back-off after a failure and ends failed with the error once attempts run out', async () => {
    let calls = 0;
    runner.register('test.flaky', async () => {
      calls++;
      throw new Error(`upstream refused (call ${calls})`);
    });
    const job = await runner.enqueue('test.flaky', {}, { createdBy: net.staff1.user.id, maxAttempts: 3 });

    await runner.drain();
    expect(await row(job.id)).toMatchObject({ status: 'queued', attempts: 1, error: 'upstream refused (call 1)' });
    const retryAt = (await row(job.id))!.runAt.getTime();
    expect(retryAt).toBe(now().getTime() + 2000);

    // Not before its time.
    ctx.clock.advance(1000);
    await runner.drain();
    expect(calls).toBe(1);

    ctx.clock.advance(1000);
    await runner.drain();
    expect(await row(job.id)).toMatchObject({ status: 'queued', attempts: 2, error: 'upstream refused (call 2)' });

    ctx.clock.advance(4000);
    await runner.drain();
    const failed = await row(job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, error: 'upstream refused (call 3)', lockedBy: null });
    expect(calls).toBe(3);

    ctx.clock.advance(60_000);
    await runner.drain();
    expect(calls).toBe(3);
    const api = await net.staff1.get(`/api/jobs/${job.id}`);
    expect(api.body.data).toMatchObject({ status: 'failed', attempts: 3, error: 'upstream refused (call 3)' });
  });

  it('succeeds on a retry after failing once', async () => {
    let calls = 0;
    runner.register('test.once', async () => {
      if (++calls === 1) throw new Error('first time fails');
      return 'ok';
    });
    const job = await runner.enqueue('test.once', {});
    await runner.drain();
    ctx.clock.advance(2000);
    await runner.drain();
    expect(await row(job.id)).toMatchObject({ status: 'succeeded', attempts: 2, result: 'ok', error: null });
  });

  it('of a type nobody handles fails with a clear error', async () => {
    const job = await runner.enqueue('test.unknown-type', {}, { maxAttempts: 1 });
    await runner.drain();
    expect(await row(job.id)).toMatchObject({ status: 'failed', error: 'no handler for job type test.unknown-type' });
  });

  it('queued inside a transaction that rolls back leaves nothing behind', async () => {
    const before = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(jobs);
    await expect(
      ctx.db.transaction(async (tx) => {
        await runner.enqueue('test.sum', { a: 1, b: 1 }, { db: tx });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(jobs);
    expect(after[0].n).toBe(before[0].n);
  });
});

describe('two processes on one database', () => {
  it('claim each schedule tick exactly once', async () => {
    const a = new JobRunner(ctx.db, log, now);
    const b = new JobRunner(ctx.db, log, now);
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimTick('test.claim', '123')),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await a.claimTick('test.claim', '124')).toBe(true);
    expect(await b.claimTick('test.claim', '124')).toBe(false);
  });

  it('run a scheduled job once per tick between them', async () => {
    const ran: string[] = [];
    const a = new JobRunner(ctx.db, log, now);
    const b = new JobRunner(ctx.db, log, now);
    const HOUR = 3_600_000;
    a.schedule('test.hourly', HOUR, async () => void ran.push('a'));
    b.schedule('test.hourly', HOUR, async () => void ran.push('b'));

    ctx.clock.set('2026-04-01T00:00:00Z');
    for (let hour = 0; hour < 5; hour++) {
      // Several passes per hour from each process, some at the same moment.
      await Promise.all([a.tick(), b.tick(), b.tick()]);
      ctx.clock.advance(20 * 60_000);
      await Promise.all([b.tick(), a.tick()]);
      ctx.clock.advance(40 * 60_000);
    }
    expect(ran).toHaveLength(5);
    const runs = await ctx.db.execute(sql`select tick, runner, finished_at, error from schedule_runs where name = 'test.hourly' order by tick`);
    const rows = (runs as unknown as { rows: { tick: string; runner: string; finished_at: Date | null; error: string | null }[] }).rows;
    expect(rows.map((r) => Number(r.tick))).toEqual([0, 1, 2, 3, 4].map((h) => Date.parse('2026-04-01T00:00:00Z') / HOUR + h));
    expect(rows.every((r) => r.finished_at !== null && r.error === null)).toBe(true);
    expect(new Set(rows.map((r) => r.runner)).size).toBeLessThanOrEqual(2);
    expect(rows.every((r) => [a.runnerId, b.runnerId].includes(r.runner))).toBe(true);
  });

  it('record a failed scheduled run and try again at the next tick', async () => {
    let calls = 0;
    const a = new JobRunner(ctx.db, log, now);
    a.schedule('test.failing', 3_600_000, async () => {
      calls++;
      throw new Error('report source unavailable');
    });
    ctx.clock.set('2026-04-02T00:00:00Z');
    await a.tick();
    await a.tick();
    expect(calls).toBe(1);
    ctx.clock.advance(3_600_000);
    await a.tick();
    expect(calls).toBe(2);
    const runs = await ctx.db.execute(sql`select error from schedule_runs where name = 'test.failing'`);
    expect((runs as unknown as { rows: { error: string }[] }).rows.map((r) => r.error)).toEqual(['report source unavailable', 'report source unavailable']);
  });

  it('never run one queued job twice', async () => {
    const runs: string[] = [];
    const handler =
      (who: string): JobHandler =>
      async (job) => {
        runs.push(`${who}:${job.id}`);
        await new Promise((r) => setTimeout(r, 5));
        return who;
      };
    const a = new JobRunner(ctx.db, log, now, { concurrency: 3 });
    const b = new JobRunner(ctx.db, log, now, { concurrency: 3 });
    a.register('test.once-only', handler('a'));
    b.register('test.once-only', handler('b'));
    const queued = await Promise.all(Array.from({ length: 12 }, (_, i) => a.enqueue('test.once-only', { i })));
    await Promise.all([a.drain(), b.drain()]);
    await until(
      async () => Promise.all(queued.map((j) => a.get(j.id))),
      (rows) => rows.every((r) => r?.status === 'succeeded'),
    );
    const ids = runs.map((r) => r.split(':')[1]);
    expect(ids.sort()).toEqual(queued.map((j) => j.id).sort());
  });
});

describe('stale jobs', () => {
  async function insertRunning(lockedAgoMs: number, attempts = 1) {
    const [job] = await ctx.db
      .insert(jobs)
      .values({
        type: 'test.sum',
        payload: { a: 20, b: 1 },
        status: 'running',
        attempts,
        maxAttempts: 3,
        lockedBy: 'crashed-host:4242:abcdef',
        lockedAt: new Date(now().getTime() - lockedAgoMs),
        runAt: new Date(now().getTime() - lockedAgoMs),
      })
      .returning();
    return job;
  }

  it('a job left running by a process that died is recovered and run again', async () => {
    const stale = await insertRunning(STALE_AFTER_MS + 60_000);
    const fresh = await insertRunning(STALE_AFTER_MS / 2);
    await runner.tick();
    await until(() => row(stale.id), (r) => r?.status === 'succeeded');
    expect(await row(stale.id)).toMatchObject({ status: 'succeeded', attempts: 2, result: { sum: 21 } });
    // A job another process is still working on is left alone.
    expect(await row(fresh.id)).toMatchObject({ status: 'running', lockedBy: 'crashed-host:4242:abcdef' });
    await ctx.db.delete(jobs).where(eq(jobs.id, fresh.id));
  });

  it('a stale job that has used all its attempts ends failed instead of running again', async () => {
    const stale = await insertRunning(STALE_AFTER_MS + 60_000, 3);
    await runner.tick();
    await runner.drain();
    expect(await row(stale.id)).toMatchObject({ status: 'failed', attempts: 3, error: expect.stringMatching(/^abandoned/) });
  });

  it('a long job that reports progress is not taken for a dead one', async () => {
    const report = gate();
    const hold = gate();
    let starts = 0;
    const a = new JobRunner(ctx.db, log, now);
    const b = new JobRunner(ctx.db, log, now);
    const handler: JobHandler = async (_job, h) => {
      starts++;
      await report.opened;
      await h.progress(1, 2);
      await hold.opened;
      return 'done';
    };
    a.register('test.long', handler);
    b.register('test.long', handler);
    const job = await a.enqueue('test.long', {});
    await a.tick();
    await until(() => a.get(job.id), (r) => r?.status === 'running');

    ctx.clock.advance(STALE_AFTER_MS + 60_000);
    report.open();
    await until(() => a.get(job.id), (r) => r?.progress === 1);
    await b.tick();
    expect(await a.get(job.id)).toMatchObject({ status: 'running', lockedBy: a.runnerId });

    hold.open();
    await until(() => a.get(job.id), (r) => r?.status === 'succeeded');
    expect(starts).toBe(1);
  });

  it('a long job that reports nothing keeps its lock by heartbeat', async () => {
    const hold = gate();
    let starts = 0;
    const a = new JobRunner(ctx.db, log, now, { heartbeatMs: 10 });
    const b = new JobRunner(ctx.db, log, now);
    const handler: JobHandler = async () => {
      starts++;
      await hold.opened;
      return 'done';
    };
    a.register('test.quiet', handler);
    b.register('test.quiet', handler);
    const job = await a.enqueue('test.quiet', {});
    await a.tick();
    await until(() => a.get(job.id), (r) => r?.status === 'running');

    ctx.clock.advance(STALE_AFTER_MS + 60_000);
    await until(() => a.get(job.id), (r) => r?.lockedAt?.getTime() === now().getTime());
    await b.tick();
    expect(await a.get(job.id)).toMatchObject({ status: 'running', lockedBy: a.runnerId });

    hold.open();
    await until(() => a.get(job.id), (r) => r?.status === 'succeeded');
    expect(starts).toBe(1);
  });

  it('a runner whose job was recovered by another does not overwrite the new outcome', async () => {
    const hold = gate();
    const started = gate();
    const a = new JobRunner(ctx.db, log, now);
    const b = new JobRunner(ctx.db, log, now);
    a.register('test.overtaken', async () => {
      started.open();
      await hold.opened;
      return 'from a';
    });
    b.register('test.overtaken', async () => 'from b');
    const job = await a.enqueue('test.overtaken', {});
    await a.tick();
    await started.opened;
    ctx.clock.advance(STALE_AFTER_MS + 60_000);
    await b.tick();
    await until(() => b.get(job.id), (r) => r?.status === 'succeeded');
    hold.open();
    await a.stop();
    expect(await a.get(job.id)).toMatchObject({ status: 'succeeded', result: 'from b', attempts: 2 });
  });
});

describe('the audit retention schedule', () => {
  it('purges once a day across processes and leaves a chain that verifies', async () => {
    const count = async (table: 'audit_events' | 'audit_checkpoints') =>
      ((await ctx.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0].n;
    expect(await count('audit_events')).toBeGreaterThan(0);
    const a = new JobRunner(ctx.db, log, now);
    const b = new JobRunner(ctx.db, log, now);
    registerScheduledJobs({ ...ctx.deps, jobs: a });
    registerScheduledJobs({ ...ctx.deps, jobs: b });

    ctx.clock.advance((ctx.deps.env.IPSTATION_AUDIT_RETENTION_DAYS + 1) * 86_400_000);
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);

    // Everything was old: all purged, one checkpoint, one `audit.purged` event left.
    expect(await count('audit_checkpoints')).toBe(1);
    const left = await ctx.db.execute(sql`select type from audit_events`);
    expect((left as unknown as { rows: { type: string }[] }).rows.map((r) => r.type)).toEqual(['audit.purged']);
    expect(await verifyAuditChain(ctx.db, ctx.deps.secret)).toEqual({ ok: true, checked: 1 });
  });
});
