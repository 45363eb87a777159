import type { AppDeps } from '../../deps';
import { CLUSTER_VERSION_CURRENT } from '../../../../shared/src/clusters';
import type { DbOrTx } from '../../db/client';
import { AppError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import { sha256 } from '../../lib/crypto';
import { sniffFileType } from '../../lib/file-type';
import { offsetOf, parseSort } from '../../lib/paging';
import { sortKey } from '../../lib/sort-key';
import { hasRole, orgsWithRole, type Actor, type RequestContext } from '../../policy/actor';
import { authorize } from '../../policy/authorize';
import { decide } from '../../workflow/engine';
import { notify } from '../notifications/notifications.service';
import { organizationById } from '../organizations/organizations.service';
import { userIdsWithRole } from '../users/users.service';
import * as repo from './workstations.repository';
import { isOwnWorkstation, mayCreateUnder, seesAllWorkstations, workstationAbilities, workstationPolicy } from './workstations.policy';
import { presentPublicWorkstation, presentWorkstation } from './workstations.presenter';
import { filingWorkflow, isHostAdmin } from './workstations.workflow';
import type { FilingState } from '../../db/schema';

type Ctx = RequestContext & { actor: Actor };
export const DOCUMENT_LIMIT_BYTES = 10 * 1024 * 1024;

/** The filing fields a workstation prepares; org-level ones (name, contact) live on the organization. */
export interface ProfileInput {
  name?: string;
  address?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  clusters?: string[];
  districts?: string[];
  services?: string[];
  premises?: { area?: number; facilities?: string };
  funding?: { description?: string; annualBudget?: number };
  leader?: { name?: string; title?: string; qualifications?: string[] };
  partnerAgencyIds?: string[];
  allianceMember?: boolean;
  selfDisciplineSigned?: boolean;
}

const ORG_FIELDS = ['name', 'address', 'contactPhone', 'contactEmail'] as const;

/** How a change request names what it changes, in the bureau's notification. */
const FIELD_LABELS: Record<keyof ProfileInput, string> = {
  name: '名称',
  address: '地址',
  contactPhone: '联系电话',
  contactEmail: '联系邮箱',
  clusters: '产业集群',
  districts: '服务辖区',
  services: '服务项目',
  premises: '办公场地',
  funding: '经费保障',
  leader: '负责人',
  partnerAgencyIds: '合作服务机构',
  allianceMember: '联盟成员',
  selfDisciplineSigned: '自律公约',
};

/** Partner agencies must be agencies on the platform and active: each bad one is named by its position. */
async function assertPartnerAgencies(db: DbOrTx, ids: string[] | undefined) {
  if (!ids?.length) return;
  const found = new Set((await repo.activeAgencies(db, ids)).map((a) => a.id));
  const bad = ids.map((id, i) => ({ id, i })).filter((x) => !found.has(x.id));
  if (bad.length) {
    throw new AppError('VALIDATION', {
      messageKey: 'PARTNER_AGENCY_INVALID',
      details: bad.map((x) => ({ path: `partnerAgencyIds.${x.i}`, message: '' })),
    });
  }
}

function today(deps: AppDeps) {
  // Filing dates are Shanghai calendar dates.
  return new Date(deps.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Workstations the caller sees in full: all for bureau/district/alliance, else their own. */
function scopeIds(actor: Actor): string[] | undefined {
  if (seesAllWorkstations(actor)) return undefined;
  return orgsWithRole(actor, 'workstation_admin', 'workstation_staff');
}

async function findVisible(db: DbOrTx, actor: Actor, id: string) {
  const w = await repo.findById(db, id);
  if (!w || !(seesAllWorkstations(actor) || isOwnWorkstation(actor, w))) throw notFound();
  return w;
}

export async function listWorkstations(
  deps: AppDeps,
  ctx: Ctx,
  q: { status?: FilingState; cluster?: string; district?: string; q?: string; hostId?: string; page: number; pageSize: number; sort: string },
) {
  const ids = scopeIds(ctx.actor);
  // A host admin also sees the workstations of the host associations they run.
  const hosts = orgsWithRole(ctx.actor, 'workstation_admin');
  const { rows, total } = await repo.list(
    deps.db,
    { ...q, scopeIds: ids ? [...ids, ...(await hostChildren(deps.db, hosts))] : undefined },
    offsetOf(q),
    parseSort(q.sort),
  );
  return { items: rows.map((w) => ({ ...presentWorkstation(w), abilities: workstationAbilities(ctx.actor, w) })), total, page: q.page, pageSize: q.pageSize };
}

async function hostChildren(db: DbOrTx, hostIds: string[]) {
  return hostIds.length ? repo.idsUnderHosts(db, hostIds) : [];
}

function missingFields(w: repo.WorkstationRow, docs: { kind: string }[]): string[] {
  const missing: string[] = [];
  if (!w.clusters.length) missing.push('clusters');
  if (!w.districts.length) missing.push('districts');
  if (!w.services.length) missing.push('services');
  if (!w.address) missing.push('address');
  if (!w.contactPhone) missing.push('contactPhone');
  if (!w.leader?.name) missing.push('leader.name');
  // The supporting documents a filing needs: the registration certificate (it proves the founding
  // date) and proof of the premises (深市监规〔2024〕4号: a fixed place to work).
  if (!docs.some((d) => d.kind === 'registration_certificate')) missing.push('documents.registration_certificate');
  if (!docs.some((d) => d.kind === 'premises_proof')) missing.push('documents.premises_proof');
  return missing;
}

async function detail(deps: AppDeps, actor: Actor, w: repo.WorkstationRow) {
  const [docs, staff, branches, change, history, agencies] = await Promise.all([
    repo.documentsOf(deps.db, w.id),
    repo.staffOf(deps.db, w.id),
    repo.branchesOf(deps.db, w.id),
    repo.pendingChange(deps.db, w.id),
    repo.eventsOf(deps.db, 'workstation', w.id),
    repo.activeAgencies(deps.db, w.partnerAgencyIds ?? []),
  ]);
  return {
    data: {
      ...presentWorkstation(w),
      missing: missingFields(w, docs),
      documents: docs.map((d) => ({ id: d.id, kind: d.kind, filename: d.filename, contentType: d.contentType, size: d.size, createdAt: d.createdAt.toISOString() })),
      staff: staff.map(presentStaff),
      branches: branches.map((b) => ({ id: b.id, name: b.name, hostUnit: b.hostUnit, address: b.address, version: b.version })),
      partnerAgencies: (w.partnerAgencyIds ?? []).flatMap((id) => agencies.filter((a) => a.id === id)),
      pendingChange: change ? { id: change.id, changes: change.changes, createdAt: change.createdAt.toISOString() } : null,
      history: history.map((e) => ({ id: e.id, action: e.action, from: e.fromState, to: e.toState, actorId: e.actorId, reason: e.reason, at: e.at.toISOString() })),
    },
    abilities: workstationAbilities(actor, w),
  };
}

const presentStaff = (s: Awaited<ReturnType<typeof repo.staffOf>>[number]) => ({
  id: s.id,
  name: s.name,
  title: s.title,
  fullTime: s.fullTime,
  qualifications: s.qualifications,
  training: s.training,
  userId: s.userId,
  active: s.active,
  version: s.version,
});

export async function getWorkstation(deps: AppDeps, ctx: Ctx, id: string) {
  return detail(deps, ctx.actor, await findVisible(deps.db, ctx.actor, id));
}

function splitPatch(input: ProfileInput) {
  const org: Record<string, unknown> = {};
  const profile: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if ((ORG_FIELDS as readonly string[]).includes(k)) org[k] = v;
    else profile[k] = v;
  }
  if (typeof org.name === 'string') org.nameSort = sortKey(org.name);
  // Clusters chosen now are tagged under the current version of the list.
  if (profile.clusters !== undefined) profile.clusterVersion = CLUSTER_VERSION_CURRENT;
  return { org, profile };
}

export async function createWorkstation(deps: AppDeps, ctx: Ctx, input: ProfileInput & { hostId: string; name: string }) {
  const hostOrg = await organizationById(deps.db, input.hostId);
  if (!hostOrg || hostOrg.type !== 'host_association') {
    throw new AppError('VALIDATION', { messageKey: 'PARENT_INVALID', params: { reason: 'host_association' }, details: [{ path: 'hostId', message: '' }] });
  }
  if (!mayCreateUnder(ctx.actor, hostOrg.id)) throw new AppError('FORBIDDEN');
  await assertPartnerAgencies(deps.db, input.partnerAgencyIds);
  const now = deps.clock();
  const id = await deps.db.transaction(async (tx) => {
    const { org, profile } = splitPatch(input);
    const created = await repo.insertWorkstationOrganization(tx, {
      ...org,
      type: 'workstation',
      name: input.name,
      nameSort: sortKey(input.name),
      parentId: hostOrg.id,
      districtCode: input.districts?.[0] ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await repo.insertProfile(tx, { organizationId: created.id, filingStatus: 'draft', ...profile });
    await repo.insertEvent(tx, { recordType: 'workstation', recordId: created.id, action: 'create', fromState: null, toState: 'draft', actorId: ctx.actor.userId, at: now });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'workstation.created',
      recordType: 'workstation',
      recordId: created.id,
      organizationId: created.id,
      data: { name: input.name, hostId: hostOrg.id },
    });
    return created.id as string;
  });
  return detail(deps, ctx.actor, (await repo.findById(deps.db, id))!);
}

async function applyPatch(tx: DbOrTx, id: string, version: number, input: ProfileInput) {
  const { org, profile } = splitPatch(input);
  await repo.ensureProfile(tx, id);
  const ok = await repo.updateProfileVersioned(tx, id, version, profile);
  if (!ok) throw versionConflict();
  await repo.updateOrganizationFields(tx, id, org);
}

/**
 * Edits a filing. Drafts and corrections change at once. For an active workstation the host files a
 * change (变更备案) that takes effect only when the bureau approves it; the bureau edits directly.
 */
export async function updateWorkstation(deps: AppDeps, ctx: Ctx, id: string, input: ProfileInput & { version: number }) {
  const w = await findVisible(deps.db, ctx.actor, id);
  authorize(workstationPolicy, ctx.actor, 'update', w);
  const { version, ...patch } = input;
  if (Number(w.version) !== version) throw versionConflict();
  await assertPartnerAgencies(deps.db, patch.partnerAgencyIds);
  const now = deps.clock();
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) changes[k] = { from: (w as Record<string, unknown>)[k] ?? null, to: v };
  const viaChange = w.filingStatus === 'active' && !hasRole(ctx.actor, 'bureau_admin');
  await deps.db.transaction(async (tx) => {
    if (viaChange) {
      if (await repo.pendingChange(tx, id)) throw new AppError('CONFLICT', { messageKey: 'CHANGE_PENDING' });
      const change = await repo.insertChange(tx, { workstationId: id, changes: patch as Record<string, unknown>, requestedBy: ctx.actor.userId, createdAt: now });
      await repo.insertEvent(tx, { recordType: 'workstation', recordId: id, action: 'request_change', fromState: 'active', toState: 'active', actorId: ctx.actor.userId, at: now, data: { changeId: change.id } });
      await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
        type: 'workstation.change_requested',
        recordType: 'workstation',
        recordId: id,
        organizationId: id,
        data: { changeId: change.id, fields: Object.keys(patch) },
      });
    } else {
      await applyPatch(tx, id, version, patch);
      await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
        type: 'workstation.updated',
        recordType: 'workstation',
        recordId: id,
        organizationId: id,
        data: { changes },
      });
    }
  });
  if (viaChange) await notifyBureau(deps, w, `变更备案待审核：${w.name}`, `变更事项：${(Object.keys(patch) as (keyof ProfileInput)[]).map((k) => FIELD_LABELS[k] ?? k).join('、')}`);
  return detail(deps, ctx.actor, (await repo.findById(deps.db, id))!);
}

