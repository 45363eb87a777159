import type { AppDeps } from '../../deps';
import { notFound } from '../../errors';
import type { JobRow } from '../../jobs/job-runner';
import { hasRole, type Actor } from '../../policy/actor';

/** A job is visible to the person who started it and to the bureau; to anyone else it does not exist. */
export async function getJobFor(deps: Pick<AppDeps, 'jobs'>, actor: Actor, id: string) {
  const job = await deps.jobs.get(id);
  if (!job || (job.createdBy !== actor.userId && !hasRole(actor, 'bureau_admin'))) throw notFound();
  return { data: presentJob(job) };
}

/** The caller's own latest jobs of a type (an import page's "recent imports"), with the file name they were given. */
export async function listMyJobs(deps: Pick<AppDeps, 'jobs'>, actor: Actor, type: string) {
  const rows = await deps.jobs.recentOf(actor.userId, type);
  return {
    items: rows.map((job) => {
      const filename = (job.payload as { filename?: unknown } | null)?.filename;
      return { ...presentJob(job), filename: typeof filename === 'string' ? filename : null };
    }),
  };
}

export const presentJob = (job: JobRow) => ({
  id: job.id,
  type: job.type,
  status: job.status,
  progress: job.progress,
  progressTotal: job.progressTotal,
  progressMessage: job.progressMessage,
  attempts: job.attempts,
  result: job.result,
  error: job.error,
  createdAt: job.createdAt.toISOString(),
  updatedAt: job.updatedAt.toISOString(),
});
