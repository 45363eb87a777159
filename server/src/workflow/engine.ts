import { AppError, type ErrorCode } from '../errors';

/**
 * The one workflow engine. A workflow is data: states, and transitions naming the states they leave
 * from, the state they reach, who may take them and what they require. Every case type and the
 * workstation filing lifecycle is a table of this shape; the functions here are pure: what a rule
 * needs from the database is gathered by the caller and handed in as facts.
 */
export interface Transition<S extends string, A, R> {
  action: string;
  from: readonly S[];
  to: S;
  /** Who may take this action on this record. */
  allowed: (actor: A, record: R) => boolean;
  /** A reason the other side will read (e.g. a correction request, a suspension). */
  requiresReason?: boolean;
  /**
   * The facts, by name, this step's guard reads that only a look-up can tell (who an assignee is,
   * whether they are in conflict). The table declares them; the caller gathers them once the step
   * exists and the actor may take it (`transitionFor`), and hands them to `decide`.
   */
  needs?: readonly string[];
  /** A business rule that can refuse the step with a message key and parameters. */
  guard?: (record: R, input: TransitionInput, facts: Facts) => Refusal | null;
}

/** What the caller gathered for a step's `needs`, by name. */
export type Facts = Readonly<Record<string, unknown>>;

export interface Refusal {
  /** The answer's code: VALIDATION (400) unless the rule has its own (e.g. COI_CONFLICT, 409). */
  code?: ErrorCode;
  messageKey: string;
  params?: Record<string, string | number>;
  /** The input field the refusal is about, so a form can mark it. */
  path?: string;
}

export interface Workflow<S extends string, A, R, T extends Transition<S, A, R> = Transition<S, A, R>> {
  name: string;
  states: readonly S[];
  initial: S;
  /** A module may widen its transitions with declarations of its own (a case type's `assigns`). */
  transitions: readonly T[];
}

export interface TransitionInput {
  reason?: string | null;
  [key: string]: unknown;
}

export function defineWorkflow<S extends string, A, R, T extends Transition<S, A, R> = Transition<S, A, R>>(w: Workflow<S, A, R, T>): Workflow<S, A, R, T> {
  const states = new Set<string>(w.states);
  const actions = new Set<string>();
  for (const t of w.transitions) {
    for (const s of [...t.from, t.to]) if (!states.has(s)) throw new Error(`${w.name}: unknown state ${s} in ${t.action}`);
    const key = `${t.action}:${t.from.join(',')}`;
    if (actions.has(key)) throw new Error(`${w.name}: duplicate transition ${key}`);
    actions.add(key);
    if (t.needs?.length && !t.guard) throw new Error(`${w.name}: ${t.action} needs ${t.needs.join(', ')} but has no guard to read them`);
  }
  return w;
}

/** The actions this actor may take on this record now (what the UI shows as buttons). */
export function availableActions<S extends string, A, R>(w: Workflow<S, A, R>, state: S, actor: A, record: R): string[] {
  return [...new Set(w.transitions.filter((t) => t.from.includes(state) && t.allowed(actor, record)).map((t) => t.action))];
}

/** Every action that exists from this state, whoever may take it. */
export function actionsFrom<S extends string, A, R>(w: Workflow<S, A, R>, state: S): string[] {
  return [...new Set(w.transitions.filter((t) => t.from.includes(state)).map((t) => t.action))];
}

/**
 * The transition this actor would take: INVALID_TRANSITION when the action does not exist from this
 * state, FORBIDDEN when it exists but this actor may not take it. A caller reads its `needs` here,
 * before gathering anything, so a step nobody may take costs no look-up.
 */
export function transitionFor<S extends string, A, R, T extends Transition<S, A, R>>(w: Workflow<S, A, R, T>, state: S, action: string, actor: A, record: R): T {
  const candidates = w.transitions.filter((t) => t.action === action && t.from.includes(state));
  if (candidates.length === 0) {
    throw new AppError('INVALID_TRANSITION', { details: [{ path: 'action', message: `${action} ∉ ${state}` }] });
  }
  const t = candidates.find((c) => c.allowed(actor, record));
  if (!t) throw new AppError('FORBIDDEN');
  return t;
}

/**
 * Decides one step: the next state, or an error. INVALID_TRANSITION when the action does not exist
 * from this state; FORBIDDEN when it exists but this actor may not take it; VALIDATION when a
 * required reason is missing; the guard's refusal (VALIDATION unless it names its own code). A fact
 * the step needs that the caller did not gather is a programming error, thrown as such.
 */
export function decide<S extends string, A, R, T extends Transition<S, A, R>>(
  w: Workflow<S, A, R, T>,
  state: S,
  action: string,
  actor: A,
  record: R,
  input: TransitionInput = {},
  facts: Facts = {},
): { from: S; to: S; transition: T } {
  const t = transitionFor(w, state, action, actor, record);
  if (t.requiresReason && !input.reason?.trim()) {
    throw new AppError('VALIDATION', { messageKey: 'REASON_REQUIRED', details: [{ path: 'reason', message: '' }] });
  }
  const missing = (t.needs ?? []).filter((n) => !(n in facts));
  if (missing.length) throw new Error(`${w.name}: ${action} needs ${missing.join(', ')}, not gathered`);
  const refusal = t.guard?.(record, input, facts);
  if (refusal) {
    throw new AppError(refusal.code ?? 'VALIDATION', { messageKey: refusal.messageKey, params: refusal.params, ...(refusal.path ? { details: [{ path: refusal.path, message: '' }] } : {}) });
  }
  return { from: state, to: t.to, transition: t };
}
