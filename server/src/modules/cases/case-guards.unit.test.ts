import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import type { Actor } from '../../policy/actor';
import { availableActions, decide, transitionFor } from '../../workflow/engine';
import { assignmentOf, assignmentRole, conflictAsked, defineCaseWorkflow, isStaff, PROFESSIONAL_OR_STAFF, type AssigneeFacts, type AssignmentRule, type CaseRecord } from './case-type';
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

  it('the steps that keep what they are given are declared with the guard that asks for it', () => {
    for (const def of [consultation, retrieval]) {
      const keeping = def.workflow.transitions.filter((t) => t.keeps).map((t) => `${t.action}:${t.keeps}`);
      expect(keeping).toEqual(def === consultation ? ['answer:answer', 'close:outcome'] : ['close:outcome']);
    }
    const answer = consultation.workflow.transitions.find((t) => t.keeps === 'answer')!;
    expect(answer.guard?.(rec, {}, {})).toMatchObject({ path: 'answer' });
    for (const def of [consultation, retrieval]) expect(def.workflow.transitions.find((t) => t.keeps === 'outcome')!.guard?.(rec, {}, {})).toMatchObject({ path: 'outcome' });
  });

  it('a guard is asked only once the step exists and the actor may take it', () => {
    // No such step from this state, and not this actor: those answers come first, as before.
    expect(refusal(() => decide(consultation.workflow, 'submitted', 'close', staff, rec, {}))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(refusal(() => decide(consultation.workflow, 'answered', 'close', expert, rec, {}))).toMatchObject({ code: 'FORBIDDEN' });
    // The buttons stay: a guard refuses what is sent, not the action.
    expect(availableActions(consultation.workflow, 'answered', staff, rec)).toContain('close');
  });
});

/** What the service would have gathered about the person named in assigneeId. */
const person = (over: Partial<AssigneeFacts> = {}): AssigneeFacts => ({ userId: 'p1', active: true, roles: ['expert'], orgIds: ['agency1'], conflict: false, ...over });
const assigning = (state: 'accepted' | 'assigned', assignee: AssigneeFacts | null, input: Record<string, unknown> = {}) =>
  refusal(() => decide(consultation.workflow, state, state === 'accepted' ? 'assign' : 'reassign', staff, rec, { reason: state === 'assigned' ? '离职交接' : null, ...input }, { assignee }));

