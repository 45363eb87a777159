import { z } from 'zod';
import { SHENZHEN_DISTRICTS } from '../organizations/districts';
import { CLUSTER_CODES } from '../workstations/reference';
import { PHONE_PATTERN } from '../workstations/schemas';
import { USCC_PATTERN, isValidUscc, normalizeUscc } from './uscc';

// Web-side copies of the API's rules for enterprises, invitations and imports; messages are i18n keys.

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, { error: 'validation.tooLong' }).optional().nullable());
const requiredText = (max: number, error = 'validation.tooLong') =>
  z.string({ error: 'validation.required' }).trim().min(1, { error: 'validation.required' }).max(max, { error });

export const ENTERPRISE_FLAGS = ['high_tech', 'specialized', 'above_scale'] as const;

/**
 * 统一社会信用代码: normalised (upper case, spaces and dashes removed), 18 characters of the code's
 * alphabet, and a matching check character.
 */
export const usccField = z
  .string({ error: 'validation.required' })
  .transform(normalizeUscc)
  .pipe(
    z
      .string()
      .min(1, { error: 'validation.required' })
      .regex(USCC_PATTERN, { error: 'validation.uscc' })
      .refine(isValidUscc, { error: 'validation.usccCheck' }),
  );

const clusters = z.array(z.enum(CLUSTER_CODES)).max(28).default([]);
const flags = z.array(z.enum(ENTERPRISE_FLAGS)).max(3).default([]);
const districtCode = z.preprocess(blankToUndefined, z.enum(SHENZHEN_DISTRICTS).optional().nullable());

export const addEnterpriseSchema = z.object({
  uscc: usccField,
  name: requiredText(200, 'validation.orgNameLength'),
  districtCode,
  clusters,
  flags,
  workstationId: z.string().optional().nullable(),
});
export type AddEnterpriseValues = z.input<typeof addEnterpriseSchema>;

export const contactSchema = z.object({
  name: requiredText(50),
  phone: z.preprocess(blankToUndefined, z.string().trim().regex(PHONE_PATTERN, { error: 'validation.phone' }).optional()),
  email: z.preprocess(blankToUndefined, z.email({ error: 'validation.email' }).max(254, { error: 'validation.email' }).optional()),
  /** Why this contact may be kept (PIPL Art. 13). */
  consentPurpose: requiredText(200),
});

export const editEnterpriseSchema = z.object({
  name: requiredText(200, 'validation.orgNameLength'),
  districtCode,
  address: optionalText(200),
  clusters,
  flags,
  contacts: z.array(contactSchema).max(10, { error: 'validation.tooMany' }).default([]),
});
export type EditEnterpriseValues = z.input<typeof editEnterpriseSchema>;

export const invitationSchema = z.object({
  name: optionalText(50),
  email: z.preprocess(blankToUndefined, z.email({ error: 'validation.email' }).max(254, { error: 'validation.email' }).optional().nullable()),
});
export type InvitationValues = z.input<typeof invitationSchema>;

export const IMPORT_ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
export const IMPORT_LIMIT_BYTES = 10 * 1024 * 1024;

export const importFileSchema = z.object({
  name: z.string().regex(/\.(xlsx|csv)$/i, { error: 'import.fileType' }),
  size: z.number().max(IMPORT_LIMIT_BYTES, { error: 'import.fileTooLarge' }),
});