export async function decideChange(deps: AppDeps, ctx: Ctx, id: string, changeId: string, input: { decision: 'approve' | 'reject'; reason?: string | null }) {
  const w = await findVisible(deps.db, ctx.actor, id);
  authorize(workstationPolicy, ctx.actor, 'decideChange', w);
  if (input.decision === 'reject' && !input.reason?.trim()) {
    throw new AppError('VALIDATION', { messageKey: 'REASON_REQUIRED', details: [{ path: 'reason', message: '' }] });
  }
  const now = deps.clock();
  const decided = await deps.db.transaction(async (tx) => {
    const change = await repo.decideChange(tx, changeId, {
      status: input.decision === 'approve' ? 'approved' : 'rejected',
      reason: input.reason ?? null,
      decidedBy: ctx.actor.userId,
      decidedAt: now,
    });
    if (!change || change.workstationId !== id) throw notFound();
    if (input.decision === 'approve') await applyPatch(tx, id, Number(w.version), change.changes as ProfileInput);
    await repo.insertEvent(tx, {
      recordType: 'workstation', recordId: id, action: input.decision === 'approve' ? 'approve_change' : 'reject_change',
      fromState: w.filingStatus, toState: w.filingStatus, actorId: ctx.actor.userId, reason: input.reason ?? null, at: now, data: { changeId },
    });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'workstation.change_decided',
      recordType: 'workstation',
      recordId: id,
      organizationId: id,
      data: { changeId, decision: input.decision === 'approve' ? 'approved' : 'rejected', reason: input.reason ?? null },
    });
    return change;
  });
  await notifyHost(deps, w, `变更备案${input.decision === 'approve' ? '已通过' : '未通过'}：${w.name}`, input.reason ?? '');
  void decided;
  return detail(deps, ctx.actor, (await repo.findById(deps.db, id))!);
}

