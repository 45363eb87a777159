import { z } from 'zod';
import { CATEGORIES } from './search.api';

// Form checks that mirror the server's limits (saved-searches.routes.ts); messages are i18n keys.

const text = (max: number) => z.string().trim().max(max, { error: 'search.validation.tooLong' });
const required = (max: number) =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, { error: 'validation.required' })
    .max(max, { error: 'search.validation.tooLong' });

export const MAX_QUERY = 500;

export const chosenSchema = z.object({
  patentId: z.string().optional(),
  trademarkId: z.string().optional(),
  category: z.enum(CATEGORIES).nullable().optional(),
  note: text(2000).optional(),
});

export const saveSearchSchema = z.object({
  name: required(200),
  purpose: text(5000).optional(),
  technicalSolution: text(20_000).optional(),
  workstationId: z.string().nullable().optional(),
  enterpriseId: z.string().nullable().optional(),
  watch: z.boolean().optional(),
  results: z.array(chosenSchema).max(200, { error: 'search.validation.tooManyResults' }).optional(),
});
export type SaveSearchValues = z.infer<typeof saveSearchSchema>;

export const reportSchema = z.object({
  name: required(200),
  purpose: text(5000).optional(),
  technicalSolution: text(20_000).optional(),
  databases: z.array(text(200).min(1)).max(20, { error: 'search.validation.tooMany' }).optional(),
  searchElements: z.array(text(500).min(1)).max(50, { error: 'search.validation.tooMany' }).optional(),
  extraQueries: z.array(text(2000).min(1)).max(30, { error: 'search.validation.tooMany' }).optional(),
  reviewer: text(100).optional(),
  conclusion: text(20_000).optional(),
});
export type ReportValues = z.infer<typeof reportSchema>;
