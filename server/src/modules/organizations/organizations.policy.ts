import { abilitiesOf, type Policy } from '../../policy/authorize';
import { hasRole, orgsWithRole, type Actor } from '../../policy/actor';
import type { OrganizationRow } from './organizations.repository';

/** Roles that see the whole network's directory of organizations. */
export const seesAllOrganizations = (a: Actor) =>
  hasRole(a, 'bureau_admin') || hasRole(a, 'district_officer') || hasRole(a, 'alliance_officer');

export const organizationPolicy: Policy<Actor, 'update' | 'deactivate' | 'activate' | 'manageUsers', OrganizationRow> = {
  update: (a) => hasRole(a, 'bureau_admin'),
  deactivate: (a, o) => hasRole(a, 'bureau_admin') && o.active && o.type !== 'bureau',
  activate: (a, o) => hasRole(a, 'bureau_admin') && !o.active,
  manageUsers: (a, o) =>
    hasRole(a, 'bureau_admin') || (o.type === 'workstation' && orgsWithRole(a, 'workstation_admin').includes(o.id)),
};

export const organizationAbilities = (a: Actor, o: OrganizationRow) => abilitiesOf(organizationPolicy, a, o);
export const canCreateOrganization = (a: Actor) => hasRole(a, 'bureau_admin');
