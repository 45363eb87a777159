import type { AppDeps } from '../../deps';
import type { DbOrTx } from '../../db/client';
import { notFound } from '../../errors';
import type { JobRunner } from '../../jobs/job-runner';
import type { Mailer } from '../../notifications/mailer';
import * as repo from './notifications.repository';

export interface NotifyInput {
  userIds: string[];
  kind: string;
  title: string;
  body: string;
  link?: string;
  data?: Record<string, unknown>;
  /** Also send e-mail to those with an address, when SMTP is configured. */
  email?: boolean;
}

export const EMAIL_JOB = 'notification.email';

/**
 * The one way anything tells a person something: an in-app notification for each user and, when
 * SMTP is configured and asked for, an e-mail sent by the job runner (with its retries).
 */
export async function notify(deps: Pick<AppDeps, 'db' | 'mailer' | 'jobs' | 'clock'>, input: NotifyInput, db: DbOrTx = deps.db) {
  const ids = [...new Set(input.userIds)];
  const wantEmail = !!input.email && deps.mailer.enabled;
  const recipients = wantEmail ? await repo.emailsOf(db, ids) : [];
  const rows = await repo.insertMany(
    db,
    ids.map((userId) => ({
      userId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      link: input.link ?? null,
      data: input.data ?? {},
      emailStatus: recipients.some((r) => r.id === userId && r.email) ? ('queued' as const) : ('none' as const),
      createdAt: deps.clock(),
    })),
  );
  for (const row of rows) {
    const to = recipients.find((r) => r.id === row.userId)?.email;
    // Queued on the caller's transaction: a rolled-back change sends no e-mail.
    if (to) await deps.jobs.enqueue(EMAIL_JOB, { notificationId: row.id, to, subject: row.title, text: row.body }, { db });
  }
  return rows;
}

export function registerNotificationJobs(jobs: JobRunner, deps: { db: DbOrTx; mailer: Mailer }) {
  jobs.register(EMAIL_JOB, async (job) => {
    const p = job.payload as { notificationId: string; to: string; subject: string; text: string };
    try {
      await deps.mailer.send({ to: p.to, subject: p.subject, text: p.text });
      await repo.setEmailStatus(deps.db, p.notificationId, 'sent');
    } catch (err) {
      if (job.attempts >= job.maxAttempts) await repo.setEmailStatus(deps.db, p.notificationId, 'failed');
      throw err;
    }
    return { sent: true };
  });
}

export async function listMine(deps: AppDeps, userId: string, q: { unread?: boolean; page: number; pageSize: number }) {
  const { rows, total, unread } = await repo.listFor(deps.db, userId, !!q.unread, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return {
    items: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      data: n.data,
      readAt: n.readAt?.toISOString() ?? null,
      createdAt: n.createdAt.toISOString(),
    })),
    total,
    unread,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function markRead(deps: AppDeps, userId: string, id: string | null) {
  if (id) {
    const n = await repo.findById(deps.db, id);
    if (!n || n.userId !== userId) throw notFound();
  }
  return { updated: await repo.markRead(deps.db, userId, id, deps.clock()) };
}
