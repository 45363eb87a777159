import os from 'node:os';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../db/client';
import { jobs, scheduleRuns } from '../db/schema';

export type JobRow = typeof jobs.$inferSelect;
export interface JobHelpers {
  progress(done: number, total?: number, message?: string): Promise<void>;
}
export type JobHandler = (job: JobRow, helpers: JobHelpers) => Promise<unknown>;

interface Schedule {
  name: string;
  everyMs: number;
  run: () => Promise<void>;
}

/** A job whose lock is older than this (no heartbeat, no progress) belongs to a process that died. */
export const STALE_AFTER_MS = 10 * 60_000;

/**
 * The one in-process runner for background and scheduled work. Jobs live in the database, so any
 * process may pick one up (FOR UPDATE SKIP LOCKED) and a crashed process's job is retried. A schedule
 * runs once per tick across all processes: the first process to insert (name, tick) runs it.
 *
 * `start()` adds the polling timer; `tick()` and `drain()` also work on a runner that was never
 * started (the CLI and tests drive it by hand).
 */
export class JobRunner {
  private handlers = new Map<string, JobHandler>();
  private schedules: Schedule[] = [];
  private timer?: NodeJS.Timeout;
  private running = 0;
  private started = false;
  private stopping = false;
  private ticking?: Promise<void>;
  private idle: Array<() => void> = [];
  readonly runnerId = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly db: Db,
    private readonly log: Pick<Logger, 'info' | 'warn' | 'error'>,
    private readonly clock: () => Date = () => new Date(),
    private readonly options: { pollMs?: number; concurrency?: number; heartbeatMs?: number; staleAfterMs?: number } = {},
  ) {}

  register(type: string, handler: JobHandler) {
    this.handlers.set(type, handler);
  }

  schedule(name: string, everyMs: number, run: () => Promise<void>) {
    this.schedules.push({ name, everyMs, run });
  }

  /**
   * Queues a job. Pass `db` (a transaction) to queue it with the change that asked for it, so a
   * rolled-back change leaves no job behind.
   */
  async enqueue(
    type: string,
    payload: unknown,
    opts: { createdBy?: string | null; organizationId?: string | null; maxAttempts?: number; runAt?: Date; db?: DbOrTx } = {},
  ) {
    const [row] = await (opts.db ?? this.db)
      .insert(jobs)
      .values({
        type,
        payload: payload as object,
        createdBy: opts.createdBy ?? null,
        organizationId: opts.organizationId ?? null,
        maxAttempts: opts.maxAttempts ?? 3,
        runAt: opts.runAt ?? this.clock(),
      })
      .returning();
    this.kick();
    return row;
  }

  /** The latest jobs of one type that a person started, newest first. */
  async recentOf(createdBy: string, type: string, limit = 20) {
    return this.db.select().from(jobs).where(and(eq(jobs.createdBy, createdBy), eq(jobs.type, type))).orderBy(desc(jobs.createdAt)).limit(limit);
  }

  async get(id: string) {
    const [row] = await this.db.select().from(jobs).where(eq(jobs.id, id));
    return row;
  }

  start() {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.kick();
  }

  /** Stops polling and claiming; resolves when the jobs this process is running have finished. */
  async stop() {
    this.started = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.ticking) await this.ticking;
    if (this.running > 0) await new Promise<void>((r) => this.idle.push(r));
  }

  private kick(delay = 0) {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref?.();
  }

  /**
   * One pass: due schedules, stale-job recovery, and as many queued jobs as the concurrency allows.
   * Passes never overlap within a process: a call during a pass waits for that pass.
   */
  async tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.pass().finally(() => {
      this.ticking = undefined;
    });
    await this.ticking;
    this.kick(this.options.pollMs ?? 1000);
  }

  private async pass() {
    try {
      if (this.stopping) return;
      await this.runDueSchedules();
      await this.recoverStale();
      while (!this.stopping && this.running < (this.options.concurrency ?? 2)) {
        const job = await this.claim();
        if (!job) break;
        void this.execute(job);
      }
    } catch (err) {
      this.log.error({ err }, 'job runner tick failed');
    }
  }

  private async claim(): Promise<JobRow | undefined> {
    const now = this.clock();
    const result = await this.db.execute(sql`
      update jobs set status = 'running', locked_by = ${this.runnerId}, locked_at = ${now}, attempts = attempts + 1, updated_at = ${now}
      where id = (select id from jobs where status = 'queued' and run_at <= ${now} order by run_at limit 1 for update skip locked)
      returning id`);
    const id = (result as unknown as { rows: { id: string }[] }).rows[0]?.id;
    return id ? this.get(id) : undefined;
  }

  /** Only the runner that holds a job's lock may write its progress or outcome. */
  private mine(job: JobRow) {
    return and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.lockedBy, this.runnerId));
  }

  private async execute(job: JobRow) {
    this.running++;
    const handler = this.handlers.get(job.type);
    // A live job keeps its lock fresh, so no other process takes it for a dead one's.
    const heartbeat = setInterval(() => {
      void this.db
        .update(jobs)
        .set({ lockedAt: this.clock() })
        .where(this.mine(job))
        .catch((err) => this.log.warn({ err, jobId: job.id }, 'job heartbeat failed'));
    }, this.options.heartbeatMs ?? 60_000);
    heartbeat.unref?.();
    try {
      let outcome: { ok: true; result: unknown } | { ok: false; err: unknown };
      try {
        if (!handler) throw new Error(`no handler for job type ${job.type}`);
        const result = await handler(job, {
          progress: async (done, total, message) => {
            const now = this.clock();
            await this.db
              .update(jobs)
              .set({ progress: done, progressTotal: total ?? null, progressMessage: message ?? null, lockedAt: now, updatedAt: now })
              .where(this.mine(job));
          },
        });
        outcome = { ok: true, result };
      } catch (err) {
        outcome = { ok: false, err };
      }
      clearInterval(heartbeat);
      if (outcome.ok) {
        await this.db
          .update(jobs)
          .set({ status: 'succeeded', result: (outcome.result ?? null) as object, error: null, lockedBy: null, lockedAt: null, updatedAt: this.clock() })
          .where(this.mine(job));
      } else {
        const { err } = outcome;
        const retry = job.attempts < job.maxAttempts;
        this.log.warn({ err, jobId: job.id, type: job.type, attempt: job.attempts, retry }, 'job failed');
        await this.db
          .update(jobs)
          .set({
            status: retry ? 'queued' : 'failed',
            error: err instanceof Error ? err.message : String(err),
            ...(retry ? { runAt: new Date(this.clock().getTime() + 1000 * 2 ** job.attempts) } : {}),
            lockedBy: null,
            lockedAt: null,
            updatedAt: this.clock(),
          })
          .where(this.mine(job));
      }
    } catch (err) {
      // Recording the outcome failed (database gone during shutdown): the job stays running and
      // is recovered as stale; never let this become an unhandled rejection.
      this.log.error({ err, jobId: job.id }, 'could not record the job outcome');
    } finally {
      clearInterval(heartbeat);
      this.running--;
      if (this.running === 0) this.idle.splice(0).forEach((r) => r());
      this.kick();
    }
  }

  /**
   * A job left running by a process that died (no heartbeat for STALE_AFTER_MS) goes back to the
   * queue, or ends failed when it has used all its attempts.
   */
  private async recoverStale() {
    const now = this.clock();
    const cutoff = new Date(now.getTime() - (this.options.staleAfterMs ?? STALE_AFTER_MS));
    const stale = and(eq(jobs.status, 'running'), lt(jobs.lockedAt, cutoff));
    const failed = await this.db
      .update(jobs)
      .set({ status: 'failed', error: 'abandoned: the process running it stopped', lockedBy: null, lockedAt: null, updatedAt: now })
      .where(and(stale, sql`${jobs.attempts} >= ${jobs.maxAttempts}`))
      .returning({ id: jobs.id });
    const requeued = await this.db
      .update(jobs)
      .set({ status: 'queued', lockedBy: null, lockedAt: null, runAt: now, updatedAt: now })
      .where(stale)
      .returning({ id: jobs.id });
    if (failed.length || requeued.length) {
      this.log.warn({ requeued: requeued.map((j) => j.id), failed: failed.map((j) => j.id) }, 'recovered stale jobs');
    }
  }

  private async runDueSchedules() {
    const now = this.clock().getTime();
    for (const s of this.schedules) {
      const tick = String(Math.floor(now / s.everyMs));
      if (await this.claimTick(s.name, tick)) {
        let error: string | null = null;
        try {
          await s.run();
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
          this.log.error({ err, schedule: s.name }, 'scheduled job failed');
        }
        await this.db
          .update(scheduleRuns)
          .set({ finishedAt: this.clock(), error })
          .where(and(eq(scheduleRuns.name, s.name), eq(scheduleRuns.tick, tick)));
      }
    }
  }

  /** Exactly one process wins a tick: the insert is serialised by an advisory lock and a unique key. */
  async claimTick(name: string, tick: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(7410002, hashtext(${name}))`);
      const inserted = await tx
        .insert(scheduleRuns)
        .values({ name, tick, runner: this.runnerId, startedAt: this.clock() })
        .onConflictDoNothing()
        .returning({ name: scheduleRuns.name });
      return inserted.length > 0;
    });
  }

  /**
   * Resolves when no job is queued and due and this runner runs none (for tests and the CLI). Jobs
   * other processes are running are theirs to finish.
   */
  async drain(timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ n }] = (await this.db.execute(
        sql`select count(*)::int as n from jobs where status = 'queued' and run_at <= ${this.clock()}`,
      ).then((r) => (r as unknown as { rows: { n: number }[] }).rows)) as { n: number }[];
      if (n === 0 && this.running === 0) return;
      if (Date.now() > deadline) throw new Error('jobs did not drain in time');
      await this.tick();
      if (this.stopping) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
