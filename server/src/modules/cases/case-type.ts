import type { z } from 'zod';
import type { ClockUnit } from '../../calendar/working-days';
import { orgsWithRole, type Actor } from '../../policy/actor';
import { outcomeCodesOf } from '../../../../shared/src/case-outcomes';
import type { Refusal, TransitionInput, Workflow } from '../../workflow/engine';

/** What every case-type rule looks at. */
export interface CaseRecord {
  workstationId: string;
  clientEnterpriseIds: string[];
  assigneeIds: string[];
  /** Who drafted the current report (a second person approves it). */
  drafterId: string | null;
}

export interface ClockRule {
  name: string;
  amount: number;
  unit: ClockUnit;
  /** A date (YYYY-MM-DD) the deadline may not fall before, e.g. the date the enterprise asked for. */
  notBefore?: (form: Record<string, unknown>) => string | null;
}

/**
 * A case type is data: its intake form, its workflow table, its clocks (which state starts which
 * limit, where the clock pauses) and the state at which the service counts in the ledger. Adding a
 * type adds one of these and nothing else.
 */
export interface CaseTypeDef<S extends string = string> {
  type: string;
  /** Prefix of case numbers, e.g. ZX-2026-000001. */
  numberPrefix: string;
  /** Ledger service type. */
  serviceType: string;
  form: z.ZodType<Record<string, unknown>>;
  title: (form: Record<string, unknown>) => string;
  workflow: Workflow<S, Actor, CaseRecord>;
  countsAt: S;
  clocks: {
    onEnter: Partial<Record<S, ClockRule | 'stop'>>;
    /** Rules taken by an action whatever state it enters (reopen starts a fresh limit). */
    onAction?: Partial<Record<string, ClockRule | 'stop'>>;
    pausedIn: readonly S[];
  };
  /** States in which the answer/report is visible to the enterprise. */
  closedStates: readonly S[];
}

export const isStaff = (a: Actor, r: CaseRecord) => orgsWithRole(a, 'workstation_admin', 'workstation_staff').includes(r.workstationId);
export const isClient = (a: Actor, r: CaseRecord) => orgsWithRole(a, 'enterprise_user').some((e) => r.clientEnterpriseIds.includes(e));
export const isAssignee = (a: Actor, r: CaseRecord) => r.assigneeIds.includes(a.userId);
export const staffOrAssignee = (a: Actor, r: CaseRecord) => isStaff(a, r) || isAssignee(a, r);
export const staffOrClient = (a: Actor, r: CaseRecord) => isStaff(a, r) || isClient(a, r);

/** Guard of `answer`: the answer's text (it becomes the message the enterprise reads). */
export const answerGiven = (_r: CaseRecord, input: TransitionInput): Refusal | null =>
  typeof input.answer === 'string' && input.answer.trim() ? null : { messageKey: 'VALIDATION', path: 'answer' };

/** Guard of `close`: how the case ended, as one of the type's outcome codes (the ledger's 办理结果). */
export const outcomeOf =
  (type: string) =>
  (_r: CaseRecord, input: TransitionInput): Refusal | null => {
    const codes = outcomeCodesOf(type);
    return typeof input.outcome === 'string' && codes.includes(input.outcome) ? null : { messageKey: 'OUTCOME_INVALID', params: { codes: codes.join(', ') }, path: 'outcome' };
  };
