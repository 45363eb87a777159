import { hasRole, orgsWithRole, type Actor } from '../../policy/actor';
import { abilitiesOf, type Policy } from '../../policy/authorize';

export interface EnterpriseRecord {
  id: string;
  memberOf: string[];
}

const staffWorkstations = (a: Actor) => orgsWithRole(a, 'workstation_admin', 'workstation_staff');

export const enterprisePolicy: Policy<Actor, 'update', EnterpriseRecord> = {
  update: (a, e) =>
    hasRole(a, 'bureau_admin') ||
    staffWorkstations(a).some((w) => e.memberOf.includes(w)) ||
    orgsWithRole(a, 'enterprise_user').includes(e.id),
};

export const enterpriseAbilities = (a: Actor, e: EnterpriseRecord) => abilitiesOf(enterprisePolicy, a, e);

/**
 * Which enterprises a caller sees: the bureau and the alliance all of them; a district officer those
 * of their district; workstation staff their members; an enterprise user their own; others none.
 */
export type EnterpriseScope =
  | { all: true }
  | { memberOf: string[] }
  | { ids: string[] }
  | { districtOrgIds: string[] }
  | { none: true };

export function enterpriseScope(a: Actor): EnterpriseScope {
  if (hasRole(a, 'bureau_admin') || hasRole(a, 'alliance_officer')) return { all: true };
  if (hasRole(a, 'district_officer')) return { districtOrgIds: orgsWithRole(a, 'district_officer') };
  if (staffWorkstations(a).length) return { memberOf: staffWorkstations(a) };
  if (hasRole(a, 'enterprise_user')) return { ids: orgsWithRole(a, 'enterprise_user') };
  return { none: true };
}

export { staffWorkstations };