/** A filing step told to whom it concerns, in the app and by e-mail, linking to the workstation. */
async function notifyFiling(deps: AppDeps, to: string[], w: repo.WorkstationRow, title: string, body: string) {
  if (to.length) await notify(deps, { userIds: to, kind: 'workstation.filing', title, body: body || title, link: `/workstations/${w.id}`, email: true });
}

/** What the host does that waits on the bureau: a filing (re)submitted or withdrawn, a change filed. */
const notifyBureau = async (deps: AppDeps, w: repo.WorkstationRow, title: string, body: string) =>
  notifyFiling(deps, await userIdsWithRole(deps.db, null, ['bureau_admin']), w, title, body);

/** What the bureau decides, told to the workstation's and its host's administrators. */
const notifyHost = async (deps: AppDeps, w: repo.WorkstationRow, title: string, body: string) =>
  notifyFiling(deps, await userIdsWithRole(deps.db, [w.id, ...(w.hostId ? [w.hostId] : [])], ['workstation_admin']), w, title, body);

const ACTION_TITLES: Record<string, string> = {
  submit: '备案已提交',
  begin_check: '备案进入形式审查',
  request_correction: '备案需要补正',
  pass_check: '备案通过形式审查，进入审核',
  approve: '备案已通过',
  register_by_bureau: '工作站已由市局登记',
  suspend: '工作站已暂停',
  reinstate: '工作站已恢复',
  revoke: '工作站备案已撤销',
  withdraw: '备案已撤回',
};

