// Shapes of the workstation registry API (GET/POST /api/workstations…) as the web uses them.
import type { FilingState } from './reference';

export interface WorkstationAbilities {
  update: boolean;
  manageStaff: boolean;
  uploadDocuments: boolean;
  decideChange: boolean;
  /** Filing steps the caller may take now (submit, begin_check, …). */
  actions: string[];
}

export interface Premises {
  area?: number;
  facilities?: string;
}
export interface Funding {
  description?: string;
  annualBudget?: number;
}
export interface Leader {
  name?: string;
  title?: string;
  qualifications?: string[];
}

export interface Workstation {
  id: string;
  name: string;
  hostId: string | null;
  hostName: string | null;
  hostUscc: string | null;
  hostFoundedOn: string | null;
  filingStatus: FilingState;
  filingNumber: string | null;
  filingDate: string | null;
  clusterVersion: string;
  clusters: string[];
  districts: string[];
  services: string[];
  address: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  premises: Premises;
  funding: Funding;
  leader: Leader;
  partnerAgencyIds: string[];
  allianceMember: boolean;
  selfDisciplineSigned: boolean;
  lastReason: string | null;
  version: number;
  updatedAt: string;
}

export type WorkstationRow = Workstation & { abilities: WorkstationAbilities };

export interface WorkstationDocument {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export interface TrainingRecord {
  date: string;
  topic: string;
  hours: number;
}

export interface StaffMember {
  id: string;
  name: string;
  title: string | null;
  fullTime: boolean;
  qualifications: string[];
  training: TrainingRecord[];
  userId: string | null;
  active: boolean;
  version: number;
}

export interface Branch {
  id: string;
  name: string;
  hostUnit: string | null;
  address: string | null;
  version: number;
}

export interface HistoryEntry {
  id: number;
  action: string;
  from: string | null;
  to: string;
  actorId: string | null;
  reason: string | null;
  at: string;
}

export interface PendingChange {
  id: string;
  changes: Record<string, unknown>;
  createdAt: string;
}

export interface WorkstationDetail extends Workstation {
  /** Filing fields still to fill before it can be submitted (e.g. "leader.name", "documents.registration_certificate"). */
  missing: string[];
  documents: WorkstationDocument[];
  staff: StaffMember[];
  branches: Branch[];
  /** Partner agencies that are still active, with names, in the filing's order. */
  partnerAgencies: { id: string; name: string }[];
  pendingChange: PendingChange | null;
  history: HistoryEntry[];
}

export interface WorkstationSingle {
  data: WorkstationDetail;
  abilities: WorkstationAbilities;
}

/** The public directory's view: nothing private. */
export interface PublicWorkstation {
  id: string;
  name: string;
  hostName: string | null;
  filingNumber: string | null;
  clusters: string[];
  districts: string[];
  services: string[];
  address: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
}

/** The editable filing fields (PATCH /api/workstations/:id). */
export interface WorkstationProfileInput {
  name?: string;
  address?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  clusters?: string[];
  districts?: string[];
  services?: string[];
  premises?: Premises;
  funding?: Funding;
  leader?: Leader;
  allianceMember?: boolean;
  selfDisciplineSigned?: boolean;
  partnerAgencyIds?: string[];
}
