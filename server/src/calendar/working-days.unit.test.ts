import { describe, expect, it } from 'vitest';
import { addWorkingDays, deadline, endOfShanghaiDay, isWorkingDay, shanghaiDate, workingDaysBetween } from './working-days';

describe('Chinese working-day calendar', () => {
  it('skips the National Day holiday: from 2025-09-30, 1 working day is 2025-10-09', () => {
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
  });
  it('counts 调休 make-up Saturdays and Sundays as working days', () => {
    expect(isWorkingDay('2025-09-28')).toBe(true); // Sunday, make-up day before National Day
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday, make-up day after it
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28'); // Friday + 1 → the make-up Sunday
    expect(isWorkingDay('2025-10-04')).toBe(false);
  });
  it('does not count the start day, and an ordinary week skips the weekend', () => {
    expect(addWorkingDays('2025-11-14', 1)).toBe('2025-11-17'); // Friday → Monday
    expect(addWorkingDays('2025-11-17', 5)).toBe('2025-11-24');
    expect(addWorkingDays('2025-11-17', 0)).toBe('2025-11-17');
  });
  it('applies local overrides before the package data', () => {
    const overrides = new Map([['2025-11-18', false]]);
    expect(addWorkingDays('2025-11-17', 1, overrides)).toBe('2025-11-19');
  });
  it('counts working days between two dates', () => {
    expect(workingDaysBetween('2025-09-30', '2025-10-09')).toBe(1);
    expect(workingDaysBetween('2025-11-17', '2025-11-17')).toBe(0);
  });
  it('puts day deadlines at the end of the Shanghai day, hours exactly, months by day of month', () => {
    const start = new Date('2025-09-30T02:00:00Z'); // 10:00 in Shanghai
    expect(shanghaiDate(start)).toBe('2025-09-30');
    expect(deadline(start, 1, 'working_days').toISOString()).toBe(endOfShanghaiDay('2025-10-09').toISOString());
    expect(endOfShanghaiDay('2025-10-09').toISOString()).toBe('2025-10-09T15:59:59.999Z');
    expect(deadline(start, 24, 'hours').toISOString()).toBe('2025-10-01T02:00:00.000Z');
    expect(shanghaiDate(deadline(start, 30, 'calendar_days'))).toBe('2025-10-30');
    expect(shanghaiDate(deadline(new Date('2026-01-31T02:00:00Z'), 1, 'months'))).toBe('2026-02-28');
    // 23:30 in Shanghai is already the next UTC day's calendar date there
    expect(shanghaiDate(new Date('2025-11-16T15:30:00Z'))).toBe('2025-11-16');
    expect(shanghaiDate(new Date('2025-11-16T16:30:00Z'))).toBe('2025-11-17');
  });
});
