import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../calendar/working-days';
import { dueState, nextClock } from './case-clock';
import { consultation } from './types/consultation';
import { retrieval } from './types/retrieval';

const none = new Map<string, boolean>();
const at = (s: string) => new Date(s);

describe('case clocks', () => {
  it('starts the acceptance clock across the National Day holiday', () => {
    const c = nextClock(consultation, null, null, 'submitted', at('2025-09-30T02:00:00Z'), {}, none)!;
    expect(c.name).toBe('accept');
    expect(shanghaiDate(new Date(c.dueAt!))).toBe('2025-10-10'); // 2 working days: 10-09, 10-10
  });

  it('counts a 调休 Saturday as a working day', () => {
    // Thursday 2025-10-09; without the make-up Saturday the answer would fall due on 10-16
    const c = nextClock(consultation, null, 'submitted', 'accepted', at('2025-10-09T02:00:00Z'), {}, none)!;
    expect(c.name).toBe('answer');
    // 5 working days: Fri 10-10, the make-up Sat 10-11, Mon 10-13, Tue 10-14, Wed 10-15
    expect(shanghaiDate(new Date(c.dueAt!))).toBe('2025-10-15');
  });

  it('pauses while information is requested and resumes with what was left', () => {
    const start = nextClock(consultation, null, null, 'submitted', at('2025-11-17T02:00:00Z'), {}, none)!; // Monday; due Wednesday 11-19
    expect(shanghaiDate(new Date(start.dueAt!))).toBe('2025-11-19');
    const paused = nextClock(consultation, start, 'submitted', 'needs_info', at('2025-11-18T02:00:00Z'), {}, none)!; // Tuesday: 1 left
    expect(paused.dueAt).toBeNull();
    expect(paused.remaining).toBe(1);
    const resumed = nextClock(consultation, paused, 'needs_info', 'submitted', at('2025-11-21T02:00:00Z'), {}, none)!; // Friday
    expect(shanghaiDate(new Date(resumed.dueAt!))).toBe('2025-11-24'); // Monday
  });

  it('delivers by the later of 10 working days and the date the enterprise asked', () => {
    const soon = nextClock(retrieval, null, 'submitted', 'accepted', at('2025-11-17T02:00:00Z'), { dateWanted: '2025-11-20' }, none)!;
    expect(shanghaiDate(new Date(soon.dueAt!))).toBe('2025-12-01');
    const later = nextClock(retrieval, null, 'submitted', 'accepted', at('2025-11-17T02:00:00Z'), { dateWanted: '2025-12-20' }, none)!;
    expect(shanghaiDate(new Date(later.dueAt!))).toBe('2025-12-20');
  });

  it('keeps the running clock on other steps and stops it when the service is delivered', () => {
    const c = nextClock(consultation, null, 'submitted', 'accepted', at('2025-11-17T02:00:00Z'), {}, none);
    expect(nextClock(consultation, c, 'accepted', 'assigned', at('2025-11-18T02:00:00Z'), {}, none)).toEqual(c);
    expect(nextClock(consultation, c, 'assigned', 'answered', at('2025-11-18T02:00:00Z'), {}, none)).toBeNull();
  });

  it('labels due, due soon and overdue', () => {
    const now = at('2025-11-17T02:00:00Z');
    expect(dueState(null, now)).toBe('none');
    expect(dueState(at('2025-11-16T02:00:00Z'), now)).toBe('overdue');
    expect(dueState(at('2025-11-17T20:00:00Z'), now)).toBe('due_soon');
    expect(dueState(at('2025-11-20T02:00:00Z'), now)).toBe('due');
  });
});
