import type { z } from 'zod';
import type { ClockUnit } from '../../calendar/working-days';
import { orgsWithRole, type Actor } from '../../policy/actor';
import { outcomeCodesOf } from '../../../../shared/src/case-outcomes';
import { defineWorkflow, type Facts, type Refusal, type Transition, type TransitionInput, type Workflow } from '../../workflow/engine';

/** A step of a case type's table: the engine's transition, and whom the step assigns the case to. */
export interface CaseTransition<S extends string = string> extends Transition<S, Actor, CaseRecord> {
  /**
   * The step hands the case to the person named in `assigneeId`, under this rule. Declaring it is
   * all a type does: the table then needs the `assignee` fact (gathered by the service) and its
   * guard refuses whom the rule does not allow; the service writes the assignment.
   */
  assigns?: AssignmentRule;
  /**
   * What the step keeps of its input: `answer`, the answer's text as the message the enterprise
   * reads once the service is delivered; `outcome`, how the case ended, on the case and on its
   * ledger rows. Declared together with the guard that asks for it (`keepsAnswer`, `keepsOutcome`).
   */
  keeps?: 'answer' | 'outcome';
}

/** What a step asks of the person taking it, besides the version: the form a client shows for it. */
export type StepField = 'reason' | 'assignee' | 'answer' | 'outcome';

/** The fields a step needs, read from its declaration (a new type's steps get their forms from it). */
export const stepFields = (t: CaseTransition): StepField[] => [
  ...(t.assigns ? (['assignee'] as const) : []),
  ...(t.requiresReason ? (['reason'] as const) : []),
  ...(t.keeps === 'answer' ? (['answer'] as const) : []),
  ...(t.keeps === 'outcome' ? (['outcome'] as const) : []),
];

/** The fields of each step the actor may take from `state`, by action. */
export function stepInputs(w: Workflow<string, Actor, CaseRecord, CaseTransition>, state: string, actor: Actor, rec: CaseRecord): Record<string, StepField[]> {
  const out: Record<string, StepField[]> = {};
  for (const t of w.transitions) if (!(t.action in out) && t.from.includes(state) && t.allowed(actor, rec)) out[t.action] = stepFields(t);
  return out;
}

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
  workflow: Workflow<S, Actor, CaseRecord, CaseTransition<S>>;
  countsAt: S;
  clocks: {
    onEnter: Partial<Record<S, ClockRule | 'stop'>>;
    /** Rules taken by an action whatever state it enters (reopen starts a fresh limit). */
    onAction?: Partial<Record<string, ClockRule | 'stop'>>;
    pausedIn: readonly S[];
  };
  /** States in which the answer/report is visible to the enterprise. */
  closedStates: readonly S[];
  /** What the client enterprise's users are told (in-app and by email) when someone else brings the case to a state. */
  tellsClient: Partial<Record<S, string>>;
}

/** What every type tells the client about its request at intake. */
export const INTAKE_NOTICES = { accepted: '您的申请已受理', rejected: '您的申请未被受理', needs_info: '请补充材料' } as const;

export const isStaff = (a: Actor, r: CaseRecord) => orgsWithRole(a, 'workstation_admin', 'workstation_staff').includes(r.workstationId);
export const isClient = (a: Actor, r: CaseRecord) => orgsWithRole(a, 'enterprise_user').some((e) => r.clientEnterpriseIds.includes(e));
export const isAssignee = (a: Actor, r: CaseRecord) => r.assigneeIds.includes(a.userId);
export const staffOrAssignee = (a: Actor, r: CaseRecord) => isStaff(a, r) || isAssignee(a, r);
export const staffOrClient = (a: Actor, r: CaseRecord) => isStaff(a, r) || isClient(a, r);
/** The second person of a review: staff of the workstation who did not draft what is reviewed. */
export const secondPerson = (a: Actor, r: CaseRecord) => isStaff(a, r) && a.userId !== r.drafterId;

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

/** A step that gives the answer: its text is required and kept as the answer message. */
export const keepsAnswer = { keeps: 'answer', guard: answerGiven } as const;
/** A step that closes: one of the type's outcome codes is required and kept on the case and its ledger rows. */
export const keepsOutcome = (type: string) => ({ keeps: 'outcome', guard: outcomeOf(type) }) as const;

/** A professional role that may take a case, and the assignment role it takes it as. */
export const PROFESSIONAL_ASSIGNMENT_ROLES = { mediator: 'mediator', expert: 'expert', agency_user: 'agency' } as const;
export type ProfessionalRole = keyof typeof PROFESSIONAL_ASSIGNMENT_ROLES;
export type AssignmentRole = 'handler' | (typeof PROFESSIONAL_ASSIGNMENT_ROLES)[ProfessionalRole];

