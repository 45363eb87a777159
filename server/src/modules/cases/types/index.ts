import type { CaseTypeDef } from '../case-type';
import { consultation } from './consultation';
import { retrieval } from './retrieval';

/** The registry of case types. A new type (assistance, mediation, …) is one more entry. */
export const CASE_TYPES: Record<string, CaseTypeDef> = {
  consultation: consultation as unknown as CaseTypeDef,
  retrieval: retrieval as unknown as CaseTypeDef,
};
export const CASE_TYPE_NAMES = Object.keys(CASE_TYPES) as [string, ...string[]];
