import type { Membership, User } from '../../api/types';

/** The workstations where the user works as staff or admin (they see all of those cases). */
export function staffWorkstations(user: User): Membership[] {
  const seen = new Set<string>();
  return user.roles.filter((membership) => {
    if (membership.role !== 'workstation_staff' && membership.role !== 'workstation_admin') return false;
    if (seen.has(membership.organizationId)) return false;
    seen.add(membership.organizationId);
    return true;
  });
}

/** The enterprises the user acts for in the portal. */
export function userEnterprises(user: User): Membership[] {
  return user.roles.filter((membership) => membership.role === 'enterprise_user');
}

export function isWorkstationStaff(user: User): boolean {
  return staffWorkstations(user).length > 0;
}
