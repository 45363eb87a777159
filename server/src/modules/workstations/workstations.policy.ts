import { hasRole, orgsWithRole, type Actor } from '../../policy/actor';
import { abilitiesOf, type Policy } from '../../policy/authorize';
import { availableActions } from '../../workflow/engine';
import { filingWorkflow, isHostAdmin } from './workstations.workflow';
import type { WorkstationRow } from './workstations.repository';

const EDITABLE = ['draft', 'needs_correction'];
const CLOSED = ['revoked', 'withdrawn'];

/** Bureau, district officers and the alliance read every workstation's filing; staff their own. */
export const seesAllWorkstations = (a: Actor) =>
  hasRole(a, 'bureau_admin') || hasRole(a, 'district_officer') || hasRole(a, 'alliance_officer');

export const isOwnWorkstation = (a: Actor, w: Pick<WorkstationRow, 'id' | 'hostId'>) =>
  orgsWithRole(a, 'workstation_admin', 'workstation_staff').includes(w.id) || isHostAdmin(a, { workstationId: w.id, hostId: w.hostId });

const rec = (w: WorkstationRow) => ({ workstationId: w.id, hostId: w.hostId });

export const workstationPolicy: Policy<Actor, 'update' | 'manageStaff' | 'uploadDocuments' | 'decideChange', WorkstationRow> = {
  /** Drafts and corrections are edited directly; an active workstation's host files a change instead. */
  update: (a, w) =>
    (hasRole(a, 'bureau_admin') && !CLOSED.includes(w.filingStatus)) ||
    (isHostAdmin(a, rec(w)) && (EDITABLE.includes(w.filingStatus) || w.filingStatus === 'active')),
  manageStaff: (a, w) => (hasRole(a, 'bureau_admin') || isHostAdmin(a, rec(w))) && !CLOSED.includes(w.filingStatus),
  uploadDocuments: (a, w) => hasRole(a, 'bureau_admin') || (isHostAdmin(a, rec(w)) && !CLOSED.includes(w.filingStatus)),
  decideChange: (a) => hasRole(a, 'bureau_admin'),
};

export function workstationAbilities(a: Actor, w: WorkstationRow) {
  return {
    ...abilitiesOf(workstationPolicy, a, w),
    actions: availableActions(filingWorkflow, w.filingStatus, a, { ...rec(w), hostFoundedOn: w.hostFoundedOn, missing: [] }),
  };
}

/** May the actor open a new draft under this host association? */
export const mayCreateUnder = (a: Actor, hostId: string) => hasRole(a, 'bureau_admin') || orgsWithRole(a, 'workstation_admin').includes(hostId);
