import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { actionsFrom, availableActions, decide, defineWorkflow, transitionFor } from './engine';

type S = 'open' | 'done' | 'closed';
const doc = defineWorkflow<S, { role: string }, { big: boolean }>({
  name: 'demo',
  states: ['open', 'done', 'closed'],
  initial: 'open',
  transitions: [
    { action: 'finish', from: ['open'], to: 'done', allowed: (a) => a.role === 'staff', guard: (r) => (r.big ? { messageKey: 'TOO_BIG' } : null) },
    { action: 'close', from: ['open', 'done'], to: 'closed', allowed: (a) => a.role === 'boss', requiresReason: true },
  ],
});

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code + ':' + ((e as AppError).options.messageKey ?? '');
  }
  return 'ok';
};

describe('workflow engine', () => {
  it('takes a legal step', () => {
    expect(decide(doc, 'open', 'finish', { role: 'staff' }, { big: false }).to).toBe('done');
    expect(decide(doc, 'done', 'close', { role: 'boss' }, { big: false }, { reason: 'x' }).to).toBe('closed');
  });
  it('refuses an action that does not exist from the state', () => {
    expect(code(() => decide(doc, 'closed', 'finish', { role: 'staff' }, { big: false }))).toBe('INVALID_TRANSITION:');
    expect(code(() => decide(doc, 'open', 'fly', { role: 'staff' }, { big: false }))).toBe('INVALID_TRANSITION:');
  });
  it('refuses an actor who may not take it', () => {
    expect(code(() => decide(doc, 'open', 'close', { role: 'staff' }, { big: false }, { reason: 'x' }))).toBe('FORBIDDEN:');
  });
  it('needs a reason where required, and applies guards', () => {
    expect(code(() => decide(doc, 'open', 'close', { role: 'boss' }, { big: false }, { reason: '  ' }))).toBe('VALIDATION:REASON_REQUIRED');
    expect(code(() => decide(doc, 'open', 'finish', { role: 'staff' }, { big: true }))).toBe('VALIDATION:TOO_BIG');
  });
  it('names the field a guard refuses, when it says which', () => {
    const w = defineWorkflow<S, unknown, unknown>({
      name: 'fields', states: ['open', 'done', 'closed'], initial: 'open',
      transitions: [{ action: 'finish', from: ['open'], to: 'done', allowed: () => true, guard: (_r, input) => (input.note ? null : { messageKey: 'NOTE_REQUIRED', path: 'note' }) }],
    });
    try {
      decide(w, 'open', 'finish', {}, {}, {});
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).options).toMatchObject({ messageKey: 'NOTE_REQUIRED', details: [{ path: 'note', message: '' }] });
    }
    expect(decide(w, 'open', 'finish', {}, {}, { note: 'x' }).to).toBe('done');
    // A guard without a field gives no details (the filing guards).
    try {
      decide(doc, 'open', 'finish', { role: 'staff' }, { big: true });
    } catch (e) {
      expect((e as AppError).options.details).toBeUndefined();
    }
  });
  it('lists available actions per actor and all actions per state', () => {
    expect(availableActions(doc, 'open', { role: 'staff' }, { big: false })).toEqual(['finish']);
    expect(availableActions(doc, 'open', { role: 'boss' }, { big: false })).toEqual(['close']);
    expect(actionsFrom(doc, 'open')).toEqual(['finish', 'close']);
  });
  it('hands a guard the facts its step needs, gathered by the caller; one not gathered is a programming error', () => {
    const w = defineWorkflow<S, { role: string }, unknown>({
      name: 'facts', states: ['open', 'done', 'closed'], initial: 'open',
      transitions: [
        {
          action: 'hand', from: ['open'], to: 'done', allowed: (a) => a.role === 'staff', needs: ['taker'],
          guard: (_r, _input, facts) => (facts.taker === 'busy' ? { code: 'CONFLICT', messageKey: 'TAKER_BUSY' } : null),
        },
      ],
    });
    // Which step, and its needs, are known before anything is gathered; not-this-actor first.
    expect(transitionFor(w, 'open', 'hand', { role: 'staff' }, {}).needs).toEqual(['taker']);
    expect(code(() => transitionFor(w, 'open', 'hand', { role: 'client' }, {}))).toBe('FORBIDDEN:');
    expect(code(() => transitionFor(w, 'done', 'hand', { role: 'staff' }, {}))).toBe('INVALID_TRANSITION:');
    expect(decide(w, 'open', 'hand', { role: 'staff' }, {}, {}, { taker: 'free' }).to).toBe('done');
    // A refusal may carry its own code (a 409, say) instead of VALIDATION.
    try {
      decide(w, 'open', 'hand', { role: 'staff' }, {}, {}, { taker: 'busy' });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('CONFLICT');
      expect((e as AppError).status).toBe(409);
      expect((e as AppError).options).toMatchObject({ messageKey: 'TAKER_BUSY' });
      expect((e as AppError).options.details).toBeUndefined();
    }
    expect(() => decide(w, 'open', 'hand', { role: 'staff' }, {}, {}, {})).toThrow(/needs taker, not gathered/);
    // A fact gathered as "nothing" (null) is gathered.
    expect(decide(w, 'open', 'hand', { role: 'staff' }, {}, {}, { taker: null }).to).toBe('done');
  });
  it('rejects a table whose step needs facts but has no guard to read them', () => {
    expect(() =>
      defineWorkflow<S, unknown, unknown>({ name: 'deaf', states: ['open', 'done', 'closed'], initial: 'open', transitions: [{ action: 'x', from: ['open'], to: 'done', allowed: () => true, needs: ['taker'] }] }),
    ).toThrow(/needs taker but has no guard/);
  });
  it('rejects a table that names an unknown state', () => {
    expect(() =>
      defineWorkflow<S, unknown, unknown>({ name: 'bad', states: ['open'] as never, initial: 'open', transitions: [{ action: 'x', from: ['open'], to: 'done', allowed: () => true }] }),
    ).toThrow(/unknown state done/);
  });
});
