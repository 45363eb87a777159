import { hasRole, type Actor } from '../../policy/actor';
import { abilitiesOf, type Policy } from '../../policy/authorize';

/**
 * Patent records are reference data: every signed-in user may search and read them. Importing
 * changes what everyone sees, so it is for the bureau and workstation administrators.
 */
export const patentPolicy: Policy<Actor, 'import', null> = {
  import: (a) => hasRole(a, 'bureau_admin') || hasRole(a, 'workstation_admin'),
};

export const patentAbilities = (a: Actor) => abilitiesOf(patentPolicy, a, null);
