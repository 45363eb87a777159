import { purgeAudit } from '../audit/audit.service';
import type { AppDeps } from '../deps';
import { notifyBreaches } from '../modules/cases/cases.service';

/** Scheduled work, each run once per tick across all processes (see JobRunner.schedule). */
export function registerScheduledJobs(deps: AppDeps) {
  deps.jobs.schedule('audit.retention', 24 * 3_600_000, async () => {
    const { purgedCount } = await purgeAudit(deps.db, {
      secret: deps.secret,
      retentionDays: deps.env.IPSTATION_AUDIT_RETENTION_DAYS,
      now: deps.clock(),
    });
    if (purgedCount) deps.log.info({ purgedCount }, 'audit retention purge');
  });
  deps.jobs.schedule('cases.sla_breaches', 10 * 60_000, async () => {
    const n = await notifyBreaches(deps);
    if (n) deps.log.info({ n }, 'overdue cases notified');
  });
}
