// Codes of the registry's reference data as the web labels them (the words live in the registry
// i18n files): the "20+8" clusters of the current list, the services a workstation offers, the filing
// states and steps, and the kinds of supporting documents.

/** The "20+8" clusters, version 2024 (the 2022 list and C21): 21 industrial clusters (C) and 8 future industries (F). */
export const CLUSTER_CODES = [
  'C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10',
  'C11', 'C12', 'C13', 'C14', 'C15', 'C16', 'C17', 'C18', 'C19', 'C20', 'C21',
  'F01', 'F02', 'F03', 'F04', 'F05', 'F06', 'F07', 'F08',
] as const;
export type ClusterCode = (typeof CLUSTER_CODES)[number];

/** The five services plus training, overseas and trade fairs. */
export const SERVICE_KINDS = ['retrieval', 'consultation', 'assistance', 'mediation', 'mgmt_standard', 'training', 'overseas', 'trade_fair'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const FILING_STATES = [
  'draft',
  'submitted',
  'formal_check',
  'needs_correction',
  'under_review',
  'active',
  'suspended',
  'revoked',
  'withdrawn',
] as const;
export type FilingState = (typeof FILING_STATES)[number];

export const FILING_ACTIONS = [
  'submit',
  'begin_check',
  'request_correction',
  'pass_check',
  'approve',
  'register_by_bureau',
  'suspend',
  'reinstate',
  'revoke',
  'withdraw',
] as const;
export type FilingAction = (typeof FILING_ACTIONS)[number];

/** Steps the bureau or host must explain; the reason is shown to the other side. */
export const REASON_REQUIRED: readonly string[] = ['request_correction', 'register_by_bureau', 'suspend', 'reinstate', 'revoke', 'withdraw'];
/** Steps shown as danger buttons. */
export const DANGEROUS_ACTIONS: readonly string[] = ['request_correction', 'suspend', 'revoke', 'withdraw'];

export const DOCUMENT_KINDS = ['registration_certificate', 'premises_proof', 'funding_proof', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * Qualifications offered in the staff form, stored as their official Chinese titles (what the
 * records hold) and labelled in the reader's language; others can be typed in.
 */
export const QUALIFICATIONS: { key: string; value: string }[] = [
  { key: 'patent_attorney', value: '专利代理师' },
  { key: 'lawyer', value: '律师' },
  { key: 'ip_professional', value: '知识产权师' },
  { key: 'trademark_attorney', value: '商标代理人' },
  { key: 'technology_manager', value: '技术经理人' },
];

// Preset colours that keep 4.5:1 text contrast with the theme's status colours.
export const FILING_STATE_COLORS: Record<FilingState, string> = {
  draft: 'default',
  submitted: 'processing',
  formal_check: 'processing',
  needs_correction: 'warning',
  under_review: 'purple',
  active: 'success',
  suspended: 'warning',
  revoked: 'error',
  withdrawn: 'default',
};
