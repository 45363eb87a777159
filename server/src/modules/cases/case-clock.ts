import { deadline, endOfShanghaiDay, shanghaiDate, workingDaysBetween, type ClockUnit, type Overrides } from '../../calendar/working-days';
import type { CaseTypeDef, ClockRule } from './case-type';

export interface Clock {
  name: string;
  unit: string;
  dueAt: string | null;
  pausedAt?: string | null;
  /** While paused: what was left (working or calendar days, or milliseconds for hours). */
  remaining?: number | null;
  /**
   * How the running limit was set: counted from `startedAt` (the step that started or resumed it),
   * `amount` in `counts` units, not before `floor`. Enough to recompute `dueAt` when the working-day
   * calendar changes (clocks written before these fields existed keep their due date).
   */
  startedAt?: string | null;
  amount?: number | null;
  counts?: ClockUnit | null;
  floor?: string | null;
}

/** Limits set for this deployment, by "type.clock" (e.g. "consultation.answer"), in the rule's unit. */
export type ClockLimits = ReadonlyMap<string, number>;

function remainingOf(clock: Clock, now: Date, overrides: Overrides): number {
  const due = new Date(clock.dueAt!);
  switch (clock.unit as ClockUnit) {
    case 'hours':
      return Math.max(0, due.getTime() - now.getTime());
    case 'working_days':
      return workingDaysBetween(shanghaiDate(now), shanghaiDate(due), overrides);
    default:
      return Math.max(0, Math.round((Date.parse(shanghaiDate(due)) - Date.parse(shanghaiDate(now))) / 86_400_000));
  }
}

/** The due date of a limit counted from `startedAt`, and not before the end of the `floor` day. */
function dueOf(startedAt: Date, amount: number, counts: ClockUnit, floor: string | null, overrides: Overrides): Date {
  const due = deadline(startedAt, amount, counts, overrides);
  if (floor) {
    const asked = endOfShanghaiDay(floor);
    if (asked > due) return asked;
  }
  return due;
}

function start(name: string, unit: string, counts: ClockUnit, amount: number, now: Date, floor: string | null, overrides: Overrides): Clock {
  const dueAt = dueOf(now, amount, counts, floor, overrides).toISOString();
  return { name, unit, dueAt, pausedAt: null, remaining: null, startedAt: now.toISOString(), amount, counts, floor };
}

function resume(clock: Clock, now: Date, overrides: Overrides): Clock {
  const left = clock.remaining ?? 0;
  if (clock.unit === 'hours') {
    return { name: clock.name, unit: clock.unit, dueAt: new Date(now.getTime() + left).toISOString(), pausedAt: null, remaining: null, startedAt: now.toISOString(), amount: left / 3_600_000, counts: 'hours', floor: null };
  }
  const counts: ClockUnit = clock.unit === 'months' ? 'calendar_days' : (clock.unit as ClockUnit);
  return start(clock.name, clock.unit, counts, left, now, null, overrides);
}

/**
 * The clock after a step, by the case type's rules: entering a paused state stops the clock with
 * what was left; leaving it resumes with that remainder; an action with a rule of its own (reopen)
 * or entering a state with a rule starts a new limit (or stops the clock); anything else keeps the
 * running one. A limit's amount is the deployment's (`limits`) where set, else the type's default.
 */
export function nextClock(
  def: Pick<CaseTypeDef, 'clocks' | 'type'>,
  prev: Clock | null,
  from: string | null,
  to: string,
  now: Date,
  form: Record<string, unknown>,
  overrides: Overrides,
  opts: { action?: string; limits?: ClockLimits } = {},
): Clock | null {
  const paused = def.clocks.pausedIn as readonly string[];
  if (paused.includes(to)) {
    if (!prev || prev.pausedAt || !prev.dueAt) return prev;
    return { ...prev, dueAt: null, pausedAt: now.toISOString(), remaining: remainingOf(prev, now, overrides) };
  }
  if (from && paused.includes(from) && prev?.pausedAt) return resume(prev, now, overrides);
  const byAction = opts.action ? (def.clocks.onAction as Record<string, ClockRule | 'stop' | undefined> | undefined)?.[opts.action] : undefined;
  if (from === to && !byAction) return prev;
  const rule = byAction ?? ((def.clocks.onEnter as Record<string, ClockRule | 'stop' | undefined>)[to]);
  if (rule === 'stop') return null;
  if (!rule) return prev;
  const amount = opts.limits?.get(`${def.type}.${rule.name}`) ?? rule.amount;
  return start(rule.name, rule.unit, rule.unit, amount, now, rule.notBefore?.(form) ?? null, overrides);
}

/**
 * The same clock with its due date counted again on the current calendar (a holiday or make-up
 * working day was set after the limit started). A paused clock, or one without its counting basis,
 * is returned as it is.
 */
export function recountClock(clock: Clock | null, overrides: Overrides): Clock | null {
  if (!clock || clock.pausedAt || !clock.dueAt || !clock.startedAt || clock.amount == null || !clock.counts) return clock;
  const dueAt = dueOf(new Date(clock.startedAt), clock.amount, clock.counts, clock.floor ?? null, overrides).toISOString();
  return dueAt === clock.dueAt ? clock : { ...clock, dueAt };
}

/** How near a deadline counts as "due soon": 24 hours. */
export const DUE_SOON_MS = 24 * 3_600_000;

/** due / due soon (within DUE_SOON_MS) / overdue, as lists show it. */
export function dueState(dueAt: Date | null, now: Date): 'none' | 'due' | 'due_soon' | 'overdue' {
  if (!dueAt) return 'none';
  if (dueAt.getTime() < now.getTime()) return 'overdue';
  if (dueAt.getTime() - now.getTime() <= DUE_SOON_MS) return 'due_soon';
  return 'due';
}
