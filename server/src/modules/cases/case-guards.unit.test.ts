import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import type { Actor } from '../../policy/actor';
import { availableActions, decide } from '../../workflow/engine';
import type { CaseRecord } from './case-type';
import { consultation } from './types/consultation';
import { retrieval } from './types/retrieval';

const actor = (userId: string, role: 'workstation_staff' | 'expert', organizationId: string): Actor => ({
  userId, username: userId, displayName: userId, isDemo: false, mustChangePassword: false, via: 'session',
  roles: [{ membershipId: `m-${userId}`, role, organizationId, organizationType: role === 'expert' ? 'agency' : 'workstation' }],
});
const staff = actor('staff', 'workstation_staff', 'ws1');
const expert = actor('expert', 'expert', 'agency1');
const rec: CaseRecord = { workstationId: 'ws1', clientEnterpriseIds: ['ent1'], assigneeIds: ['expert'], drafterId: null };

/** The refusal as the API reports it: code, message key, params and the field it names. */
function refusal(f: () => unknown) {
  try {
    f();
  } catch (e) {
    const err = e as AppError;
    return { code: err.code, messageKey: err.options.messageKey, params: err.options.params, details: err.options.details };
  }
  return 'taken';
}

describe('the case types\' guards: refused transitions', () => {
  it('answer needs the answer\'s text', () => {
    for (const answer of [undefined, null, '', '   ']) {
      expect(refusal(() => decide(consultation.workflow, 'assigned', 'answer', expert, rec, { answer }))).toEqual({
        code: 'VALIDATION', messageKey: 'VALIDATION', params: undefined, details: [{ path: 'answer', message: '' }],
      });
    }
    expect(decide(consultation.workflow, 'assigned', 'answer', expert, rec, { answer: '书面答复' }).to).toBe('answered');
    expect(decide(consultation.workflow, 'accepted', 'answer', staff, rec, { answer: '当场答复' }).to).toBe('answered');
  });

  it('close needs one of the type\'s own outcome codes, named in the refusal', () => {
    const refused = refusal(() => decide(consultation.workflow, 'answered', 'close', staff, rec, {}));
    expect(refused).toMatchObject({ code: 'VALIDATION', messageKey: 'OUTCOME_INVALID', details: [{ path: 'outcome', message: '' }] });
    expect(String((refused as { params?: Record<string, string | number> }).params?.codes)).toContain('referred_mediation');
    // A retrieval's outcome does not close a consultation, nor the other way round.
    expect(refusal(() => decide(consultation.workflow, 'answered', 'close', staff, rec, { outcome: 'report_delivered' }))).toMatchObject({ messageKey: 'OUTCOME_INVALID' });
    expect(refusal(() => decide(retrieval.workflow, 'delivered', 'close', staff, rec, { outcome: 'referred_mediation' }))).toMatchObject({ messageKey: 'OUTCOME_INVALID', details: [{ path: 'outcome', message: '' }] });
    expect(decide(consultation.workflow, 'answered', 'close', staff, rec, { outcome: 'referred_mediation' }).to).toBe('closed');
    expect(decide(retrieval.workflow, 'delivered', 'close', staff, rec, { outcome: 'report_delivered' }).to).toBe('closed');
  });

  it('a guard is asked only once the step exists and the actor may take it', () => {
    // No such step from this state, and not this actor: those answers come first, as before.
    expect(refusal(() => decide(consultation.workflow, 'submitted', 'close', staff, rec, {}))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(refusal(() => decide(consultation.workflow, 'answered', 'close', expert, rec, {}))).toMatchObject({ code: 'FORBIDDEN' });
    // The buttons stay: a guard refuses what is sent, not the action.
    expect(availableActions(consultation.workflow, 'answered', staff, rec)).toContain('close');
  });
});
