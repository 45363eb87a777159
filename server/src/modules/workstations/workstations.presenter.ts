import { z } from 'zod';
import { filingStates } from '../../db/schema';
import type { WorkstationRow } from './workstations.repository';

export const workstationView = z.object({
  id: z.string(),
  name: z.string(),
  hostId: z.string().nullable(),
  hostName: z.string().nullable(),
  hostUscc: z.string().nullable(),
  hostFoundedOn: z.string().nullable(),
  filingStatus: z.enum(filingStates),
  filingNumber: z.string().nullable(),
  filingDate: z.string().nullable(),
  clusterVersion: z.string(),
  clusters: z.array(z.string()),
  districts: z.array(z.string()),
  services: z.array(z.string()),
  address: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  premises: z.object({ area: z.number().optional(), facilities: z.string().optional() }),
  funding: z.object({ description: z.string().optional(), annualBudget: z.number().optional() }),
  leader: z.object({ name: z.string().optional(), title: z.string().optional(), qualifications: z.array(z.string()).optional() }),
  partnerAgencyIds: z.array(z.string()),
  allianceMember: z.boolean(),
  selfDisciplineSigned: z.boolean(),
  lastReason: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
});

export const workstationAbilitiesView = z.object({
  update: z.boolean(),
  manageStaff: z.boolean(),
  uploadDocuments: z.boolean(),
  decideChange: z.boolean(),
  actions: z.array(z.string()),
});

export const presentWorkstation = (w: WorkstationRow): z.infer<typeof workstationView> => ({
  id: w.id,
  name: w.name,
  hostId: w.hostId,
  hostName: w.hostName,
  hostUscc: w.hostUscc,
  hostFoundedOn: w.hostFoundedOn,
  filingStatus: w.filingStatus,
  filingNumber: w.filingNumber,
  filingDate: w.filingDate,
  clusterVersion: w.clusterVersion,
  clusters: w.clusters,
  districts: w.districts,
  services: w.services,
  address: w.address,
  contactPhone: w.contactPhone,
  contactEmail: w.contactEmail,
  premises: w.premises ?? {},
  funding: w.funding ?? {},
  leader: w.leader ?? {},
  partnerAgencyIds: w.partnerAgencyIds ?? [],
  allianceMember: w.allianceMember ?? false,
  selfDisciplineSigned: w.selfDisciplineSigned ?? false,
  lastReason: w.lastReason,
  version: Number(w.version),
  updatedAt: new Date(w.updatedAt).toISOString(),
});

/** The public directory's view: nothing private (no staff, documents, funding or filing history). */
export const publicWorkstationView = z.object({
  id: z.string(),
  name: z.string(),
  hostName: z.string().nullable(),
  filingNumber: z.string().nullable(),
  clusters: z.array(z.string()),
  districts: z.array(z.string()),
  services: z.array(z.string()),
  address: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
});

export const presentPublicWorkstation = (w: WorkstationRow): z.infer<typeof publicWorkstationView> => ({
  id: w.id,
  name: w.name,
  hostName: w.hostName,
  filingNumber: w.filingNumber,
  clusters: w.clusters,
  districts: w.districts,
  services: w.services,
  address: w.address,
  contactPhone: w.contactPhone,
  contactEmail: w.contactEmail,
});