describe('whom a step may assign: the rule the table declares, decided on gathered facts', () => {
  it('no one named is 400 on assigneeId', () => {
    expect(assigning('accepted', null)).toEqual({ code: 'VALIDATION', messageKey: 'VALIDATION', params: undefined, details: [{ path: 'assigneeId', message: '' }] });
  });

  it('a professional, or anyone of the owning workstation as its handler; nobody else, and no deactivated account', () => {
    const invalid = { code: 'VALIDATION', messageKey: 'ASSIGNEE_INVALID', params: undefined, details: [{ path: 'assigneeId', message: '' }] };
    expect(assigning('accepted', person({ roles: ['enterprise_user'], orgIds: ['ent1'], conflict: null }))).toEqual(invalid);
    // Staff of another workstation are not this one's handlers.
    expect(assigning('accepted', person({ roles: ['workstation_staff'], orgIds: ['ws2'], conflict: null }))).toEqual(invalid);
    // Nobody at all (an unknown id is gathered as an inactive account without roles).
    expect(assigning('accepted', person({ active: false, roles: [], orgIds: [], conflict: null }))).toEqual(invalid);
    // A deactivated expert, or a deactivated colleague, takes no case.
    expect(assigning('accepted', person({ active: false, conflict: null }))).toEqual(invalid);
    expect(assigning('accepted', person({ active: false, roles: ['workstation_staff'], orgIds: ['ws1'], conflict: null }))).toEqual(invalid);
    expect(decide(consultation.workflow, 'accepted', 'assign', staff, rec, {}, { assignee: person() }).to).toBe('assigned');
    expect(decide(consultation.workflow, 'accepted', 'assign', staff, rec, {}, { assignee: person({ roles: ['workstation_staff'], orgIds: ['ws1'], conflict: null }) }).to).toBe('assigned');
  });

  it('the role taken: mediator before expert before agency; the owning workstation\'s people as handler', () => {
    const role = (roles: string[], orgIds: string[] = ['x']) => assignmentRole(PROFESSIONAL_OR_STAFF, rec, { active: true, roles, orgIds });
    expect(role(['expert', 'mediator'])).toBe('mediator');
    expect(role(['agency_user', 'expert'])).toBe('expert');
    expect(role(['agency_user'])).toBe('agency');
    // Someone of this workstation who is also an expert is assigned as the expert, and conflict-checked.
    expect(role(['workstation_staff', 'expert'], ['ws1', 'agency1'])).toBe('expert');
    expect(role(['workstation_admin'], ['ws1'])).toBe('handler');
    expect(role(['district_officer'], ['d1'])).toBeNull();
  });

  it('a conflict is 409 COI_CONFLICT that says nothing of the other case, unless a reason overrides it', () => {
    for (const overrideReason of [undefined, null, '', '   ']) {
      expect(assigning('accepted', person({ conflict: true }), { overrideReason })).toEqual({ code: 'COI_CONFLICT', messageKey: 'COI_CONFLICT', params: undefined, details: undefined });
    }
    expect(decide(consultation.workflow, 'accepted', 'assign', staff, rec, { overrideReason: ' 当事人书面同意 ' }, { assignee: person({ conflict: true }) }).to).toBe('assigned');
    expect(assignmentOf(PROFESSIONAL_OR_STAFF, rec, { overrideReason: ' 当事人书面同意 ' }, person({ conflict: true }))).toEqual({ assignment: { userId: 'p1', role: 'expert', override: '当事人书面同意' } });
    // No conflict: nothing to override, even when a reason is sent.
    expect(assignmentOf(PROFESSIONAL_OR_STAFF, rec, { overrideReason: '多余的理由' }, person())).toEqual({ assignment: { userId: 'p1', role: 'expert', override: null } });
    // The workstation's own handler is not conflict-checked: the service does not ask, and an answer would not count.
    expect(conflictAsked(PROFESSIONAL_OR_STAFF, 'handler')).toBe(false);
    expect(conflictAsked(PROFESSIONAL_OR_STAFF, 'expert')).toBe(true);
    expect(assignmentOf(PROFESSIONAL_OR_STAFF, rec, {}, person({ roles: ['workstation_staff'], orgIds: ['ws1'], conflict: true }))).toEqual({ assignment: { userId: 'p1', role: 'handler', override: null } });
  });

  it('reassign answers its missing reason before anything about the assignee, and not-this-actor before both', () => {
    expect(refusal(() => decide(consultation.workflow, 'assigned', 'reassign', staff, rec, {}, { assignee: null }))).toMatchObject({ code: 'VALIDATION', messageKey: 'REASON_REQUIRED' });
    expect(assigning('assigned', person({ conflict: true }))).toMatchObject({ code: 'COI_CONFLICT' });
    expect(refusal(() => transitionFor(consultation.workflow, 'accepted', 'assign', expert, rec))).toMatchObject({ code: 'FORBIDDEN' });
    expect(refusal(() => transitionFor(consultation.workflow, 'submitted', 'assign', staff, rec))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('every assigning step of both types needs the assignee fact; deciding one without it is a programming error', () => {
    for (const def of [consultation, retrieval]) {
      const assigning = def.workflow.transitions.filter((t) => t.assigns);
      expect(assigning.map((t) => t.action).sort()).toEqual(def === retrieval ? ['assign', 'reassign', 'reassign'] : ['assign', 'reassign']);
      for (const t of assigning) expect(t.needs).toEqual(['assignee']);
      expect(def.workflow.transitions.filter((t) => !t.assigns).every((t) => !t.needs?.length)).toBe(true);
    }
    expect(() => decide(consultation.workflow, 'accepted', 'assign', staff, rec, {})).toThrow(/needs assignee, not gathered/);
  });

  it('a new type gets its own assignment rule by declaring it, after its own guard', () => {
    const mediatorsOnly: AssignmentRule = { professionals: ['mediator'], ownStaff: false, conflictCheck: true };
    const mediation = defineCaseWorkflow<'open' | 'assigned'>({
      name: 'mediation', states: ['open', 'assigned'], initial: 'open',
      transitions: [{ action: 'assign', from: ['open'], to: 'assigned', allowed: isStaff, assigns: mediatorsOnly, guard: (_r, input) => (input.note ? null : { messageKey: 'NOTE_REQUIRED', path: 'note' }) }],
    });
    const take = (assignee: AssigneeFacts | null, input: Record<string, unknown> = { note: '调解' }) => refusal(() => decide(mediation, 'open', 'assign', staff, rec, input, { assignee }));
    expect(take(person({ roles: ['mediator'] }), {})).toMatchObject({ messageKey: 'NOTE_REQUIRED' });
    expect(take(person({ roles: ['expert'] }))).toMatchObject({ messageKey: 'ASSIGNEE_INVALID' });
    expect(take(person({ roles: ['workstation_staff'], orgIds: ['ws1'] }))).toMatchObject({ messageKey: 'ASSIGNEE_INVALID' });
    expect(take(person({ roles: ['mediator'], conflict: true }))).toMatchObject({ code: 'COI_CONFLICT' });
    expect(take(person({ roles: ['mediator'] }))).toBe('taken');
  });
});

describe('second-person review of a retrieval report', () => {
  const drafted: CaseRecord = { ...rec, drafterId: 'staff' };
  const colleague = actor('colleague', 'workstation_staff', 'ws1');
  it('the drafter may neither approve nor return their own report; a colleague of the workstation may', () => {
    expect(refusal(() => decide(retrieval.workflow, 'report_drafted', 'approve_report', staff, drafted))).toMatchObject({ code: 'FORBIDDEN' });
    expect(refusal(() => decide(retrieval.workflow, 'report_drafted', 'return_report', staff, drafted, { reason: '补充' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(availableActions(retrieval.workflow, 'report_drafted', staff, drafted)).not.toContain('approve_report');
    expect(decide(retrieval.workflow, 'report_drafted', 'approve_report', colleague, drafted).to).toBe('reviewed');
    // The assignee who drafted is not staff: neither may they approve.
    expect(refusal(() => decide(retrieval.workflow, 'report_drafted', 'approve_report', expert, { ...rec, drafterId: 'expert' }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
