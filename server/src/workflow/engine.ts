import { AppError } from '../errors';

/**
 * The one workflow engine. A workflow is data: states, and transitions naming the states they leave
 * from, the state they reach, who may take them and what they require. Every case type and the
 * workstation filing lifecycle is a table of this shape; the functions here are pure.
 */
export interface Transition<S extends string, A, R> {
  action: string;
  from: readonly S[];
  to: S;
  /** Who may take this action on this record. */
  allowed: (actor: A, record: R) => boolean;
  /** A reason the other side will read (e.g. a correction request, a suspension). */
  requiresReason?: boolean;
  /** A business rule that can refuse the step with a message key and parameters. */
  guard?: (record: R, input: TransitionInput) => Refusal | null;
}

export interface Refusal {
  messageKey: string;
  params?: Record<string, string | number>;
  /** The input field the refusal is about, so a form can mark it. */
  path?: string;
}

export interface Workflow<S extends string, A, R> {
  name: string;
  states: readonly S[];
  initial: S;
  transitions: readonly Transition<S, A, R>[];
}

export interface TransitionInput {
  reason?: string | null;
  [key: string]: unknown;
}

export function defineWorkflow<S extends string, A, R>(w: Workflow<S, A, R>): Workflow<S, A, R> {
  const states = new Set<string>(w.states);
  const actions = new Set<string>();
  for (const t of w.transitions) {
    for (const s of [...t.from, t.to]) if (!states.has(s)) throw new Error(`${w.name}: unknown state ${s} in ${t.action}`);
    const key = `${t.action}:${t.from.join(',')}`;
    if (actions.has(key)) throw new Error(`${w.name}: duplicate transition ${key}`);
    actions.add(key);
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
 * Decides one step: the next state, or an error. INVALID_TRANSITION when the action does not exist
 * from this state; FORBIDDEN when it exists but this actor may not take it; VALIDATION when a
 * required reason is missing or a guard refuses.
 */
export function decide<S extends string, A, R>(
  w: Workflow<S, A, R>,
  state: S,
  action: string,
  actor: A,
  record: R,
  input: TransitionInput = {},
): { from: S; to: S; transition: Transition<S, A, R> } {
  const candidates = w.transitions.filter((t) => t.action === action && t.from.includes(state));
  if (candidates.length === 0) {
    throw new AppError('INVALID_TRANSITION', { details: [{ path: 'action', message: `${action} ∉ ${state}` }] });
  }
  const t = candidates.find((c) => c.allowed(actor, record));
  if (!t) throw new AppError('FORBIDDEN');
  if (t.requiresReason && !input.reason?.trim()) {
    throw new AppError('VALIDATION', { messageKey: 'REASON_REQUIRED', details: [{ path: 'reason', message: '' }] });
  }
  const refusal = t.guard?.(record, input);
  if (refusal) {
    throw new AppError('VALIDATION', { messageKey: refusal.messageKey, params: refusal.params, ...(refusal.path ? { details: [{ path: refusal.path, message: '' }] } : {}) });
  }
  return { from: state, to: t.to, transition: t };
}
