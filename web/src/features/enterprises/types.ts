// Shapes of the enterprise registry API (GET/POST /api/enterprises…, invitations, imports).

export interface Contact {
  name: string;
  phone?: string;
  email?: string;
  consent: { at: string; purpose: string };
}

export interface Enterprise {
  id: string;
  uscc: string;
  name: string;
  districtCode: string | null;
  address: string | null;
  clusterVersion: string;
  clusters: string[];
  flags: string[];
  contacts: Contact[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EnterpriseAbilities {
  update: boolean;
}

export type EnterpriseRow = Enterprise & { abilities: EnterpriseAbilities };

export interface EnterpriseMembership {
  workstationId: string;
  workstationName: string;
  joinedOn: string;
  source: string;
}

export interface EnterpriseSingle {
  data: Enterprise & { memberships: EnterpriseMembership[] };
  abilities: EnterpriseAbilities;
}

export interface EnterprisePage {
  items: EnterpriseRow[];
  total: number;
  totalIsEstimate?: boolean;
  page: number;
  pageSize: number;
}

export const INVITATION_STATUSES = ['pending', 'registered', 'approved', 'rejected', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface Invitation {
  id: string;
  enterpriseId: string;
  workstationId: string;
  email: string | null;
  name: string | null;
  status: InvitationStatus;
  username: string | null;
  displayName: string | null;
  createdAt: string;
  expiresAt: string;
  reason: string | null;
}

export interface ImportCounts {
  total: number;
  valid: number;
  invalid: number;
  new: number;
  joined: number;
  unchanged: number;
}

export interface ImportReportLine {
  row: number;
  column: string;
  value: string;
  reason: string;
}

export type ImportMode = 'dry_run' | 'all' | 'valid_only';

export interface ImportResult {
  mode: ImportMode;
  outcome: 'dry_run' | 'imported' | 'refused';
  counts: ImportCounts;
  report: ImportReportLine[];
  reportLines: number;
  reportTruncated: boolean;
  sha256: string;
  /** Set on the result of a background job: the full report as .xlsx. */
  reportUrl?: string;
}

export type { Job } from '../../api/types';
