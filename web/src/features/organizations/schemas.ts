import { z } from 'zod';
import { HOST_KINDS, ORGANIZATION_TYPES, type OrganizationType } from '../../api/types';

/** Which type of organization may sit above each type; a workstation needs its host association. */
export const PARENT_TYPE: Partial<Record<OrganizationType, OrganizationType>> = {
  workstation: 'host_association',
  district_bureau: 'bureau',
};
const PARENT_REQUIRED: OrganizationType[] = ['workstation'];

const optionalText = (schema: z.ZodString) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional().nullable());

export const organizationSchema = z.object({
  type: z.enum(ORGANIZATION_TYPES, { error: 'validation.required' }),
  name: z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, { error: 'validation.required' })
    .max(200, { error: 'validation.orgNameLength' }),
  parentId: z.string().optional().nullable(),
  // 统一社会信用代码: 18 characters from digits and capital letters without I, O, S, V, Z.
  uscc: optionalText(z.string().trim().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { error: 'validation.uscc' })),
  districtCode: z.string().optional().nullable(),
  // The founding date decides whether a host may file a workstation (at least one year old).
  foundedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().nullable(),
  // A host body says what kind of body it is (设立主体类型); required for hosts, absent otherwise.
  hostKind: z.enum(HOST_KINDS).optional().nullable(),
  address: optionalText(z.string().trim().max(200, { error: 'validation.addressLength' })),
  contactPhone: optionalText(z.string().trim().regex(/^[0-9+\-() ]{5,30}$/, { error: 'validation.phone' })),
  contactEmail: optionalText(z.string().trim().email({ error: 'validation.email' }).max(254, { error: 'validation.email' })),
}).refine((values) => !PARENT_REQUIRED.includes(values.type) || !!values.parentId, {
  error: 'validation.parentRequired',
  path: ['parentId'],
});

export type OrganizationFormValues = z.input<typeof organizationSchema>;