/** Who a step may assign a case to. */
export interface AssignmentRule {
  /** Professionals who may take it, in the order their assignment role is chosen (a mediator who is also an expert assists as mediator). */
  professionals: readonly ProfessionalRole[];
  /** Anyone of the owning workstation may take it as its handler. */
  ownStaff: boolean;
  /**
   * A professional is checked for conflicts of interest across the whole network (`hasConflict`):
   * a conflict is 409 COI_CONFLICT, which never names the other case, unless an override reason is
   * given, which the service records in the audit log.
   */
  conflictCheck: boolean;
}

/** Both case types so far: any professional (conflict-checked) or the owning workstation's own people. */
export const PROFESSIONAL_OR_STAFF: AssignmentRule = { professionals: ['mediator', 'expert', 'agency_user'], ownStaff: true, conflictCheck: true };

/** The `assignee` fact: what the service looked up about the person named in `assigneeId` (null: none named). */
export interface AssigneeFacts {
  userId: string;
  /** The account may sign in (a deactivated one takes no case). */
  active: boolean;
  /** Every role the person holds, anywhere. */
  roles: readonly string[];
  /** Every organization the person belongs to. */
  orgIds: readonly string[];
  /** The network-wide conflict check's yes or no; null when it was not asked (see `conflictAsked`). */
  conflict: boolean | null;
}

/** The role the person would take the case as under the rule, or null: nobody the rule allows. */
export function assignmentRole(rule: AssignmentRule, r: CaseRecord, who: Pick<AssigneeFacts, 'active' | 'roles' | 'orgIds'>): AssignmentRole | null {
  if (!who.active) return null;
  const professional = rule.professionals.find((p) => who.roles.includes(p));
  if (professional) return PROFESSIONAL_ASSIGNMENT_ROLES[professional];
  return rule.ownStaff && who.orgIds.includes(r.workstationId) ? 'handler' : null;
}

/** Whether the conflict check applies to this role under the rule (the service asks it only then). */
export const conflictAsked = (rule: AssignmentRule, role: AssignmentRole | null) => rule.conflictCheck && role !== null && role !== 'handler';

export interface Assignment {
  userId: string;
  role: AssignmentRole;
  /** The reason a conflict was overridden (audited), or null: no conflict. */
  override: string | null;
}

/**
 * The assignment a step makes, or why it may not: no one named (400 on assigneeId), someone the
 * rule does not allow (400 ASSIGNEE_INVALID), a conflict without an override reason (409
 * COI_CONFLICT, with nothing about the other case). Pure: the facts were gathered before.
 */
export function assignmentOf(rule: AssignmentRule, r: CaseRecord, input: TransitionInput, who: AssigneeFacts | null): { refusal: Refusal } | { assignment: Assignment } {
  if (!who) return { refusal: { messageKey: 'VALIDATION', path: 'assigneeId' } };
  const role = assignmentRole(rule, r, who);
  if (!role) return { refusal: { messageKey: 'ASSIGNEE_INVALID', path: 'assigneeId' } };
  let override: string | null = null;
  if (conflictAsked(rule, role) && who.conflict) {
    const reason = typeof input.overrideReason === 'string' ? input.overrideReason.trim() : '';
    if (!reason) return { refusal: { code: 'COI_CONFLICT', messageKey: 'COI_CONFLICT' } };
    override = reason;
  }
  return { assignment: { userId: who.userId, role, override } };
}

/** The guard a step that `assigns` gets: the refusal of `assignmentOf`, read from the `assignee` fact. */
export const assigneeAllowed =
  (rule: AssignmentRule) =>
  (r: CaseRecord, input: TransitionInput, facts: Facts): Refusal | null => {
    const decided = assignmentOf(rule, r, input, (facts.assignee as AssigneeFacts | null | undefined) ?? null);
    return 'refusal' in decided ? decided.refusal : null;
  };

/** Runs guards in order; the first refusal wins. */
const firstRefusal =
  (...guards: NonNullable<CaseTransition['guard']>[]) =>
  (r: CaseRecord, input: TransitionInput, facts: Facts): Refusal | null => {
    for (const g of guards) {
      const refusal = g(r, input, facts);
      if (refusal) return refusal;
    }
    return null;
  };

/**
 * A case type's table for the engine. A step that `assigns` is given what that takes: the
 * `assignee` fact among its needs, and the rule's guard after its own.
 */
export function defineCaseWorkflow<S extends string>(w: Workflow<S, Actor, CaseRecord, CaseTransition<S>>) {
  return defineWorkflow<S, Actor, CaseRecord, CaseTransition<S>>({
    ...w,
    transitions: w.transitions.map((t) =>
      t.assigns
        ? { ...t, needs: [...new Set([...(t.needs ?? []), 'assignee'])], guard: t.guard ? firstRefusal(t.guard, assigneeAllowed(t.assigns)) : assigneeAllowed(t.assigns) }
        : t,
    ),
  });
}
