import type { AppDeps } from '../../deps';
import type { DbOrTx } from '../../db/client';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import { sha256 } from '../../lib/crypto';
import { sniffFileType } from '../../lib/file-type';
import { orgsWithRole, type Actor, type RequestContext } from '../../policy/actor';
import { isAssignee, isStaff, type CaseRecord } from './case-type';
import * as docRepo from './cases.documents.repository';
import * as repo from './cases.repository';
import { visibleCase } from './cases.service';

type Ctx = RequestContext & { actor: Actor };

export const CONFIDENTIALITY = ['public', 'internal', 'confidential', 'trade_secret'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY)[number];
/** The same limit as a workstation's filing documents. */
export const CASE_DOCUMENT_LIMIT_BYTES = 10 * 1024 * 1024;
/** Downloads of these are audited, every time. */
const AUDITED: readonly Confidentiality[] = ['confidential', 'trade_secret'];
const ACCEPTED_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
/** `documents.kind` of a case document says whether the staff shared it with the client enterprise. */
const KIND_SHARED = 'shared_with_enterprise';
const KIND_FILE = 'case_file';
export const DOCUMENT_EVENTS = ['document_uploaded', 'document_deleted'] as const;

/** What the visibility rules look at for one document. */
export interface DocumentFacts {
  id: string;
  confidentiality: Confidentiality;
  uploadedBy: string | null;
  /** The enterprises the uploader acts for: an enterprise sees its own users' uploads. */
  uploaderEnterpriseIds: string[];
  shared: boolean;
  named: string[];
}

const callersClientEnterprises = (a: Actor, r: CaseRecord) => orgsWithRole(a, 'enterprise_user').filter((e) => r.clientEnterpriseIds.includes(e));
const isWorkstationAdmin = (a: Actor, r: CaseRecord) => orgsWithRole(a, 'workstation_admin').includes(r.workstationId);
const fromCallersEnterprise = (a: Actor, r: CaseRecord, d: DocumentFacts) => {
  const own = callersClientEnterprises(a, r);
  return d.uploaderEnterpriseIds.some((e) => own.includes(e));
};

/**
 * Who sees a document of a case they can open (domain 3.2): the uploader and the users named on it
 * always; a trade secret nobody else but the uploading enterprise's own users; the client
 * enterprise what it uploaded and what the staff shared with it; assignees public to confidential;
 * the owning workstation's staff public and internal, confidential only when assigned (or its admin).
 */
export function canSeeDocument(a: Actor, r: CaseRecord, d: DocumentFacts): boolean {
  if (d.uploadedBy === a.userId || d.named.includes(a.userId)) return true;
  const ownEnterprise = fromCallersEnterprise(a, r, d);
  if (d.confidentiality === 'trade_secret') return ownEnterprise;
  if (ownEnterprise || (d.shared && callersClientEnterprises(a, r).length > 0)) return true;
  if (isAssignee(a, r)) return true;
  if (isStaff(a, r)) return d.confidentiality !== 'confidential' || isWorkstationAdmin(a, r);
  return false;
}

export function documentAbilities(a: Actor, r: CaseRecord, d: DocumentFacts) {
  const uploader = d.uploadedBy === a.userId;
  return {
    canDownload: true,
    canDelete: uploader || isWorkstationAdmin(a, r),
    canManageAccess: d.confidentiality === 'trade_secret' && (uploader || fromCallersEnterprise(a, r, d)),
  };
}

interface Loaded {
  row: docRepo.CaseDocumentRow;
  uploaderName: string | null;
  facts: DocumentFacts;
  named: { userId: string; name: string }[];
}

