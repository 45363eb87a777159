import { z } from 'zod';
import { defineCaseWorkflow, INTAKE_NOTICES, isClient, isStaff, keepsAnswer, keepsOutcome, PROFESSIONAL_OR_STAFF, staffOrAssignee, staffOrClient, type CaseTypeDef } from '../case-type';
import { ipTypes } from './common';

type S = 'submitted' | 'needs_info' | 'accepted' | 'assigned' | 'answered' | 'closed' | 'rejected' | 'withdrawn';

export const consultationForm = z.strictObject({
  subject: z.string().trim().min(1).max(200),
  question: z.string().trim().min(1).max(5000),
  ipType: z.enum(ipTypes),
  rightNumbers: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
});

/** 法律咨询: accept or reject within 2 working days; answer within 5 working days of acceptance. */
export const consultation: CaseTypeDef<S> = {
  type: 'consultation',
  numberPrefix: 'ZX',
  serviceType: 'consultation',
  form: consultationForm as never,
  title: (f) => String(f.subject),
  countsAt: 'answered',
  closedStates: ['answered', 'closed'],
  tellsClient: { ...INTAKE_NOTICES, answered: '您的咨询已答复' },
  clocks: {
    onEnter: { submitted: { name: 'accept', amount: 2, unit: 'working_days' }, accepted: { name: 'answer', amount: 5, unit: 'working_days' }, answered: 'stop', closed: 'stop', rejected: 'stop', withdrawn: 'stop' },
    // A reopened consultation is answered again within the same limit, counted from the reopening.
    onAction: { reopen: { name: 'answer', amount: 5, unit: 'working_days' } },
    pausedIn: ['needs_info'],
  },
  workflow: defineCaseWorkflow<S>({
    name: 'consultation',
    states: ['submitted', 'needs_info', 'accepted', 'assigned', 'answered', 'closed', 'rejected', 'withdrawn'],
    initial: 'submitted',
    transitions: [
      { action: 'accept', from: ['submitted'], to: 'accepted', allowed: isStaff },
      { action: 'reject', from: ['submitted', 'needs_info'], to: 'rejected', allowed: isStaff, requiresReason: true },
      { action: 'request_info', from: ['submitted'], to: 'needs_info', allowed: isStaff, requiresReason: true },
      { action: 'provide_info', from: ['needs_info'], to: 'submitted', allowed: staffOrClient },
      { action: 'assign', from: ['accepted'], to: 'assigned', allowed: isStaff, assigns: PROFESSIONAL_OR_STAFF },
      { action: 'reassign', from: ['assigned'], to: 'assigned', allowed: isStaff, requiresReason: true, assigns: PROFESSIONAL_OR_STAFF },
      { action: 'answer', from: ['accepted', 'assigned'], to: 'answered', allowed: staffOrAssignee, ...keepsAnswer },
      { action: 'close', from: ['answered'], to: 'closed', allowed: isStaff, ...keepsOutcome('consultation') },
      { action: 'reopen', from: ['answered', 'closed'], to: 'assigned', allowed: isStaff, requiresReason: true },
      { action: 'withdraw', from: ['submitted', 'needs_info', 'accepted', 'assigned'], to: 'withdrawn', allowed: isClient },
    ],
  }),
};
