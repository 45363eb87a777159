import { deadline, endOfShanghaiDay, shanghaiDate, workingDaysBetween, type ClockUnit, type Overrides } from '../../calendar/working-days';
import type { CaseTypeDef } from './case-type';

export interface Clock {
  name: string;
  unit: string;
  dueAt: string | null;
  pausedAt?: string | null;
  /** While paused: what was left (working or calendar days, or milliseconds for hours). */
  remaining?: number | null;
}

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

function resume(clock: Clock, now: Date, overrides: Overrides): Clock {
  const left = clock.remaining ?? 0;
  const dueAt =
    clock.unit === 'hours' ? new Date(now.getTime() + left) : deadline(now, left, clock.unit === 'months' ? 'calendar_days' : (clock.unit as ClockUnit), overrides);
  return { name: clock.name, unit: clock.unit, dueAt: dueAt.toISOString(), pausedAt: null, remaining: null };
}

/**
 * The clock after a step, by the case type's rules: entering a paused state stops the clock with
 * what was left; leaving it resumes with that remainder; entering a state with a rule starts a new
 * limit (or stops the clock); anything else keeps the running one.
 */
export function nextClock(
  def: Pick<CaseTypeDef, 'clocks'>,
  prev: Clock | null,
  from: string | null,
  to: string,
  now: Date,
  form: Record<string, unknown>,
  overrides: Overrides,
): Clock | null {
  const paused = def.clocks.pausedIn as readonly string[];
  if (paused.includes(to)) {
    if (!prev || prev.pausedAt || !prev.dueAt) return prev;
    return { ...prev, dueAt: null, pausedAt: now.toISOString(), remaining: remainingOf(prev, now, overrides) };
  }
  if (from && paused.includes(from) && prev?.pausedAt) return resume(prev, now, overrides);
  if (from === to) return prev;
  const rule = (def.clocks.onEnter as Record<string, unknown>)[to] as { name: string; amount: number; unit: ClockUnit; notBefore?: (f: Record<string, unknown>) => string | null } | 'stop' | undefined;
  if (rule === 'stop') return null;
  if (!rule) return prev;
  let due = deadline(now, rule.amount, rule.unit, overrides);
  const floor = rule.notBefore?.(form);
  if (floor) {
    const asked = endOfShanghaiDay(floor);
    if (asked > due) due = asked;
  }
  return { name: rule.name, unit: rule.unit, dueAt: due.toISOString(), pausedAt: null, remaining: null };
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
