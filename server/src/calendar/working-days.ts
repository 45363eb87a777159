import chineseDays from 'chinese-days';

// CommonJS without static named exports: under Node's own ESM loader (`npm start`) only the default exists.
const officialWorkday = chineseDays.isWorkday;

/**
 * The Chinese working-day calendar every time limit runs on: public holidays and 调休 make-up
 * working days from the maintained `chinese-days` data, plus local overrides (a year the package
 * does not know yet, or a local decision) loaded from the database. Dates are Asia/Shanghai dates.
 */
export type Overrides = ReadonlyMap<string, boolean>;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant that is the end (23:59:59.999) of a Shanghai calendar date: deadlines fall due then. */
export function endOfShanghaiDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - SHANGHAI_OFFSET_MS);
}

function nextDate(date: string, days = 1): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, overrides: Overrides = new Map()): boolean {
  const o = overrides.get(date);
  if (o !== undefined) return o;
  return officialWorkday(date);
}

/**
 * Adds N working days: the start day does not count; each following working day counts one.
 * (From 2025-09-30, one working day is 2025-10-09: 1–8 October are the National Day holiday.)
 */
export function addWorkingDays(from: string, days: number, overrides: Overrides = new Map()): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('days must be a whole number ≥ 0');
  let date = from;
  let left = days;
  // A holiday run never exceeds a few weeks; the guard stops a bad override table looping forever.
  for (let guard = 0; left > 0; guard++) {
    if (guard > days * 7 + 400) throw new RangeError('no working days found');
    date = nextDate(date);
    if (isWorkingDay(date, overrides)) left--;
  }
  return date;
}

/** Working days strictly after `from` up to and including `to` (0 when to ≤ from). */
export function workingDaysBetween(from: string, to: string, overrides: Overrides = new Map()): number {
  let n = 0;
  for (let d = nextDate(from); d <= to; d = nextDate(d)) if (isWorkingDay(d, overrides)) n++;
  return n;
}

export type ClockUnit = 'working_days' | 'calendar_days' | 'hours' | 'months';

/**
 * A deadline from a start instant. Day-based limits fall due at the end of the Shanghai day they
 * land on; hours are exact; months keep the day of month (clamped to the month's last day).
 */
export function deadline(start: Date, amount: number, unit: ClockUnit, overrides: Overrides = new Map()): Date {
  const day = shanghaiDate(start);
  switch (unit) {
    case 'hours':
      return new Date(start.getTime() + amount * 3_600_000);
    case 'calendar_days':
      return endOfShanghaiDay(nextDate(day, amount));
    case 'working_days':
      return endOfShanghaiDay(addWorkingDays(day, amount, overrides));
    case 'months': {
      const [y, m, d] = day.split('-').map(Number);
      const target = new Date(Date.UTC(y, m - 1 + amount, 1));
      const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(d, last));
      return endOfShanghaiDay(target.toISOString().slice(0, 10));
    }
  }
}
