import { asc, eq } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import type { DbOrTx } from '../db/client';
import { calendarOverrides } from '../db/schema';
import { AppError } from '../errors';
import { recordAudit } from '../audit/audit.service';
import { hasRole, type Actor, type RequestContext } from '../policy/actor';
import { addWorkingDays, type Overrides } from './working-days';

/** Queued with every change of a day, so what depends on the calendar (case clocks) is counted again. */
export const CALENDAR_CHANGED_JOB = 'calendar.changed';

/** The overrides table is small (a few dozen days a year): read whole, per computation. */
export async function loadOverrides(db: DbOrTx): Promise<Overrides> {
  const rows = await db.select().from(calendarOverrides);
  return new Map(rows.map((r) => [r.date, r.workday]));
}

export async function addWorkingDaysFor(deps: Pick<AppDeps, 'db'>, from: string, days: number) {
  return addWorkingDays(from, days, await loadOverrides(deps.db));
}

export async function listOverrides(deps: AppDeps) {
  const rows = await deps.db.select().from(calendarOverrides).orderBy(asc(calendarOverrides.date));
  return rows.map((r) => ({ date: r.date, workday: r.workday, note: r.note }));
}

export async function setOverride(deps: AppDeps, ctx: RequestContext & { actor: Actor }, date: string, input: { workday: boolean; note?: string | null } | null) {
  if (!hasRole(ctx.actor, 'bureau_admin')) throw new AppError('FORBIDDEN');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (input) {
      await tx
        .insert(calendarOverrides)
        .values({ date, workday: input.workday, note: input.note ?? null, updatedBy: ctx.actor.userId, updatedAt: now })
        .onConflictDoUpdate({ target: calendarOverrides.date, set: { workday: input.workday, note: input.note ?? null, updatedBy: ctx.actor.userId, updatedAt: now } });
    } else {
      await tx.delete(calendarOverrides).where(eq(calendarOverrides.date, date));
    }
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'calendar.override_set',
      recordType: 'calendar',
      recordId: date,
      data: { date, workday: input?.workday ?? null, note: input?.note ?? null },
    });
    await deps.jobs.enqueue(CALENDAR_CHANGED_JOB, { date }, { db: tx, createdBy: ctx.actor.userId });
  });
  return listOverrides(deps);
}