async function loadAll(db: DbOrTx, caseId: string): Promise<Loaded[]> {
  const rows = await docRepo.documentsOfCase(db, caseId);
  const uploaders = [...new Set(rows.map((r) => r.d.uploadedBy).filter((u): u is string => !!u))];
  const [named, enterprises] = await Promise.all([docRepo.namedUsersOf(db, rows.map((r) => r.d.id)), docRepo.enterprisesOfUsers(db, uploaders)]);
  return rows.map(({ d, uploaderName }) => {
    const mine = named.filter((n) => n.documentId === d.id).map((n) => ({ userId: n.userId, name: n.name }));
    return {
      row: d,
      uploaderName,
      named: mine,
      facts: {
        id: d.id,
        confidentiality: d.confidentiality,
        uploadedBy: d.uploadedBy,
        uploaderEnterpriseIds: enterprises.filter((e) => e.userId === d.uploadedBy).map((e) => e.enterpriseId),
        shared: d.kind === KIND_SHARED,
        named: mine.map((n) => n.userId),
      },
    };
  });
}

function view(a: Actor, r: CaseRecord, x: Loaded) {
  const abilities = documentAbilities(a, r, x.facts);
  return {
    id: x.row.id,
    filename: x.row.filename,
    contentType: x.row.contentType,
    size: x.row.size,
    confidentiality: x.row.confidentiality,
    sharedWithEnterprise: x.facts.shared,
    fromEnterprise: x.facts.uploaderEnterpriseIds.some((e) => r.clientEnterpriseIds.includes(e)),
    uploader: x.row.uploadedBy ? { id: x.row.uploadedBy, name: x.uploaderName } : null,
    createdAt: x.row.createdAt.toISOString(),
    // Only those who decide who is named see who is.
    namedUsers: abilities.canManageAccess ? x.named : null,
    abilities,
  };
}
export type CaseDocumentView = ReturnType<typeof view>;

/** The snapshot a timeline event keeps, so the event stays as private as the document was. */
interface EventSnapshot {
  documentId: string;
  confidentiality: Confidentiality;
  shared: boolean;
  uploadedBy: string | null;
  uploaderEnterpriseIds: string[];
}

/**
 * The documents of a case the caller may see (for the case page), and a test for the timeline's
 * document events: an event shows only when its document does; for a deleted document, when the
 * caller could have seen it by the rules that do not depend on being named.
 */
export async function caseDocuments(db: DbOrTx, a: Actor, r: CaseRecord, caseId: string) {
  const all = await loadAll(db, caseId);
  const visible = all.filter((x) => canSeeDocument(a, r, x.facts));
  const visibleIds = new Set(visible.map((x) => x.row.id));
  const existing = new Set(all.map((x) => x.row.id));
  return {
    items: visible.map((x) => view(a, r, x)),
    eventVisible: (data: unknown) => {
      const s = data as Partial<EventSnapshot> | null;
      if (!s?.documentId || !s.confidentiality) return false;
      if (existing.has(s.documentId)) return visibleIds.has(s.documentId);
      return canSeeDocument(a, r, {
        id: s.documentId,
        confidentiality: s.confidentiality,
        uploadedBy: s.uploadedBy ?? null,
        uploaderEnterpriseIds: s.uploaderEnterpriseIds ?? [],
        shared: !!s.shared,
        named: [],
      });
    },
  };
}

async function findVisible(deps: AppDeps, a: Actor, caseId: string, documentId: string) {
  const { c, rec } = await visibleCase(deps, a, caseId);
  const doc = (await loadAll(deps.db, caseId)).find((x) => x.row.id === documentId);
  if (!doc || !canSeeDocument(a, rec, doc.facts)) throw notFound('document');
  return { c, rec, doc };
}

const auditCtx = (ctx: Ctx, now: Date) => ({ actorId: ctx.actor.userId, requestId: ctx.requestId, now });
/** Trade-secret file names stay out of the audit log, which a workstation's admin reads. */
const auditName = (d: { filename: string; confidentiality: Confidentiality }) => (d.confidentiality === 'trade_secret' ? null : d.filename);
const snapshot = (d: DocumentFacts): EventSnapshot => ({
  documentId: d.id,
  confidentiality: d.confidentiality,
  shared: d.shared,
  uploadedBy: d.uploadedBy,
  uploaderEnterpriseIds: d.uploaderEnterpriseIds,
});

