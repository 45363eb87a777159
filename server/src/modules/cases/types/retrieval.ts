import { z } from 'zod';
import { defineCaseWorkflow, INTAKE_NOTICES, isClient, isStaff, keepsOutcome, PROFESSIONAL_OR_STAFF, secondPerson, staffOrAssignee, staffOrClient, type CaseTypeDef } from '../case-type';

type S = 'submitted' | 'needs_info' | 'accepted' | 'assigned' | 'searching' | 'report_drafted' | 'reviewed' | 'delivered' | 'closed' | 'rejected' | 'withdrawn';

export const retrievalPurposes = ['novelty', 'fto', 'invalidation', 'navigation', 'competitor', 'trademark'] as const;

/** The conditional questions: each purpose asks for what its search needs. */
export const retrievalForm = z
  .strictObject({
    subject: z.string().trim().min(1).max(200),
    purpose: z.enum(retrievalPurposes),
    technicalSolution: z.string().trim().min(1).max(10_000),
    dateWanted: z.iso.date().nullable().optional(),
    targetPatentNumber: z.string().trim().max(40).nullable().optional(),
    competitorName: z.string().trim().max(200).nullable().optional(),
    markName: z.string().trim().max(100).nullable().optional(),
  })
  .superRefine((f, ctx) => {
    const need = { invalidation: 'targetPatentNumber', competitor: 'competitorName', trademark: 'markName' } as const;
    const field = need[f.purpose as keyof typeof need];
    if (field && !f[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'validation.required' });
  });

/** 信息检索: accept within 2 working days; deliver within 10 working days or by the date asked, whichever is later. */
export const retrieval: CaseTypeDef<S> = {
  type: 'retrieval',
  numberPrefix: 'JS',
  serviceType: 'retrieval',
  form: retrievalForm as never,
  title: (f) => String(f.subject),
  countsAt: 'delivered',
  closedStates: ['delivered', 'closed'],
  tellsClient: { ...INTAKE_NOTICES, delivered: '检索报告已交付' },
  clocks: {
    onEnter: {
      submitted: { name: 'accept', amount: 2, unit: 'working_days' },
      accepted: { name: 'deliver', amount: 10, unit: 'working_days', notBefore: (f) => (f.dateWanted as string | null) ?? null },
      delivered: 'stop',
      closed: 'stop',
      rejected: 'stop',
      withdrawn: 'stop',
    },
    // A reopened retrieval is delivered again within the same limit, counted from the reopening.
    onAction: { reopen: { name: 'deliver', amount: 10, unit: 'working_days' } },
    pausedIn: ['needs_info'],
  },
  workflow: defineCaseWorkflow<S>({
    name: 'retrieval',
    states: ['submitted', 'needs_info', 'accepted', 'assigned', 'searching', 'report_drafted', 'reviewed', 'delivered', 'closed', 'rejected', 'withdrawn'],
    initial: 'submitted',
    transitions: [
      { action: 'accept', from: ['submitted'], to: 'accepted', allowed: isStaff },
      { action: 'reject', from: ['submitted', 'needs_info'], to: 'rejected', allowed: isStaff, requiresReason: true },
      { action: 'request_info', from: ['submitted'], to: 'needs_info', allowed: isStaff, requiresReason: true },
      { action: 'provide_info', from: ['needs_info'], to: 'submitted', allowed: staffOrClient },
      { action: 'assign', from: ['accepted'], to: 'assigned', allowed: isStaff, assigns: PROFESSIONAL_OR_STAFF },
      { action: 'reassign', from: ['assigned'], to: 'assigned', allowed: isStaff, requiresReason: true, assigns: PROFESSIONAL_OR_STAFF },
      { action: 'reassign', from: ['searching'], to: 'searching', allowed: isStaff, requiresReason: true, assigns: PROFESSIONAL_OR_STAFF },
      { action: 'start', from: ['assigned'], to: 'searching', allowed: staffOrAssignee },
      { action: 'draft_report', from: ['searching'], to: 'report_drafted', allowed: staffOrAssignee },
      { action: 'approve_report', from: ['report_drafted'], to: 'reviewed', allowed: secondPerson },
      { action: 'return_report', from: ['report_drafted'], to: 'searching', allowed: secondPerson, requiresReason: true },
      { action: 'deliver', from: ['reviewed'], to: 'delivered', allowed: isStaff },
      { action: 'close', from: ['delivered'], to: 'closed', allowed: isStaff, ...keepsOutcome('retrieval') },
      { action: 'reopen', from: ['delivered', 'closed'], to: 'searching', allowed: isStaff, requiresReason: true },
      { action: 'withdraw', from: ['submitted', 'needs_info', 'accepted', 'assigned', 'searching', 'report_drafted', 'reviewed'], to: 'withdrawn', allowed: isClient },
    ],
  }),
};
