import type { Actor } from '../../policy/actor';
import { abilitiesOf, type Policy } from '../../policy/authorize';
import { patentPolicy } from '../patents/patents.policy';

/**
 * Trademark records are reference data like patent records: every signed-in user may search and
 * read them, and importing is for the same people who import patents.
 */
export const trademarkPolicy: Policy<Actor, 'import', null> = {
  import: patentPolicy.import,
};

export const trademarkAbilities = (a: Actor) => abilitiesOf(trademarkPolicy, a, null);
