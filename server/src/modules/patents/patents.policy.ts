import type { RoleName } from '../../db/schema';
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

/**
 * Who a watch is for besides its owner: the staff of the workstation it is kept for, the users of
 * the enterprise it is kept for. They are alerted, and may read its alerts; the saved search itself
 * stays its owner's.
 */
export const WATCH_AUDIENCE_ROLES = {
  workstation: ['workstation_admin', 'workstation_staff'],
  enterprise: ['enterprise_user'],
} as const satisfies Record<string, readonly RoleName[]>;

export function readsWatchAlerts(a: Actor, w: { ownerId: string; watch: boolean; workstationId: string | null; enterpriseId: string | null }): boolean {
  if (w.ownerId === a.userId) return true;
  if (!w.watch) return false;
  const holds = (orgId: string | null, roles: readonly RoleName[]) => !!orgId && a.roles.some((r) => r.organizationId === orgId && roles.includes(r.role));
  return holds(w.workstationId, WATCH_AUDIENCE_ROLES.workstation) || holds(w.enterpriseId, WATCH_AUDIENCE_ROLES.enterprise);
}