export async function listCaseDocuments(deps: AppDeps, ctx: Ctx, caseId: string) {
  const { c, rec } = await visibleCase(deps, ctx.actor, caseId);
  const { items } = await caseDocuments(deps.db, ctx.actor, rec, c.id);
  const manages = items.some((d) => d.abilities.canManageAccess);
  return {
    items,
    // Who may be named on a trade-secret document: the people who can open the case.
    candidates: manages ? await docRepo.caseViewers(deps.db, rec) : [],
    abilities: { upload: true },
  };
}

export interface UploadInput {
  filename: string;
  data: Buffer;
  confidentiality: Confidentiality;
  sharedWithEnterprise: boolean;
}

/**
 * Anyone who can open the case may add a document to it. The type is judged by content; the bytes
 * go to storage first and are removed again if the row cannot be written.
 */
export async function uploadCaseDocument(deps: AppDeps, ctx: Ctx, caseId: string, input: UploadInput) {
  const { c, rec } = await visibleCase(deps, ctx.actor, caseId);
  if (input.data.length === 0) throw new AppError('VALIDATION', { messageKey: 'FILE_MISSING', details: [{ path: 'file', message: '' }] });
  if (input.data.length > CASE_DOCUMENT_LIMIT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { messageKey: 'FILE_TOO_LARGE', params: { limit: '10 MB' } });
  const type = sniffFileType(input.data);
  if (!type || !ACCEPTED_TYPES.includes(type.type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { messageKey: 'FILE_TYPE', details: [{ path: 'file', message: '' }] });
  if (input.confidentiality === 'trade_secret' && input.sharedWithEnterprise) {
    throw new AppError('VALIDATION', { messageKey: 'TRADE_SECRET_SHARED', details: [{ path: 'sharedWithEnterprise', message: '' }] });
  }
  const filename = cleanFilename(input.filename);
  const key = await deps.storage.put(input.data, 'case');
  const now = deps.clock();
  const uploaderEnterpriseIds = orgsWithRole(ctx.actor, 'enterprise_user');
  try {
    const row = await deps.db.transaction(async (tx) => {
      const d = await docRepo.insertDocument(tx, {
        recordId: c.id,
        kind: input.sharedWithEnterprise ? KIND_SHARED : KIND_FILE,
        filename,
        contentType: type.type,
        size: input.data.length,
        sha256: sha256(input.data),
        storageKey: key,
        confidentiality: input.confidentiality,
        uploadedBy: ctx.actor.userId,
        createdAt: now,
      });
      const facts: DocumentFacts = { id: d.id, confidentiality: input.confidentiality, uploadedBy: ctx.actor.userId, uploaderEnterpriseIds, shared: input.sharedWithEnterprise, named: [] };
      await repo.syncLedgerConfidentiality(tx, c.id);
      await repo.insertEvent(tx, { recordType: 'case', recordId: c.id, action: 'document_uploaded', fromState: c.status, toState: c.status, actorId: ctx.actor.userId, reason: filename, at: now, data: snapshot(facts) });
      await recordAudit(tx, auditCtx(ctx, now), {
        type: 'case.document_uploaded',
        recordType: 'case',
        recordId: c.id,
        organizationId: c.workstationId,
        data: { documentId: d.id, filename: auditName(d), contentType: d.contentType, size: d.size, sha256: d.sha256, confidentiality: d.confidentiality, sharedWithEnterprise: input.sharedWithEnterprise },
      });
      return d;
    });
    const { items } = await caseDocuments(deps.db, ctx.actor, rec, c.id);
    return items.find((d) => d.id === row.id)!;
  } catch (e) {
    await deps.storage.remove(key).catch(() => undefined);
    throw e;
  }
}

/** Keeps the name a person gave the file, without path parts or control characters. */
function cleanFilename(name: string) {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'file').slice(0, 200);
}

/** The bytes of a document the caller may see; confidential and trade-secret downloads are audited first. */
export async function downloadCaseDocument(deps: AppDeps, ctx: Ctx, caseId: string, documentId: string) {
  const { c, doc } = await findVisible(deps, ctx.actor, caseId, documentId);
  const data = await deps.storage.get(doc.row.storageKey);
  if (AUDITED.includes(doc.row.confidentiality)) {
    const now = deps.clock();
    await deps.db.transaction((tx) =>
      recordAudit(tx, auditCtx(ctx, now), {
        type: 'case.document_downloaded',
        recordType: 'case',
        recordId: c.id,
        organizationId: c.workstationId,
        data: { documentId: doc.row.id, confidentiality: doc.row.confidentiality, sha256: doc.row.sha256 },
      }),
    );
  }
  return { doc: doc.row, data };
}

