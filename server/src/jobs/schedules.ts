import { appendAnchor, auditHead } from '../audit/audit.anchor';
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
  // The chain's head, kept outside the database (anchor file and log), so a cut-off end is detectable.
  deps.jobs.schedule('audit.anchor', 10 * 60_000, async () => {
    const head = await auditHead(deps.db, deps.secret, deps.clock());
    if (head && appendAnchor(deps.env.DATA_DIR, head)) deps.log.info({ auditHead: head }, 'audit chain head anchored');
  });
  deps.jobs.schedule('cases.sla_breaches', 10 * 60_000, async () => {
    const n = await notifyBreaches(deps);
    if (n) deps.log.info({ n }, 'overdue cases notified');
  });
}