/** One workflow step of a filing: decided by the engine, recorded in history and the audit log, told to the host. */
export async function transitionWorkstation(deps: AppDeps, ctx: Ctx, id: string, input: { action: string; version: number; reason?: string | null }) {
  const w = await findVisible(deps.db, ctx.actor, id);
  if (Number(w.version) !== input.version) throw versionConflict();
  const docs = await repo.documentsOf(deps.db, id);
  const step = decide(filingWorkflow, w.filingStatus, input.action, ctx.actor, {
    workstationId: w.id,
    hostId: w.hostId,
    hostFoundedOn: w.hostFoundedOn,
    missing: missingFields(w, docs),
  }, { reason: input.reason ?? null, today: today(deps) });
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await repo.ensureProfile(tx, id);
    let filingNumber: string | null = null;
    const patch: Record<string, unknown> = { filingStatus: step.to, lastReason: input.reason?.trim() || null };
    if (step.to === 'active' && !w.filingNumber) {
      filingNumber = await repo.nextFilingNumber(tx, Number(today(deps).slice(0, 4)));
      patch.filingNumber = filingNumber;
      patch.filingDate = today(deps);
    }
    if (!(await repo.updateProfileVersioned(tx, id, input.version, patch))) throw versionConflict();
    await repo.insertEvent(tx, { recordType: 'workstation', recordId: id, action: input.action, fromState: step.from, toState: step.to, actorId: ctx.actor.userId, reason: input.reason?.trim() || null, at: now });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'workstation.transitioned',
      recordType: 'workstation',
      recordId: id,
      organizationId: id,
      data: { action: input.action, from: step.from, to: step.to, reason: input.reason?.trim() || null, filingNumber },
    });
  });
  const title = `${ACTION_TITLES[input.action] ?? input.action}：${w.name}`;
  if (!isHostAdmin(ctx.actor, { workstationId: w.id, hostId: w.hostId })) await notifyHost(deps, w, title, input.reason ?? '');
  else await notifyBureau(deps, w, title, input.reason ?? '');
  return detail(deps, ctx.actor, (await repo.findById(deps.db, id))!);
}