/** The uploader, or the owning workstation's admin, removes a document; the bytes go after the row. */
export async function deleteCaseDocument(deps: AppDeps, ctx: Ctx, caseId: string, documentId: string) {
  const { c, rec, doc } = await findVisible(deps, ctx.actor, caseId, documentId);
  if (!documentAbilities(ctx.actor, rec, doc.facts).canDelete) throw new AppError('FORBIDDEN');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (!(await docRepo.deleteDocument(tx, c.id, doc.row.id))) throw notFound('document');
    await repo.syncLedgerConfidentiality(tx, c.id);
    await repo.insertEvent(tx, { recordType: 'case', recordId: c.id, action: 'document_deleted', fromState: c.status, toState: c.status, actorId: ctx.actor.userId, reason: doc.row.filename, at: now, data: snapshot(doc.facts) });
    await recordAudit(tx, auditCtx(ctx, now), {
      type: 'case.document_deleted',
      recordType: 'case',
      recordId: c.id,
      organizationId: c.workstationId,
      data: { documentId: doc.row.id, filename: auditName(doc.row), confidentiality: doc.row.confidentiality, sha256: doc.row.sha256 },
    });
  });
  await deps.storage.remove(doc.row.storageKey).catch((e: unknown) => deps.log.warn({ err: e, documentId }, 'case document bytes not removed'));
}

async function managed(deps: AppDeps, ctx: Ctx, caseId: string, documentId: string) {
  const found = await findVisible(deps, ctx.actor, caseId, documentId);
  if (found.doc.row.confidentiality !== 'trade_secret') throw new AppError('VALIDATION', { messageKey: 'DOCUMENT_NOT_TRADE_SECRET', details: [{ path: 'documentId', message: '' }] });
  if (!documentAbilities(ctx.actor, found.rec, found.doc.facts).canManageAccess) throw new AppError('FORBIDDEN');
  return found;
}

async function presentOne(deps: AppDeps, ctx: Ctx, rec: CaseRecord, caseId: string, documentId: string) {
  const { items } = await caseDocuments(deps.db, ctx.actor, rec, caseId);
  const d = items.find((x) => x.id === documentId);
  if (!d) throw notFound('document');
  return d;
}

/** Names a user on a trade-secret document: only someone who can open the case. */
export async function grantDocumentAccess(deps: AppDeps, ctx: Ctx, caseId: string, documentId: string, userId: string) {
  const { c, rec } = await managed(deps, ctx, caseId, documentId);
  const viewers = await docRepo.caseViewers(deps.db, rec);
  if (!viewers.some((v) => v.userId === userId)) throw new AppError('VALIDATION', { messageKey: 'DOCUMENT_ACCESS_USER', details: [{ path: 'userId', message: '' }] });
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (!(await docRepo.grantAccess(tx, { documentId, userId, grantedBy: ctx.actor.userId, createdAt: now }))) return;
    await recordAudit(tx, auditCtx(ctx, now), {
      type: 'case.document_access_granted', recordType: 'case', recordId: c.id, organizationId: c.workstationId, data: { documentId, userId },
    });
  });
  return presentOne(deps, ctx, rec, c.id, documentId);
}

export async function revokeDocumentAccess(deps: AppDeps, ctx: Ctx, caseId: string, documentId: string, userId: string) {
  const { c, rec } = await managed(deps, ctx, caseId, documentId);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (!(await docRepo.revokeAccess(tx, documentId, userId))) return;
    await recordAudit(tx, auditCtx(ctx, now), {
      type: 'case.document_access_revoked', recordType: 'case', recordId: c.id, organizationId: c.workstationId, data: { documentId, userId },
    });
  });
  return presentOne(deps, ctx, rec, c.id, documentId);
}
