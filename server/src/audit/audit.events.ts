import { z } from 'zod';

/**
 * Every audit event the platform writes, as one discriminated union: a new event type is a new
 * member here, so the audit log's contents are typed and reviewable in one file.
 */
const changes = z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }));

export const auditEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('organization.created'), recordType: z.literal('organization'), data: z.object({ name: z.string(), orgType: z.string(), parentId: z.string().nullable() }) }),
  z.object({ type: z.literal('organization.updated'), recordType: z.literal('organization'), data: z.object({ changes }) }),
  z.object({ type: z.literal('organization.deactivated'), recordType: z.literal('organization'), data: z.object({}) }),
  z.object({ type: z.literal('organization.activated'), recordType: z.literal('organization'), data: z.object({}) }),
  z.object({ type: z.literal('user.created'), recordType: z.literal('user'), data: z.object({ username: z.string(), role: z.string().optional(), organizationId: z.string().optional() }) }),
  z.object({ type: z.literal('user.updated'), recordType: z.literal('user'), data: z.object({ changes }) }),
  z.object({ type: z.literal('user.deactivated'), recordType: z.literal('user'), data: z.object({ reassignNeeded: z.boolean().optional() }) }),
  z.object({ type: z.literal('user.activated'), recordType: z.literal('user'), data: z.object({}) }),
  z.object({ type: z.literal('user.password_reset'), recordType: z.literal('user'), data: z.object({}) }),
  z.object({ type: z.literal('user.password_changed'), recordType: z.literal('user'), data: z.object({}) }),
  z.object({ type: z.literal('user.role_granted'), recordType: z.literal('user'), data: z.object({ membershipId: z.string(), role: z.string(), organizationId: z.string() }) }),
  z.object({ type: z.literal('user.role_revoked'), recordType: z.literal('user'), data: z.object({ membershipId: z.string(), role: z.string(), organizationId: z.string() }) }),
  z.object({ type: z.literal('auth.session_revoked'), recordType: z.literal('user'), data: z.object({ sessionId: z.string() }) }),
  z.object({ type: z.literal('auth.token_created'), recordType: z.literal('user'), data: z.object({ tokenId: z.string(), name: z.string() }) }),
  z.object({ type: z.literal('auth.token_revoked'), recordType: z.literal('user'), data: z.object({ tokenId: z.string() }) }),
  z.object({ type: z.literal('auth.totp_enabled'), recordType: z.literal('user'), data: z.object({}) }),
  z.object({ type: z.literal('auth.totp_disabled'), recordType: z.literal('user'), data: z.object({}) }),
  z.object({ type: z.literal('audit.purged'), recordType: z.literal('audit'), data: z.object({ purgedThroughId: z.number(), purgedCount: z.number(), retentionDays: z.number() }) }),
  /**
   * A bulk operation is one event with its counts and the input's hash, never one per row; an import
   * that stopped part-way has, instead of the hash, the last line it read (or 'writing'): what it
   * wrote before stays.
   */
  z.object({ type: z.literal('bulk.completed'), recordType: z.literal('bulk'), data: z.object({ operation: z.string(), counts: z.record(z.string(), z.number()), sha256: z.string().optional(), stopped: z.union([z.number(), z.literal('writing')]).optional() }) }),
  z.object({ type: z.literal('workstation.created'), recordType: z.literal('workstation'), data: z.object({ name: z.string(), hostId: z.string().nullable() }) }),
  z.object({ type: z.literal('workstation.updated'), recordType: z.literal('workstation'), data: z.object({ changes }) }),
  z.object({ type: z.literal('workstation.transitioned'), recordType: z.literal('workstation'), data: z.object({ action: z.string(), from: z.string(), to: z.string(), reason: z.string().nullable(), filingNumber: z.string().nullable().optional() }) }),
  z.object({ type: z.literal('workstation.change_requested'), recordType: z.literal('workstation'), data: z.object({ changeId: z.string(), fields: z.array(z.string()) }) }),
  z.object({ type: z.literal('workstation.change_decided'), recordType: z.literal('workstation'), data: z.object({ changeId: z.string(), decision: z.enum(['approved', 'rejected']), reason: z.string().nullable() }) }),
  z.object({ type: z.literal('workstation.staff_saved'), recordType: z.literal('workstation'), data: z.object({ staffId: z.string(), name: z.string() }) }),
  z.object({ type: z.literal('workstation.branch_saved'), recordType: z.literal('workstation'), data: z.object({ branchId: z.string(), name: z.string() }) }),
  z.object({ type: z.literal('workstation.branch_removed'), recordType: z.literal('workstation'), data: z.object({ branchId: z.string(), name: z.string() }) }),
  z.object({ type: z.literal('document.uploaded'), recordType: z.string(), data: z.object({ documentId: z.string(), kind: z.string(), filename: z.string(), size: z.number(), sha256: z.string() }) }),
  z.object({ type: z.literal('document.downloaded'), recordType: z.string(), data: z.object({ documentId: z.string(), confidentiality: z.string() }) }),
  z.object({ type: z.literal('enterprise.created'), recordType: z.literal('enterprise'), data: z.object({ uscc: z.string(), name: z.string(), workstationId: z.string().nullable() }) }),
  z.object({ type: z.literal('enterprise.joined'), recordType: z.literal('enterprise'), data: z.object({ workstationId: z.string(), source: z.string() }) }),
  z.object({ type: z.literal('enterprise.updated'), recordType: z.literal('enterprise'), data: z.object({ changes }) }),
  z.object({ type: z.literal('professional.saved'), recordType: z.string(), data: z.object({ profileId: z.string() }) }),
  z.object({ type: z.literal('professional.created'), recordType: z.string(), data: z.object({ profileId: z.string(), kind: z.string(), newSubject: z.boolean() }) }),
  z.object({ type: z.literal('invitation.created'), recordType: z.literal('enterprise'), data: z.object({ invitationId: z.string(), workstationId: z.string(), byEmail: z.boolean() }) }),
  z.object({ type: z.literal('invitation.registered'), recordType: z.literal('enterprise'), data: z.object({ invitationId: z.string(), userId: z.string(), username: z.string() }) }),
  z.object({ type: z.literal('invitation.decided'), recordType: z.literal('enterprise'), data: z.object({ invitationId: z.string(), decision: z.enum(['approved', 'rejected', 'revoked']), reason: z.string().nullable() }) }),
  z.object({ type: z.literal('user.password_reset_by_email'), recordType: z.literal('user'), data: z.object({}) }),
  z.object({ type: z.literal('calendar.override_set'), recordType: z.literal('calendar'), data: z.object({ date: z.string(), workday: z.boolean().nullable(), note: z.string().nullable() }) }),
  z.object({ type: z.literal('case.created'), recordType: z.literal('case'), data: z.object({ caseNo: z.string(), caseType: z.string(), enterpriseId: z.string(), channel: z.string(), routedBy: z.enum(['cluster_district', 'cluster']).optional() }) }),
  z.object({ type: z.literal('case.transitioned'), recordType: z.literal('case'), data: z.object({ action: z.string(), from: z.string(), to: z.string(), reason: z.string().nullable() }) }),
  z.object({ type: z.literal('case.coi_override'), recordType: z.literal('case'), data: z.object({ assigneeId: z.string(), reason: z.string() }) }),
  z.object({ type: z.literal('case.party_added'), recordType: z.literal('case'), data: z.object({ partyId: z.string(), side: z.string(), uscc: z.string() }) }),
  z.object({ type: z.literal('case.linked'), recordType: z.literal('case'), data: z.object({ linkId: z.string(), kind: z.string(), linkedCaseId: z.string() }) }),
  z.object({ type: z.literal('case.unlinked'), recordType: z.literal('case'), data: z.object({ linkId: z.string(), kind: z.string(), linkedCaseId: z.string() }) }),
  z.object({ type: z.literal('case.updated'), recordType: z.literal('case'), data: z.object({ branchId: z.string().nullable(), branchName: z.string().nullable() }) }),
  z.object({ type: z.literal('case.rated'), recordType: z.literal('case'), data: z.object({ score: z.number() }) }),
  /** Case documents: a trade secret's file name stays out of the log (null). */
  z.object({
    type: z.literal('case.document_uploaded'),
    recordType: z.literal('case'),
    data: z.object({ documentId: z.string(), filename: z.string().nullable(), contentType: z.string(), size: z.number(), sha256: z.string(), confidentiality: z.string(), sharedWithEnterprise: z.boolean() }),
  }),
  z.object({ type: z.literal('case.document_downloaded'), recordType: z.literal('case'), data: z.object({ documentId: z.string(), confidentiality: z.string(), sha256: z.string() }) }),
  z.object({ type: z.literal('case.document_deleted'), recordType: z.literal('case'), data: z.object({ documentId: z.string(), filename: z.string().nullable(), confidentiality: z.string(), sha256: z.string() }) }),
  z.object({ type: z.literal('case.document_access_granted'), recordType: z.literal('case'), data: z.object({ documentId: z.string(), userId: z.string() }) }),
  z.object({ type: z.literal('case.document_access_revoked'), recordType: z.literal('case'), data: z.object({ documentId: z.string(), userId: z.string() }) }),
  z.object({ type: z.literal('saved_search.created'), recordType: z.literal('saved_search'), data: z.object({ kind: z.enum(['patent', 'trademark']).optional(), name: z.string(), query: z.string(), watch: z.boolean(), results: z.number() }) }),
  z.object({ type: z.literal('saved_search.updated'), recordType: z.literal('saved_search'), data: z.object({ changes }) }),
  z.object({ type: z.literal('saved_search.deleted'), recordType: z.literal('saved_search'), data: z.object({ name: z.string() }) }),
]);

export type AuditEventInput = z.infer<typeof auditEventSchema> & {
  recordId?: string | null;
  organizationId?: string | null;
};
export type AuditEventType = AuditEventInput['type'];