export async function uploadDocument(deps: AppDeps, ctx: Ctx, id: string, input: { kind: string; filename: string; data: Buffer }) {
  const w = await findVisible(deps.db, ctx.actor, id);
  authorize(workstationPolicy, ctx.actor, 'uploadDocuments', w);
  if (input.data.length === 0) throw new AppError('VALIDATION', { messageKey: 'FILE_MISSING', details: [{ path: 'file', message: '' }] });
  if (input.data.length > DOCUMENT_LIMIT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { messageKey: 'FILE_TOO_LARGE', params: { limit: '10 MB' } });
  const type = sniffFileType(input.data);
  if (!type || type.type === 'application/zip') throw new AppError('VALIDATION', { messageKey: 'FILE_TYPE', details: [{ path: 'file', message: '' }] });
  const key = await deps.storage.put(input.data, 'workstation');
  const now = deps.clock();
  const doc = await deps.db.transaction(async (tx) => {
    const d = await repo.insertDocument(tx, {
      recordType: 'workstation',
      recordId: id,
      kind: input.kind,
      filename: input.filename.slice(0, 200),
      contentType: type.type,
      size: input.data.length,
      sha256: sha256(input.data),
      storageKey: key,
      confidentiality: 'internal',
      uploadedBy: ctx.actor.userId,
      createdAt: now,
    });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'document.uploaded',
      recordType: 'workstation',
      recordId: id,
      organizationId: id,
      data: { documentId: d.id, kind: d.kind, filename: d.filename, size: d.size, sha256: d.sha256 },
    });
    return d;
  });
  return { id: doc.id, kind: doc.kind, filename: doc.filename, contentType: doc.contentType, size: doc.size, createdAt: doc.createdAt.toISOString() };
}

export async function downloadDocument(deps: AppDeps, ctx: Ctx, id: string, documentId: string) {
  await findVisible(deps.db, ctx.actor, id);
  const doc = await repo.findDocument(deps.db, id, documentId);
  if (!doc) throw notFound();
  return { doc, data: await deps.storage.get(doc.storageKey) };
}

