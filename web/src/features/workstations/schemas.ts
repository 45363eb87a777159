import { z } from 'zod';
import { CLUSTER_CODES, DOCUMENT_KINDS, SERVICE_KINDS } from './reference';
import { SHENZHEN_DISTRICTS } from '../organizations/districts';

// Web-side copies of the API's limits for the workstation registry; messages are i18n keys.

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = (max: number, error = 'validation.tooLong') =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, { error }).optional().nullable());
const requiredText = (max: number, error = 'validation.tooLong') =>
  z.string({ error: 'validation.required' }).trim().min(1, { error: 'validation.required' }).max(max, { error });
const optionalNumber = (max: number) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), z.number({ error: 'validation.number' }).min(0, { error: 'validation.nonNegative' }).max(max, { error: 'validation.tooLarge' }).optional());

export const PHONE_PATTERN = /^[0-9+\-() ]{5,30}$/;

export const newFilingSchema = z.object({
  hostId: z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }),
  name: requiredText(200, 'validation.orgNameLength'),
});
export type NewFilingValues = z.input<typeof newFilingSchema>;

/** The filing form, flat; workstation-form.tsx maps it to the API's nested shape. */
export const filingSchema = z.object({
  name: requiredText(200, 'validation.orgNameLength'),
  clusters: z.array(z.enum(CLUSTER_CODES)).max(28).default([]),
  districts: z.array(z.enum(SHENZHEN_DISTRICTS)).max(11).default([]),
  services: z.array(z.enum(SERVICE_KINDS)).max(8).default([]),
  address: optionalText(200),
  contactPhone: z.preprocess(blankToUndefined, z.string().trim().regex(PHONE_PATTERN, { error: 'validation.phone' }).optional().nullable()),
  contactEmail: z.preprocess(blankToUndefined, z.email({ error: 'validation.email' }).max(254, { error: 'validation.email' }).optional().nullable()),
  premisesArea: optionalNumber(1_000_000),
  premisesFacilities: optionalText(500),
  fundingDescription: optionalText(500),
  annualBudget: optionalNumber(1e10),
  leaderName: optionalText(50),
  leaderTitle: optionalText(50),
  leaderQualifications: z.array(z.string().trim().min(1).max(50, { error: 'validation.tooLong' })).max(10).default([]),
  allianceMember: z.boolean().default(false),
  selfDisciplineSigned: z.boolean().default(false),
  partnerAgencyIds: z.array(z.string()).max(50, { error: 'validation.tooMany' }).default([]),
});
export type FilingValues = z.input<typeof filingSchema>;

export const reasonSchema = (required: boolean) =>
  z.object({
    reason: required
      ? requiredText(1000)
      : z.preprocess(blankToUndefined, z.string().trim().max(1000, { error: 'validation.tooLong' }).optional().nullable()),
  });

export const documentSchema = z.object({ kind: z.enum(DOCUMENT_KINDS, { error: 'validation.required' }) });

export const trainingSchema = z.object({
  date: z.string({ error: 'validation.required' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.required' }),
  topic: requiredText(200),
  hours: z.number({ error: 'validation.number' }).min(0, { error: 'validation.nonNegative' }).max(1000, { error: 'validation.tooLarge' }),
});

export const staffSchema = z.object({
  name: requiredText(50),
  title: optionalText(50),
  fullTime: z.boolean().default(true),
  qualifications: z.array(z.string().trim().min(1).max(50, { error: 'validation.tooLong' })).max(10, { error: 'validation.tooMany' }).default([]),
  active: z.boolean().default(true),
  userId: z.string().nullable().optional(),
});

export const branchSchema = z.object({
  name: requiredText(200, 'validation.orgNameLength'),
  hostUnit: optionalText(200),
  address: optionalText(200),
});

export const changeDecisionSchema = reasonSchema(true);
