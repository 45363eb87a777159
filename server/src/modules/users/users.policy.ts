import { abilitiesOf, type Policy } from '../../policy/authorize';
import { hasRole, type Actor } from '../../policy/actor';
import type { RoleName } from '../../db/schema';
import type { RoleRow, UserRow } from './users.repository';

export type UserRecord = UserRow & { roles: RoleRow[] };

/** Roles a workstation admin may hand out, and only in their own workstation. */
export const WORKSTATION_GRANTABLE: RoleName[] = ['workstation_staff', 'workstation_admin'];

/**
 * The workstations the actor administers. Only workstations count: a workstation_admin role held in
 * another kind of organization (a host association's 负责人) gives no say over accounts.
 */
export const administeredWorkstations = (a: Actor) =>
  [...new Set(a.roles.filter((r) => r.role === 'workstation_admin' && r.organizationType === 'workstation').map((r) => r.organizationId))];

/** Is this role one of the staff roles of a workstation the actor administers? */
const isStaffRoleIn = (workstations: string[], r: { role: RoleName; organizationId: string }) =>
  workstations.includes(r.organizationId) && WORKSTATION_GRANTABLE.includes(r.role);

/** A workstation admin manages a user whose every role is a staff role in the admin's own workstations. */
function isOwnStaff(a: Actor, u: UserRecord) {
  const mine = administeredWorkstations(a);
  return mine.length > 0 && u.roles.length > 0 && u.roles.every((r) => isStaffRoleIn(mine, r));
}

const manages = (a: Actor, u: UserRecord) => hasRole(a, 'bureau_admin') || isOwnStaff(a, u);

export const userPolicy: Policy<Actor, 'update' | 'deactivate' | 'activate' | 'resetPassword' | 'manageRoles', UserRecord> = {
  update: (a, u) => manages(a, u) || a.userId === u.id,
  deactivate: (a, u) => manages(a, u) && u.active && a.userId !== u.id,
  activate: (a, u) => manages(a, u) && !u.active,
  resetPassword: (a, u) => manages(a, u) && a.userId !== u.id,
  manageRoles: (a, u) => manages(a, u),
};

export const userAbilitiesFor = (a: Actor, u: UserRecord) => abilitiesOf(userPolicy, a, u);

/** May the actor make accounts at all? The bureau, and the admins of a workstation. */
export const mayCreateUsers = (a: Actor) => hasRole(a, 'bureau_admin') || administeredWorkstations(a).length > 0;

/** May the actor give `role` in `organizationId`? */
export function mayGrant(a: Actor, role: RoleName, organizationId: string) {
  if (hasRole(a, 'bureau_admin')) return true;
  return isStaffRoleIn(administeredWorkstations(a), { role, organizationId });
}

/**
 * Scope of the user list and of single reads: undefined = everyone; otherwise the workstations whose
 * staff (workstation_staff / workstation_admin there) the actor sees.
 */
export function userScopeOrgIds(a: Actor): string[] | undefined {
  if (hasRole(a, 'bureau_admin')) return undefined;
  // A workstation's staff see their colleagues (to hand a case to one, say); managing them stays
  // with the workstation's admin (userPolicy).
  const staffOf = a.roles.filter((r) => r.role === 'workstation_staff' && r.organizationType === 'workstation').map((r) => r.organizationId);
  return [...new Set([...administeredWorkstations(a), ...staffOf])];
}

/** Is `u` inside the scope from `userScopeOrgIds`? */
export const inUserScope = (scope: string[] | undefined, u: UserRecord) => !scope || u.roles.some((r) => isStaffRoleIn(scope, r));

/** The organization an event about `u` is filed under, so that workstation's admin finds it in the audit log. */
export function auditOrganizationOf(a: Actor, u: UserRecord): string | null {
  const scope = userScopeOrgIds(a);
  const staffRole = u.roles.find((r) => (scope?.length ? isStaffRoleIn(scope, r) : r.organizationType === 'workstation'));
  return (staffRole ?? u.roles[0])?.organizationId ?? null;
}
