import { z } from 'zod';
import { CASE_TYPES, CHANNELS, IP_TYPES, LINK_KINDS, QUICK_CHANNELS, RETRIEVAL_PURPOSES } from './cases.api';

// The intake forms mirror the API's case-type forms (server/src/modules/cases/types/*), with the
// web's messages (i18n keys).

const required = { error: 'validation.required' };
const text = (max: number, tooLong: string) => z.string(required).trim().min(1, required).max(max, { error: tooLong });
/** Empty inputs count as "not given". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional().nullable());

const subject = text(200, 'cases.validation.subjectLength');
const rightNumbers = z
  .array(z.string().trim().min(1).max(40, { error: 'cases.validation.rightNumberLength' }), required)
  .max(20, { error: 'cases.validation.rightNumbersCount' })
  .optional();

export const consultationFormSchema = z.object({
  subject,
  question: text(5000, 'cases.validation.questionLength'),
  ipType: z.enum(IP_TYPES, required),
  rightNumbers,
});

/** Each purpose asks for what its search needs. */
export const PURPOSE_FIELD: Partial<Record<(typeof RETRIEVAL_PURPOSES)[number], 'targetPatentNumber' | 'competitorName' | 'markName'>> = {
  invalidation: 'targetPatentNumber',
  competitor: 'competitorName',
  trademark: 'markName',
};

export const retrievalFormSchema = z
  .object({
    subject,
    purpose: z.enum(RETRIEVAL_PURPOSES, required),
    technicalSolution: text(10_000, 'cases.validation.solutionLength'),
    dateWanted: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, required)),
    targetPatentNumber: optional(z.string().trim().max(40, { error: 'cases.validation.rightNumberLength' })),
    competitorName: optional(z.string().trim().max(200, { error: 'cases.validation.nameLength' })),
    markName: optional(z.string().trim().max(100, { error: 'cases.validation.markLength' })),
  })
  .superRefine((form, ctx) => {
    const field = PURPOSE_FIELD[form.purpose];
    if (field && !form[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'validation.required' });
  });

export const submitRequestSchema = z.object({
  type: z.enum(CASE_TYPES, required),
  workstationId: z.string(required).min(1, required),
});

/** Staff entering a request on an enterprise's behalf: which workstation, which member enterprise, how it came in. */
export const staffRequestSchema = z.object({
  type: z.enum(CASE_TYPES, required),
  workstationId: z.string(required).min(1, required),
  enterpriseId: z.string(required).min(1, required),
  branchId: z.string().nullish(),
  channel: z.enum(CHANNELS, required),
});

export const quickConsultationSchema = consultationFormSchema.extend({
  workstationId: z.string(required).min(1, required),
  enterpriseId: z.string(required).min(1, required),
  branchId: z.string().nullish(),
  channel: z.enum(QUICK_CHANNELS, required),
  answer: text(10_000, 'cases.validation.answerLength'),
});

export const reasonSchema = z.object({ reason: text(2000, 'cases.validation.reasonLength') });
export const answerSchema = z.object({ answer: text(20_000, 'cases.validation.answerLength') });
export const closeSchema = z.object({ outcome: z.string({ error: 'cases.validation.outcomeRequired' }).min(1, { error: 'cases.validation.outcomeRequired' }) });
export const assignSchema = z.object({
  assigneeId: z.string(required).min(1, required),
  reason: optional(z.string().trim().max(2000, { error: 'cases.validation.reasonLength' })),
  overrideReason: optional(z.string().trim().max(1000, { error: 'cases.validation.reasonLength' })),
});

// 统一社会信用代码: 18 characters from digits and capital letters without I, O, S, V, Z.
const uscc = z
  .string(required)
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { error: 'validation.uscc' }));

export const partySchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('enterprise'), side: z.enum(['client', 'adverse'], required), enterpriseId: z.string(required).min(1, required) }),
  z.object({
    by: z.literal('uscc'),
    side: z.enum(['client', 'adverse'], required),
    uscc,
    name: text(200, 'cases.validation.nameLength'),
  }),
]);

/** Linking another case: what it is to this one, and its number (ZX-2026-000001). */
export const linkSchema = z.object({
  kind: z.enum(LINK_KINDS, required),
  caseNo: z
    .string(required)
    .trim()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().min(1, required).regex(/^[A-Z]{1,6}-\d{4}-\d{1,8}$/, { error: 'cases.validation.caseNo' })),
});

export const messageSchema = z.object({ body: text(10_000, 'cases.validation.messageLength') });

export const ratingSchema = z.object({
  score: z.number(required).int().min(1, required).max(5, required),
  comment: optional(z.string().trim().max(1000, { error: 'cases.validation.commentLength' })),
});
