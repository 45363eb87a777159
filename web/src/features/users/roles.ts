import { ROLES, type OrganizationType, type Role, type User } from '../../api/types';
import { hasRole } from '../../auth/session';

/** The organization type a role is held in, used to narrow the organization picker. */
export const ROLE_ORGANIZATION_TYPES: Partial<Record<Role, OrganizationType[]>> = {
  bureau_admin: ['bureau'],
  district_officer: ['district_bureau'],
  alliance_officer: ['alliance'],
  workstation_admin: ['workstation'],
  workstation_staff: ['workstation'],
  enterprise_user: ['enterprise'],
  agency_user: ['agency'],
};

/** Roles the signed-in user may hand out; the server has the final word. */
export function assignableRoles(actor: User): readonly Role[] {
  if (hasRole(actor, 'bureau_admin')) return ROLES;
  if (hasRole(actor, 'workstation_admin')) return ['workstation_staff', 'workstation_admin'];
  return [];
}