export async function saveStaff(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  input: { staffId?: string; version?: number; name: string; title?: string | null; fullTime: boolean; qualifications: string[]; training: { date: string; topic: string; hours: number }[]; userId?: string | null; active?: boolean },
) {
  const w = await findVisible(deps.db, ctx.actor, id);
  authorize(workstationPolicy, ctx.actor, 'manageStaff', w);
  const now = deps.clock();
  if (input.userId && !(await repo.holdsRoleIn(deps.db, input.userId, id))) {
    throw new AppError('VALIDATION', { messageKey: 'STAFF_ACCOUNT_INVALID', details: [{ path: 'userId', message: '' }] });
  }
  const saved = await deps.db.transaction(async (tx) => {
    const { staffId, version, ...fields } = input;
    let row;
    if (staffId) {
      if (!(await repo.findStaff(tx, id, staffId))) throw notFound();
      row = await repo.updateStaffVersioned(tx, staffId, version ?? 0, fields);
      if (!row) throw versionConflict();
    } else {
      row = await repo.insertStaff(tx, { workstationId: id, ...fields, createdAt: now, updatedAt: now });
    }
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'workstation.staff_saved',
      recordType: 'workstation',
      recordId: id,
      organizationId: id,
      data: { staffId: row.id, name: row.name },
    });
    return row;
  });
  return presentStaff(saved);
}

export async function listStaff(deps: AppDeps, ctx: Ctx, id: string) {
  await findVisible(deps.db, ctx.actor, id);
  return (await repo.staffOf(deps.db, id)).map(presentStaff);
}

export async function addBranch(deps: AppDeps, ctx: Ctx, id: string, input: { name: string; hostUnit?: string | null; address?: string | null }) {
  const w = await findVisible(deps.db, ctx.actor, id);
  authorize(workstationPolicy, ctx.actor, 'manageStaff', w);
  const now = deps.clock();
  const b = await deps.db.transaction(async (tx) => {
    const row = await repo.insertBranch(tx, { workstationId: id, name: input.name, hostUnit: input.hostUnit ?? null, address: input.address ?? null, createdAt: now, updatedAt: now });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'workstation.branch_saved',
      recordType: 'workstation',
      recordId: id,
      organizationId: id,
      data: { branchId: row.id, name: row.name },
    });
    return row;
  });
  return presentBranch(b);
}

const presentBranch = (b: { id: string; name: string; hostUnit: string | null; address: string | null; version: number }) => ({
  id: b.id,
  name: b.name,
  hostUnit: b.hostUnit,
  address: b.address,
  version: b.version,
});

/** Edit a branch: the workstation's own admin (or the bureau), with the version last read. */
export async function updateBranch(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  branchId: string,
  input: { version: number; name: string; hostUnit?: string | null; address?: string | null },
) {
  const w = await findVisible(deps.db, ctx.actor, id);
  authorize(workstationPolicy, ctx.actor, 'manageStaff', w);
  const now = deps.clock();
  const b = await deps.db.transaction(async (tx) => {
    if (!(await repo.findBranch(tx, id, branchId))) throw notFound();
    const row = await repo.updateBranchVersioned(tx, branchId, input.version, { name: input.name, hostUnit: input.hostUnit ?? null, address: input.address ?? null }, now);
    if (!row) throw versionConflict();
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'workstation.branch_saved',
      recordType: 'workstation',
      recordId: id,
      organizationId: id,
      data: { branchId: row.id, name: row.name },
    });
    return row;
  });
  return presentBranch(b);
}

/** Close a branch: it leaves the workstation's record; the audit log keeps its name. */
export async function removeBranch(deps: AppDeps, ctx: Ctx, id: string, branchId: string, version: number) {
  const w = await findVisible(deps.db, ctx.actor, id);
  authorize(workstationPolicy, ctx.actor, 'manageStaff', w);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const existing = await repo.findBranch(tx, id, branchId);
    if (!existing) throw notFound();
    if (!(await repo.deleteBranchVersioned(tx, branchId, version))) throw versionConflict();
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'workstation.branch_removed',
      recordType: 'workstation',
      recordId: id,
      organizationId: id,
      data: { branchId, name: existing.name },
    });
  });
}

/** The public directory: active workstations only, public fields only. */
export async function publicDirectory(deps: AppDeps, q: { cluster?: string; district?: string; q?: string; page: number; pageSize: number }) {
  const { rows, total } = await repo.list(deps.db, { ...q, status: 'active' }, offsetOf(q), { field: 'name', desc: false });
  return { items: rows.map(presentPublicWorkstation), total, page: q.page, pageSize: q.pageSize };
}
