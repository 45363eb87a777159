// How a case ended (办理结果): the outcome codes a case type's close takes, as the API checks them
// (shared/src/case-outcomes.ts; outcomes.unit.test.ts keeps the two equal). Names under cases.outcome.
export const CASE_OUTCOME_CODES: Record<string, readonly string[]> = {
  consultation: ['answered', 'answered_advised_agency', 'referred_assistance', 'referred_mediation', 'referred_other', 'self_handled'],
  retrieval: ['report_delivered', 'report_delivered_invalidation', 'fto_opinion', 'navigation_report', 'no_relevant_art'],
};
