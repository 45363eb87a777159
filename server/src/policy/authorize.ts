import { AppError } from '../errors';

/**
 * The shared shape of every policy file: `allow(actor, action, record)` rules per model, and
 * `authorize()` that throws FORBIDDEN when a visible record's action is not allowed. Scoping (what a
 * caller can see at all) lives in repositories and yields 404; this yields 403.
 */
export type Rule<A, R> = (actor: A, record: R) => boolean;
export type Policy<A, Action extends string, R> = Record<Action, Rule<A, R>>;

export function abilitiesOf<A, Action extends string, R>(policy: Policy<A, Action, R>, actor: A, record: R): Record<Action, boolean> {
  const out = {} as Record<Action, boolean>;
  for (const action of Object.keys(policy) as Action[]) out[action] = policy[action](actor, record);
  return out;
}

export function authorize<A, Action extends string, R>(policy: Policy<A, Action, R>, actor: A, action: Action, record: R): void {
  if (!policy[action](actor, record)) throw new AppError('FORBIDDEN');
}
