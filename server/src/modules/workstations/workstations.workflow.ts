import type { FilingState } from '../../db/schema';
import { defineWorkflow, type Refusal } from '../../workflow/engine';
import { hasRole, orgsWithRole, type Actor } from '../../policy/actor';

/** What the filing rules look at. */
export interface FilingRecord {
  workstationId: string;
  hostId: string | null;
  hostFoundedOn: string | null;
  missing: string[];
}

const bureau = (a: Actor) => hasRole(a, 'bureau_admin');
/** The host body's 负责人: a workstation_admin of the host association or of the workstation itself. */
export const isHostAdmin = (a: Actor, r: { workstationId: string; hostId: string | null }) => {
  const mine = orgsWithRole(a, 'workstation_admin');
  return mine.includes(r.workstationId) || (!!r.hostId && mine.includes(r.hostId));
};

/** 深市监规〔2024〕4号 Art. 6(1): the founding body has existed for at least one year. */
export function hostOldEnough(foundedOn: string | null, today: string): boolean {
  if (!foundedOn) return false;
  const [y, m, d] = foundedOn.split('-').map(Number);
  const anniversary = `${String(y + 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(m === 2 && d === 29 ? 28 : d).padStart(2, '0')}`;
  return anniversary <= today;
}

/**
 * The filing (备案) lifecycle of a workstation (domain brief 5.1), as data for the one engine.
 * The bureau decides each step with a reason the host sees.
 */
export const filingWorkflow = defineWorkflow<FilingState, Actor, FilingRecord>({
  name: 'workstation_filing',
  states: ['draft', 'submitted', 'formal_check', 'needs_correction', 'under_review', 'active', 'suspended', 'revoked', 'withdrawn'],
  initial: 'draft',
  transitions: [
    {
      action: 'submit',
      from: ['draft', 'needs_correction'],
      to: 'submitted',
      allowed: isHostAdmin,
      guard: (r, input): Refusal | null => {
        if (r.missing.length) return { messageKey: 'FILING_INCOMPLETE', params: { fields: r.missing.join(', ') } };
        if (!hostOldEnough(r.hostFoundedOn, String(input.today))) {
          return { messageKey: 'HOST_TOO_YOUNG', params: { foundedOn: r.hostFoundedOn ?? '-' } };
        }
        return null;
      },
    },
    { action: 'begin_check', from: ['submitted'], to: 'formal_check', allowed: bureau },
    { action: 'request_correction', from: ['submitted', 'formal_check', 'under_review'], to: 'needs_correction', allowed: bureau, requiresReason: true },
    { action: 'pass_check', from: ['formal_check'], to: 'under_review', allowed: bureau },
    { action: 'approve', from: ['under_review'], to: 'active', allowed: bureau },
    // Workstations the bureau registered directly before filing was online.
    { action: 'register_by_bureau', from: ['draft'], to: 'active', allowed: bureau, requiresReason: true },
    { action: 'suspend', from: ['active'], to: 'suspended', allowed: bureau, requiresReason: true },
    { action: 'reinstate', from: ['suspended'], to: 'active', allowed: bureau, requiresReason: true },
    { action: 'revoke', from: ['active', 'suspended'], to: 'revoked', allowed: bureau, requiresReason: true },
    {
      action: 'withdraw',
      from: ['draft', 'submitted', 'formal_check', 'needs_correction', 'under_review', 'active'],
      to: 'withdrawn',
      allowed: isHostAdmin,
      requiresReason: true,
    },
  ],
});

export const FILING_ACTIONS = [...new Set(filingWorkflow.transitions.map((t) => t.action))] as [string, ...string[]];
