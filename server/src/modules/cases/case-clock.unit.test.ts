import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../calendar/working-days';
import { dueState, nextClock, recountClock } from './case-clock';
import { consultation } from './types/consultation';
import { retrieval } from './types/retrieval';
import { parseEnv } from '../../env';
import { clockLimits } from './cases.service';

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

  it('starts a fresh limit when a case is reopened, counted from the reopening', () => {
    const answered = nextClock(consultation, null, 'assigned', 'answered', at('2025-11-17T02:00:00Z'), {}, none);
    expect(answered).toBeNull();
    const reopened = nextClock(consultation, answered, 'answered', 'assigned', at('2025-11-18T02:00:00Z'), {}, none, { action: 'reopen' })!;
    expect(reopened.name).toBe('answer');
    expect(shanghaiDate(new Date(reopened.dueAt!))).toBe('2025-11-25'); // Tuesday + 5 working days
    // assigning the same case (no rule of its own) keeps the clock it has
    expect(nextClock(consultation, reopened, 'accepted', 'assigned', at('2025-11-19T02:00:00Z'), {}, none, { action: 'assign' })).toEqual(reopened);
  });

  it("takes the deployment's limit where one is set, in the rule's unit", () => {
    const limits = new Map([['consultation.answer', 7]]);
    const c = nextClock(consultation, null, 'submitted', 'accepted', at('2025-11-17T02:00:00Z'), {}, none, { limits })!;
    expect(shanghaiDate(new Date(c.dueAt!))).toBe('2025-11-26'); // Monday + 7 working days
    const accept = nextClock(consultation, null, null, 'submitted', at('2025-11-17T02:00:00Z'), {}, none, { limits })!;
    expect(shanghaiDate(new Date(accept.dueAt!))).toBe('2025-11-19'); // accept keeps its default 2
  });

  it('counts a running clock again when a day becomes a holiday or a working day', () => {
    const c = nextClock(consultation, null, null, 'submitted', at('2025-11-17T02:00:00Z'), {}, none)!; // due 11-19
    const typhoon = new Map([['2025-11-18', false]]);
    const moved = recountClock(c, typhoon)!;
    expect(shanghaiDate(new Date(moved.dueAt!))).toBe('2025-11-20');
    expect(recountClock(moved, none)!.dueAt).toBe(c.dueAt);
    expect(recountClock(c, none)).toBe(c); // nothing changed: the same object
    // a paused clock has no due date to move; a clock without its counting basis keeps its date
    const paused = nextClock(consultation, c, 'submitted', 'needs_info', at('2025-11-17T03:00:00Z'), {}, none)!;
    expect(recountClock(paused, typhoon)).toBe(paused);
    const legacy = { name: 'accept', unit: 'working_days', dueAt: c.dueAt };
    expect(recountClock(legacy, typhoon)).toBe(legacy);
    // the date the enterprise asked for still holds as a floor
    const asked = nextClock(retrieval, null, 'submitted', 'accepted', at('2025-11-17T02:00:00Z'), { dateWanted: '2025-12-20' }, none)!;
    expect(shanghaiDate(new Date(recountClock(asked, typhoon)!.dueAt!))).toBe('2025-12-20');
  });

  it('refuses a configured limit that no case type has, listing the known ones', () => {
    expect(clockLimits(parseEnv({ IPSTATION_CASE_LIMITS: 'retrieval.deliver=15' })).get('retrieval.deliver')).toBe(15);
    expect(() => clockLimits(parseEnv({ IPSTATION_CASE_LIMITS: 'consultation.reply=7' }))).toThrow(/consultation\.reply.*consultation\.answer/);
  });

  it('labels due, due soon and overdue', () => {
    const now = at('2025-11-17T02:00:00Z');
    expect(dueState(null, now)).toBe('none');
    expect(dueState(at('2025-11-16T02:00:00Z'), now)).toBe('overdue');
    expect(dueState(at('2025-11-17T20:00:00Z'), now)).toBe('due_soon');
    expect(dueState(at('2025-11-20T02:00:00Z'), now)).toBe('due');
  });
});
