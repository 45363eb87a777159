import { z } from 'zod';
import { hostKinds, organizationTypes } from '../../db/schema';
import type { OrganizationRow } from './organizations.repository';

export const organizationView = z.object({
  id: z.string(),
  type: z.enum(organizationTypes),
  name: z.string(),
  parentId: z.string().nullable(),
  uscc: z.string().nullable(),
  districtCode: z.string().nullable(),
  foundedOn: z.string().nullable(),
  hostKind: z.enum(hostKinds).nullable(),
  address: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const organizationAbilitiesView = z.object({
  update: z.boolean(),
  deactivate: z.boolean(),
  activate: z.boolean(),
  manageUsers: z.boolean(),
});

export const presentOrganization = (o: OrganizationRow): z.infer<typeof organizationView> => ({
  id: o.id,
  type: o.type,
  name: o.name,
  parentId: o.parentId,
  uscc: o.uscc,
  districtCode: o.districtCode,
  foundedOn: o.foundedOn,
  hostKind: o.hostKind ?? null,
  address: o.address,
  contactPhone: o.contactPhone,
  contactEmail: o.contactEmail,
  active: o.active,
  version: o.version,
  createdAt: o.createdAt.toISOString(),
  updatedAt: o.updatedAt.toISOString(),
});
