import type { AppDeps } from '../../deps';
import type { DbOrTx } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { AppError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import { CALENDAR_CHANGED_JOB, loadOverrides } from '../../calendar/calendar.service';
import { endOfShanghaiDay, shanghaiDate } from '../../calendar/working-days';
import { offsetOf, parseSort } from '../../lib/paging';
import { hasRole, orgsWithRole, type Actor, type RequestContext } from '../../policy/actor';
import { availableActions, decide, transitionFor, type Facts } from '../../workflow/engine';
import { validationError } from '../../http/validation';
import { notify } from '../notifications/notifications.service';
import { userIdsWithRole } from '../users/users.service';
import { joinOnIntake } from '../enterprises/enterprises.service';
import { assignmentOf, assignmentRole, conflictAsked, isAssignee, isClient, isStaff, stepInputs, type AssigneeFacts, type CaseRecord, type CaseTransition, type CaseTypeDef } from './case-type';
import { dueState, nextClock, recountClock, type Clock, type ClockLimits } from './case-clock';
import * as repo from './cases.repository';
import { districtCodesOf } from './cases.scope';
import { caseDocuments, DOCUMENT_EVENTS } from './cases.documents';
import { caseLinks, LINK_EVENTS } from './cases.links';
import { CASE_TYPES } from './types';

type Ctx = RequestContext & { actor: Actor };
const PROFESSIONAL_ROLES = ['expert', 'agency_user', 'mediator'] as const;

function typeDef(type: string): CaseTypeDef {
  const def = CASE_TYPES[type];
  if (!def) throw new AppError('VALIDATION', { details: [{ path: 'type', message: Object.keys(CASE_TYPES).join(' | ') }] });
  return def;
}

/** Where the caller's cases are: their workstations, their enterprise, their assignments. */
function scopeOf(a: Actor): repo.CaseScope {
  return {
    workstationIds: orgsWithRole(a, 'workstation_admin', 'workstation_staff'),
    clientEnterpriseIds: orgsWithRole(a, 'enterprise_user'),
    assigneeUserId: orgsWithRole(a, ...PROFESSIONAL_ROLES, 'workstation_staff', 'workstation_admin').length ? a.userId : undefined,
  };
}

interface Loaded {
  c: repo.CaseRow;
  branch: { id: string; name: string } | null;
  def: CaseTypeDef;
  parties: Awaited<ReturnType<typeof repo.partiesOf>>;
  assignments: Awaited<ReturnType<typeof repo.assignmentsOf>>;
  events: Awaited<ReturnType<typeof repo.eventsOf>>;
  rec: CaseRecord;
}

async function load(db: DbOrTx, id: string): Promise<Loaded | undefined> {
  const c = await repo.findCase(db, id);
  if (!c) return undefined;
  const [parties, assignments, events, branch] = await Promise.all([
    repo.partiesOf(db, [id]),
    repo.assignmentsOf(db, id),
    repo.eventsOf(db, id),
    c.branchId ? repo.findBranch(db, c.branchId) : Promise.resolve(undefined),
  ]);
  const drafter = [...events].reverse().find((e) => e.e.action === 'draft_report');
  return {
    c,
    branch: branch ?? null,
    def: typeDef(c.type),
    parties,
    assignments,
    events,
    rec: {
      workstationId: c.workstationId,
      clientEnterpriseIds: parties.filter((p) => p.side === 'client' && p.enterpriseId).map((p) => p.enterpriseId!),
      assigneeIds: assignments.filter((a) => a.a.active).map((a) => a.a.userId),
      drafterId: drafter?.e.actorId ?? null,
    },
  };
}

/** Staff of the owning workstation, a client enterprise's users and active assignees see a case; anyone else gets 404. */
async function loadVisible(deps: AppDeps, actor: Actor, id: string) {
  const l = await load(deps.db, id);
  if (!l || !(isStaff(actor, l.rec) || isClient(actor, l.rec) || isAssignee(actor, l.rec))) throw notFound();
  return l;
}

/** The case as the caller may see it (404 otherwise), for the document endpoints. */
export async function visibleCase(deps: AppDeps, actor: Actor, id: string) {
  const l = await loadVisible(deps, actor, id);
  return { c: l.c, rec: l.rec };
}

type Documents = Awaited<ReturnType<typeof caseDocuments>>;
type Links = Awaited<ReturnType<typeof caseLinks>>;
const isDocumentEvent = (action: string) => (DOCUMENT_EVENTS as readonly string[]).includes(action);
const isLinkEvent = (action: string) => (LINK_EVENTS as readonly string[]).includes(action);

function present(deps: AppDeps, actor: Actor, l: Loaded, messages?: Awaited<ReturnType<typeof repo.messagesOf>>, documents?: Documents, links?: Links) {
  const staff = isStaff(actor, l.rec);
  const client = isClient(actor, l.rec);
  const now = deps.clock();
  const counted = !!l.c.countedAt;
  return {
    data: {
      id: l.c.id,
      caseNo: l.c.caseNo,
      type: l.c.type,
      workstationId: l.c.workstationId,
      branchId: l.branch?.id ?? null,
      branchName: l.branch?.name ?? null,
      status: l.c.status,
      title: l.c.title,
      form: l.c.form,
      channel: l.c.channel,
      version: l.c.version,
      dueAt: l.c.dueAt?.toISOString() ?? null,
      dueState: dueState(l.c.dueAt, now),
      clock: l.c.clock,
      countedAt: l.c.countedAt?.toISOString() ?? null,
      outcome: l.c.outcome,
      rating: l.c.rating,
      ratingComment: l.c.ratingComment,
      createdAt: l.c.createdAt.toISOString(),
      updatedAt: l.c.updatedAt.toISOString(),
      parties: l.parties.map((p) => ({ id: p.id, enterpriseId: p.enterpriseId, uscc: p.uscc, name: p.name, side: p.side })),
      assignments: l.assignments.map((a) => ({ id: a.a.id, userId: a.a.userId, name: a.name, role: a.a.role, active: a.a.active })),
      // Document events show only to those who may see the document; link events to those who may open the other case.
      timeline: l.events
        .filter((e) => !isDocumentEvent(e.e.action) || !!documents?.eventVisible(e.e.data))
        .filter((e) => !isLinkEvent(e.e.action) || !!links?.eventVisible(e.e.data)).map((e) => ({ id: e.e.id, action: e.e.action, from: e.e.fromState, to: e.e.toState, actor: e.actor, reason: e.e.reason, at: e.e.at.toISOString() })),
      // Internal notes never reach the enterprise; the answer does once the service is delivered.
      messages: (messages ?? [])
        .filter((m) => !client || m.m.kind === 'message' || (m.m.kind === 'answer' && (l.def.closedStates as readonly string[]).includes(l.c.status)))
        .map((m) => ({ id: m.m.id, kind: m.m.kind, author: m.author, body: m.m.body, at: m.m.createdAt.toISOString() })),
      documents: documents?.items ?? [],
      links: links?.items ?? [],
    },
    abilities: {
      actions: availableActions(l.def.workflow, l.c.status, actor, l.rec),
      // What each of those steps asks for, from the type's table: the page builds its form from it.
      inputs: stepInputs(l.def.workflow, l.c.status, actor, l.rec),
      addParty: staff,
      note: staff || isAssignee(actor, l.rec),
      message: staff || client || isAssignee(actor, l.rec),
      rate: client && counted && l.c.rating === null,
      uploadDocument: true,
      link: staff,
      edit: staff,
    },
  };
}

async function getWithMessages(deps: AppDeps, actor: Actor, id: string) {
  const l = await loadVisible(deps, actor, id);
  const linkEvents = l.events.filter((e) => isLinkEvent(e.e.action)).map((e) => e.e.data);
  const [messages, documents, links] = await Promise.all([repo.messagesOf(deps.db, id), caseDocuments(deps.db, actor, l.rec, id), caseLinks(deps.db, actor, id, linkEvents)]);
  return present(deps, actor, l, messages, documents, links);
}

export const getCase = (deps: AppDeps, ctx: Ctx, id: string) => getWithMessages(deps, ctx.actor, id);

export async function listCases(
  deps: AppDeps,
  ctx: Ctx,
  q: { type?: string; status?: string; overdue?: boolean; dueState?: 'due' | 'due_soon' | 'overdue'; assignee?: string; unassigned?: boolean; workstationId?: string; branchId?: string; q?: string; page: number; pageSize: number; sort: string },
) {
  const { rows, total, totalIsEstimate } = await repo.listCases(
    deps.db,
    scopeOf(ctx.actor),
    { ...q, assigneeId: q.assignee === 'me' ? ctx.actor.userId : q.assignee, now: deps.clock() },
    offsetOf(q),
    parseSort(q.sort),
  );
  const now = deps.clock();
  const branches = await repo.branchNames(deps.db, [...new Set(rows.flatMap((c) => (c.branchId ? [c.branchId] : [])))]);
  return {
    items: rows.map((c) => ({
      id: c.id,
      caseNo: c.caseNo,
      type: c.type,
      workstationId: c.workstationId,
      branchId: c.branchId,
      branchName: c.branchId ? (branches.get(c.branchId) ?? null) : null,
      status: c.status,
      title: c.title,
      channel: c.channel,
      dueAt: c.dueAt?.toISOString() ?? null,
      dueState: dueState(c.dueAt, now),
      version: c.version,
      createdAt: c.createdAt.toISOString(),
    })),
    total,
    totalIsEstimate,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export interface CreateInput {
  type: string;
  /** Optional for an enterprise user (see intakeTarget) and for staff of one workstation. */
  workstationId?: string | null;
  enterpriseId?: string | null;
  /** A branch (分站) of the workstation, chosen by its staff. */
  branchId?: string | null;
  form: unknown;
  channel?: string;
  adverse?: { uscc: string; name: string }[];
  idempotencyKey?: string | null;
}

type EnterpriseFacts = NonNullable<Awaited<ReturnType<typeof repo.enterpriseFacts>>>;
/** A branch of this workstation, else 400 naming branchId (another workstation's branch is refused the same as none). */
async function branchOfWorkstation(db: DbOrTx, branchId: string, workstationId: string) {
  const b = await repo.findBranch(db, branchId);
  if (!b || b.workstationId !== workstationId) throw new AppError('VALIDATION', { messageKey: 'BRANCH_NOT_OF_WORKSTATION', details: [{ path: 'branchId', message: '' }] });
  return b;
}

const intakeRefusal = (messageKey: string, path: string) => new AppError('VALIDATION', { messageKey, details: [{ path, message: '' }] });

/**
 * Where a request goes and for whom, in one rule. Staff: one of their workstations (named, or their
 * only one) for an enterprise that is its member. An enterprise user: for its own enterprise, the
 * workstation named, which must be one of its workstations; unnamed, its only workstation; when it
 * belongs to none, the active workstation for its cluster and district, else for its cluster
 * (repo.workstationForEnterprise); otherwise 400 naming the workstation.
 */
export async function intakeTarget(db: DbOrTx, actor: Actor, input: { workstationId?: string | null; enterpriseId?: string | null }): Promise<{ workstationId: string; ent: EnterpriseFacts; byStaff: boolean; routedBy?: 'cluster_district' | 'cluster' }> {
  const staffWs = orgsWithRole(actor, 'workstation_admin', 'workstation_staff');
  const own = orgsWithRole(actor, 'enterprise_user');
  const named = input.workstationId ?? null;
  const staffAt = named ? (staffWs.includes(named) ? named : null) : own.length ? null : staffWs.length === 1 ? staffWs[0] : null;
  if (staffAt) {
    if (!input.enterpriseId) throw intakeRefusal('VALIDATION', 'enterpriseId');
    const ent = await repo.enterpriseFacts(db, input.enterpriseId);
    if (!ent || !(await repo.isMember(db, ent.id, staffAt))) throw intakeRefusal('NOT_MEMBER', 'enterpriseId');
    return { workstationId: staffAt, ent, byStaff: true };
  }
  if (!own.length) {
    if (!named && staffWs.length > 1) throw intakeRefusal('WORKSTATION_REQUIRED', 'workstationId');
    throw new AppError('FORBIDDEN');
  }
  const enterpriseId = input.enterpriseId && own.includes(input.enterpriseId) ? input.enterpriseId : own[0];
  const ent = await repo.enterpriseFacts(db, enterpriseId);
  if (!ent) throw intakeRefusal('NOT_MEMBER', 'workstationId');
  if (named) {
    if (!(await repo.isMember(db, ent.id, named))) throw intakeRefusal('NOT_MEMBER', 'workstationId');
    return { workstationId: named, ent, byStaff: false };
  }
  const memberOf = await repo.membershipsOf(db, ent.id);
  if (memberOf.length === 1) return { workstationId: memberOf[0], ent, byStaff: false };
  if (memberOf.length > 1) throw intakeRefusal('WORKSTATION_REQUIRED', 'workstationId');
  const fallback = await repo.workstationForEnterprise(db, ent);
  if (!fallback) throw intakeRefusal('NO_WORKSTATION_FOR_ENTERPRISE', 'workstationId');
  return { workstationId: fallback.id, ent, byStaff: false, routedBy: fallback.match };
}

/**
 * Intake: an enterprise user submits for its own enterprise to one of its workstations; staff enter
 * a request on an enterprise's behalf. The same Idempotency-Key returns the same case.
 */
export async function createCase(deps: AppDeps, ctx: Ctx, input: CreateInput, opts: { tx?: DbOrTx } = {}) {
  const db = opts.tx ?? deps.db;
  const def = typeDef(input.type);
  const parsed = def.form.safeParse(input.form);
  if (!parsed.success) {
    const err = validationError(parsed.error, ctx.locale);
    throw new AppError('VALIDATION', { details: err.options.details?.map((d) => ({ ...d, path: `form.${d.path}` })) });
  }
  if (input.idempotencyKey) {
    const existing = await repo.findByIdempotencyKey(db, ctx.actor.userId, input.idempotencyKey);
    if (existing) return { ...(await getWithMessages(deps, ctx.actor, existing.id)), replayed: true };
  }
  const { workstationId, ent, byStaff, routedBy } = await intakeTarget(db, ctx.actor, input);
  // The branch is the workstation's to say: its staff choose one at intake, an enterprise does not.
  if (input.branchId && !byStaff) throw new AppError('FORBIDDEN');
  const branch = input.branchId ? await branchOfWorkstation(db, input.branchId, workstationId) : null;
  const now = deps.clock();
  const overrides = await loadOverrides(db);
  const form = parsed.data;
  const clock = nextClock(def, null, null, def.workflow.initial, now, form, overrides, { limits: clockLimits(deps.env) });
  const run = async (tx: DbOrTx) => {
    const caseNo = await repo.nextCaseNo(tx, def.numberPrefix, Number(shanghaiDate(now).slice(0, 4)));
    const c = await repo.insertCase(tx, {
      caseNo,
      type: def.type,
      workstationId,
      branchId: branch?.id ?? null,
      status: def.workflow.initial,
      title: def.title(form),
      form,
      channel: input.channel ?? (byStaff ? 'walk_in' : 'online'),
      clock,
      dueAt: clock?.dueAt ? new Date(clock.dueAt) : null,
      createdBy: ctx.actor.userId,
      idempotencyKey: input.idempotencyKey ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await repo.insertParty(tx, { caseId: c.id, enterpriseId: ent.id, uscc: ent.uscc, name: ent.name, side: 'client', createdAt: now });
    // Routed to the workstation for its cluster (it belonged to none): it becomes that workstation's member.
    if (routedBy) await joinOnIntake(tx, ctx, { enterpriseId: ent.id, workstationId, now });
    for (const a of input.adverse ?? []) await repo.insertParty(tx, { caseId: c.id, uscc: a.uscc, name: a.name, side: 'adverse', createdAt: now });
    await repo.insertEvent(tx, { recordType: 'case', recordId: c.id, action: 'create', fromState: null, toState: c.status, actorId: ctx.actor.userId, at: now });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'case.created',
      recordType: 'case',
      recordId: c.id,
      organizationId: workstationId,
      data: { caseNo, caseType: def.type, enterpriseId: ent.id, channel: c.channel, ...(routedBy ? { routedBy } : {}) },
    });
    return c;
  };
  let created;
  try {
    created = opts.tx ? await run(opts.tx) : await deps.db.transaction(run);
  } catch (err) {
    // The same key sent twice at once: the first insert wins, the second answers with its case.
    if (!opts.tx && input.idempotencyKey && isUniqueViolation(err, 'cases_idempotency_uq')) {
      const first = await repo.findByIdempotencyKey(deps.db, ctx.actor.userId, input.idempotencyKey);
      if (first) return { ...(await getWithMessages(deps, ctx.actor, first.id)), replayed: true };
    }
    throw err;
  }
  if (!opts.tx && !byStaff) {
    const staff = await userIdsWithRole(deps.db, [workstationId], ['workstation_admin', 'workstation_staff']);
    if (staff.length) await notify(deps, { userIds: staff, kind: 'case.submitted', title: `新的服务申请：${created.title}`, body: `${ent.name} 提交了${created.caseNo}`, link: `/cases/${created.id}` });
  }
  return opts.tx ? { data: { id: created.id }, abilities: null, replayed: false } : { ...(await getWithMessages(deps, ctx.actor, created.id)), replayed: false };
}

export interface TransitionInput {
  action: string;
  version: number;
  reason?: string | null;
  assigneeId?: string | null;
  overrideReason?: string | null;
  answer?: string | null;
  outcome?: string | null;
}

/** The facts a case step may need (`CaseTransition.needs`), each gathered by one look-up here; the table's guard decides on them. */
const GATHER: Record<string, (db: DbOrTx, l: Loaded, t: CaseTransition, input: TransitionInput) => Promise<unknown>> = {
  /** Who is named in `assigneeId`: their account and roles, then (only where the rule asks it) the conflict check's yes or no. */
  assignee: async (db, l, t, input): Promise<AssigneeFacts | null> => {
    if (!input.assigneeId) return null;
    const who = await repo.assigneeOf(db, input.assigneeId);
    const role = t.assigns ? assignmentRole(t.assigns, l.rec, who) : null;
    const conflict = t.assigns && conflictAsked(t.assigns, role) ? await repo.hasConflict(db, l.c.id, input.assigneeId, who.agencyIds) : null;
    return { userId: input.assigneeId, active: who.active, roles: who.roles, orgIds: who.orgIds, conflict };
  },
};

async function gatherFacts(db: DbOrTx, l: Loaded, t: CaseTransition, input: TransitionInput): Promise<Facts> {
  const facts: Record<string, unknown> = {};
  for (const need of t.needs ?? []) {
    const gather = GATHER[need];
    if (!gather) throw new Error(`${l.def.type}: ${t.action} needs ${need}, which cases cannot gather`);
    facts[need] = await gather(db, l, t, input);
  }
  return facts;
}

/** One step of a case: decided by its type's table, clock moved, counted once in the ledger, audited, told. */
export async function transitionCase(deps: AppDeps, ctx: Ctx, id: string, input: TransitionInput, opts: { tx?: DbOrTx } = {}) {
  const db = opts.tx ?? deps.db;
  const l = await load(db, id);
  if (!l || !(isStaff(ctx.actor, l.rec) || isClient(ctx.actor, l.rec) || isAssignee(ctx.actor, l.rec))) throw notFound();
  if (l.c.version !== input.version) throw versionConflict();
  // The type's table decides, its guards included (an answer's text, a closing outcome code, whom a
  // step may assign): a step that does not exist or that this actor may not take is refused before
  // anything is looked up; the facts its guards need are gathered here, and the guards decide.
  const facts = await gatherFacts(db, l, transitionFor(l.def.workflow, l.c.status, input.action, ctx.actor, l.rec), input);
  const stepInput = { reason: input.reason ?? null, answer: input.answer ?? null, outcome: input.outcome ?? null, assigneeId: input.assigneeId ?? null, overrideReason: input.overrideReason ?? null };
  const step = decide(l.def.workflow, l.c.status, input.action, ctx.actor, l.rec, stepInput, facts);
  const now = deps.clock();

  // The assignment the step makes, as its guard allowed it (the role taken, a conflict overridden).
  const assigned = step.transition.assigns ? assignmentOf(step.transition.assigns, l.rec, stepInput, facts.assignee as AssigneeFacts | null) : null;
  if (assigned && 'refusal' in assigned) throw new Error(`${l.def.type}: ${input.action} passed its guard but assigns no one`);
  const assignee = assigned?.assignment ?? null;

  const overrides = await loadOverrides(db);
  const clock = nextClock(l.def, l.c.clock as Clock | null, step.from, step.to, now, l.c.form, overrides, { action: input.action, limits: clockLimits(deps.env) });
  const counts = step.to === l.def.countsAt && !l.c.countedAt;
  const run = async (tx: DbOrTx) => {
    const updated = await repo.updateCaseVersioned(tx, id, input.version, {
      status: step.to,
      clock,
      dueAt: clock?.dueAt ? new Date(clock.dueAt) : null,
      breachNotifiedAt: null,
      updatedAt: now,
      ...(counts ? { countedAt: now } : {}),
      ...(step.transition.keeps === 'outcome' ? { outcome: input.outcome } : {}),
    });
    if (!updated) throw versionConflict();
    // The ledger rows this case counted carry how it ended (the case counted when it was answered or delivered).
    if (step.transition.keeps === 'outcome') await repo.setLedgerOutcome(tx, id, input.outcome!);
    if (assignee) {
      await repo.endAssignments(tx, id, now);
      await repo.insertAssignment(tx, { caseId: id, userId: assignee.userId, role: assignee.role, overrideReason: assignee.override, assignedBy: ctx.actor.userId, createdAt: now });
      if (assignee.override) {
        await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
          type: 'case.coi_override', recordType: 'case', recordId: id, organizationId: l.c.workstationId, data: { assigneeId: assignee.userId, reason: assignee.override },
        });
      }
    }
    if (step.transition.keeps === 'answer') await repo.insertMessage(tx, { caseId: id, authorId: ctx.actor.userId, kind: 'answer', body: input.answer!.trim(), createdAt: now });
    if (counts) {
      // The counting rule: one row per client enterprise per service type per case, once.
      const handlers = [...new Set([...l.rec.assigneeIds, ...(assignee ? [assignee.userId] : []), ctx.actor.userId])];
      const rows = [];
      for (const p of l.parties.filter((x) => x.side === 'client')) {
        const facts = p.enterpriseId ? await repo.enterpriseFacts(tx, p.enterpriseId) : undefined;
        rows.push({
          caseId: id,
          workstationId: l.c.workstationId,
          branchId: l.branch?.id ?? null,
          branchName: l.branch?.name ?? null,
          enterpriseId: p.enterpriseId,
          enterpriseName: p.name,
          uscc: p.uscc,
          serviceType: l.def.serviceType,
          channel: l.c.channel,
          ipType: (l.c.form.ipType as string | undefined) ?? null,
          rightNumbers: (l.c.form.rightNumbers as string[] | undefined) ?? [],
          handlerIds: handlers,
          districtCode: facts?.districtCode ?? null,
          clusters: facts?.clusters ?? [],
          startedAt: l.c.createdAt,
          deliveredAt: now,
          outcome: input.outcome ?? null,
          createdAt: now,
        });
      }
      await repo.insertServiceRecords(tx, rows);
      await repo.syncLedgerConfidentiality(tx, id);
    }
    await repo.insertEvent(tx, { recordType: 'case', recordId: id, action: input.action, fromState: step.from, toState: step.to, actorId: ctx.actor.userId, reason: input.reason?.trim() || null, at: now, data: assignee ? { assigneeId: assignee.userId } : {} });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'case.transitioned', recordType: 'case', recordId: id, organizationId: l.c.workstationId,
      data: { action: input.action, from: step.from, to: step.to, reason: input.reason?.trim() || null },
    });
  };
  if (opts.tx) await run(opts.tx);
  else await deps.db.transaction(run);

  if (!opts.tx) {
    const clients = await userIdsWithRole(deps.db, l.rec.clientEnterpriseIds, ['enterprise_user']);
    const tell = (l.def.tellsClient as Partial<Record<string, string>>)[step.to];
    if (tell && clients.length && !isClient(ctx.actor, l.rec)) {
      await notify(deps, { userIds: clients, kind: `case.${step.to}`, title: `${tell}：${l.c.caseNo}`, body: input.reason?.trim() || l.c.title, link: `/cases/${id}`, email: true });
    }
    if (assignee && assignee.userId !== ctx.actor.userId) {
      await notify(deps, { userIds: [assignee.userId], kind: 'case.assigned', title: `分派给您的案件：${l.c.caseNo}`, body: l.c.title, link: `/cases/${id}` });
    }
  }
  return opts.tx ? null : getWithMessages(deps, ctx.actor, id);
}

/** Quick entry of a walk-in or phone consultation: opened, accepted and answered in one step. */
export async function quickConsultation(
  deps: AppDeps,
  ctx: Ctx,
  input: { workstationId: string; enterpriseId: string; branchId?: string | null; channel: string; form: unknown; answer: string },
) {
  if (!orgsWithRole(ctx.actor, 'workstation_admin', 'workstation_staff').includes(input.workstationId)) throw new AppError('FORBIDDEN');
  const id = await deps.db.transaction(async (tx) => {
    const created = await createCase(deps, ctx, { type: 'consultation', workstationId: input.workstationId, enterpriseId: input.enterpriseId, branchId: input.branchId, form: input.form, channel: input.channel }, { tx });
    const cid = created.data.id;
    await transitionCase(deps, ctx, cid, { action: 'accept', version: 1 }, { tx });
    await transitionCase(deps, ctx, cid, { action: 'answer', version: 2, answer: input.answer }, { tx });
    return cid;
  });
  return getWithMessages(deps, ctx.actor, id);
}

export async function addParty(deps: AppDeps, ctx: Ctx, id: string, input: { enterpriseId?: string | null; uscc?: string | null; name?: string | null; side: 'client' | 'adverse' }) {
  const l = await loadVisible(deps, ctx.actor, id);
  if (!isStaff(ctx.actor, l.rec)) throw new AppError('FORBIDDEN');
  let party: { enterpriseId: string | null; uscc: string; name: string };
  if (input.enterpriseId) {
    const ent = await repo.enterpriseFacts(deps.db, input.enterpriseId);
    if (!ent) throw new AppError('VALIDATION', { details: [{ path: 'enterpriseId', message: '' }], messageKey: 'NOT_FOUND' });
    party = { enterpriseId: ent.id, uscc: ent.uscc, name: ent.name };
  } else if (input.uscc && input.name) {
    party = { enterpriseId: null, uscc: input.uscc, name: input.name };
  } else {
    throw new AppError('VALIDATION', { details: [{ path: 'enterpriseId', message: '' }] });
  }
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const p = await repo.insertParty(tx, { caseId: id, ...party, side: input.side, createdAt: now });
    if (!p) throw new AppError('CONFLICT');
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'case.party_added', recordType: 'case', recordId: id, organizationId: l.c.workstationId, data: { partyId: p.id, side: input.side, uscc: party.uscc },
    });
  });
  return getWithMessages(deps, ctx.actor, id);
}

/**
 * What the workstation's staff edit on a case itself (not a workflow step): its branch. The case's
 * ledger rows follow, so the ledger lists the branch that served the case.
 */
export async function updateCase(deps: AppDeps, ctx: Ctx, id: string, input: { version: number; branchId: string | null }) {
  const l = await loadVisible(deps, ctx.actor, id);
  if (!isStaff(ctx.actor, l.rec)) throw new AppError('FORBIDDEN');
  if (l.c.version !== input.version) throw versionConflict();
  const branch = input.branchId ? await branchOfWorkstation(deps.db, input.branchId, l.c.workstationId) : null;
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (!(await repo.updateCaseVersioned(tx, id, input.version, { branchId: branch?.id ?? null, updatedAt: now }))) throw versionConflict();
    await repo.setLedgerBranch(tx, id, branch);
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'case.updated', recordType: 'case', recordId: id, organizationId: l.c.workstationId, data: { branchId: branch?.id ?? null, branchName: branch?.name ?? null },
    });
  });
  return getWithMessages(deps, ctx.actor, id);
}

export async function addMessage(deps: AppDeps, ctx: Ctx, id: string, input: { kind: 'note' | 'message'; body: string }) {
  const l = await loadVisible(deps, ctx.actor, id);
  const abilities = present(deps, ctx.actor, l).abilities;
  if (!(input.kind === 'note' ? abilities.note : abilities.message)) throw new AppError('FORBIDDEN');
  const now = deps.clock();
  await repo.insertMessage(deps.db, { caseId: id, authorId: ctx.actor.userId, kind: input.kind, body: input.body, createdAt: now });
  if (input.kind === 'message') {
    const to = isClient(ctx.actor, l.rec)
      ? [...l.rec.assigneeIds, ...(await userIdsWithRole(deps.db, [l.c.workstationId], ['workstation_admin', 'workstation_staff']))]
      : await userIdsWithRole(deps.db, l.rec.clientEnterpriseIds, ['enterprise_user']);
    const others = to.filter((u) => u !== ctx.actor.userId);
    if (others.length) await notify(deps, { userIds: others, kind: 'case.message', title: `新消息：${l.c.caseNo}`, body: input.body.slice(0, 200), link: `/cases/${id}` });
  }
  return getWithMessages(deps, ctx.actor, id);
}

export async function rateCase(deps: AppDeps, ctx: Ctx, id: string, input: { score: number; comment?: string | null }) {
  const l = await loadVisible(deps, ctx.actor, id);
  if (!present(deps, ctx.actor, l).abilities.rate) throw new AppError(isClient(ctx.actor, l.rec) ? 'INVALID_TRANSITION' : 'FORBIDDEN');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (!(await repo.updateCaseVersioned(tx, id, l.c.version, { rating: input.score, ratingComment: input.comment ?? null, updatedAt: now }))) throw versionConflict();
    await repo.rateServiceRecords(tx, id, input.score);
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'case.rated', recordType: 'case', recordId: id, organizationId: l.c.workstationId, data: { score: input.score },
    });
  });
  return getWithMessages(deps, ctx.actor, id);
}

/**
 * The ledger: a workstation reads its own rows; the bureau and the alliance every row's metadata
 * (never case content); a district officer the rows of its district.
 */
export async function listLedger(
  deps: AppDeps,
  ctx: Ctx,
  q: { from?: string; to?: string; type?: string; workstationId?: string; branchId?: string; channel?: string; cluster?: string; district?: string; page: number; pageSize: number },
  /** An export reads on from the last row it wrote (keyset) and needs no total. */
  opts: { after?: { deliveredAt: string; id: string }; count?: boolean } = {},
) {
  const a = ctx.actor;
  let scope: Pick<repo.LedgerFilter, 'workstationIds' | 'districtCodes'>;
  if (hasRole(a, 'bureau_admin') || hasRole(a, 'alliance_officer')) scope = {};
  else if (orgsWithRole(a, 'workstation_admin', 'workstation_staff').length) scope = { workstationIds: orgsWithRole(a, 'workstation_admin', 'workstation_staff') };
  else if (hasRole(a, 'district_officer')) {
    scope = { districtCodes: await districtCodesOf(deps.db, orgsWithRole(a, 'district_officer')) };
  } else throw new AppError('FORBIDDEN');
  const { rows, total, enterpriseTimes } = await repo.listLedger(
    deps.db,
    {
      ...scope,
      from: q.from ? new Date(`${q.from}T00:00:00+08:00`) : undefined,
      to: q.to ? new Date(`${q.to}T23:59:59.999+08:00`) : undefined,
      type: q.type,
      workstationId: q.workstationId,
      branchId: q.branchId,
      channel: q.channel,
      cluster: q.cluster,
      district: q.district,
      after: opts.after && { deliveredAt: new Date(opts.after.deliveredAt), id: opts.after.id },
    },
    offsetOf(q),
    { count: opts.count ?? true },
  );
  return {
    items: rows.map(({ r, workstationName, caseNo, handlers }) => ({
      id: r.id,
      caseId: r.caseId,
      caseNo,
      handlers,
      workstationId: r.workstationId,
      workstationName,
      branchId: r.branchId,
      branchName: r.branchName,
      enterpriseId: r.enterpriseId,
      enterpriseName: r.enterpriseName,
      uscc: r.uscc,
      serviceType: r.serviceType,
      channel: r.channel,
      ipType: r.ipType,
      rightNumbers: r.rightNumbers,
      districtCode: r.districtCode,
      clusters: r.clusters,
      startedAt: r.startedAt.toISOString(),
      deliveredAt: r.deliveredAt.toISOString(),
      outcome: r.outcome,
      satisfaction: r.satisfaction,
      confidentiality: r.confidentiality,
    })),
    total,
    enterpriseTimes,
    page: q.page,
    pageSize: q.pageSize,
  };
}

const limitsCache = new WeakMap<object, ClockLimits>();
/**
 * The deployment's time limits (IPSTATION_CASE_LIMITS) as "type.clock" -> amount. A name no case
 * type has is a configuration error, reported at start (registerCaseJobs) rather than ignored.
 */
export function clockLimits(env: AppDeps['env']): ClockLimits {
  let limits = limitsCache.get(env);
  if (limits) return limits;
  const known = new Set(
    Object.values(CASE_TYPES).flatMap((d) =>
      [...Object.values(d.clocks.onEnter), ...Object.values(d.clocks.onAction ?? {})].flatMap((r) => (r && r !== 'stop' ? [`${d.type}.${r.name}`] : [])),
    ),
  );
  const unknown = Object.keys(env.IPSTATION_CASE_LIMITS).filter((k) => !known.has(k));
  if (unknown.length) {
    throw new Error(`IPSTATION_CASE_LIMITS: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a case time limit; known: ${[...known].sort().join(', ')}`);
  }
  limits = new Map(Object.entries(env.IPSTATION_CASE_LIMITS));
  limitsCache.set(env, limits);
  return limits;
}

/**
 * Counts again every running clock that falls due on or after `date`, on the calendar as it is now
 * (a day was made a holiday or a working day). Returns how many due dates moved.
 */
export async function recountDueDates(deps: AppDeps, date: string) {
  const overrides = await loadOverrides(deps.db);
  const from = new Date(endOfShanghaiDay(date).getTime() - 86_400_000 + 1);
  const now = deps.clock();
  let moved = 0;
  for (const r of await repo.runningClocksDueFrom(deps.db, from)) {
    const next = recountClock(r.clock as Clock | null, overrides);
    if (!next || next === r.clock) continue;
    if (await repo.setRecountedClock(deps.db, r.id, r.version, next, now)) moved++;
  }
  return moved;
}

export function registerCaseJobs(deps: AppDeps) {
  clockLimits(deps.env);
  // The calendar announces a changed day; running clocks are counted again on the new calendar.
  deps.jobs.register(CALENDAR_CHANGED_JOB, async (job) => {
    const moved = await recountDueDates(deps, (job.payload as { date: string }).date);
    if (moved) deps.log.info({ moved }, 'case due dates recounted after a calendar change');
    return { moved };
  });
}

/** Scheduled: tell each workstation's admins once when a case's clock runs out. */
export async function notifyBreaches(deps: AppDeps) {
  const now = deps.clock();
  const due = await repo.overdueUnnotified(deps.db, now);
  for (const c of due) {
    const admins = await userIdsWithRole(deps.db, [c.workstationId], ['workstation_admin']);
    if (admins.length) await notify(deps, { userIds: admins, kind: 'case.overdue', title: `案件已超期：${c.caseNo}`, body: c.title, link: `/cases/${c.id}`, email: true });
  }
  await repo.markBreachNotified(deps.db, due.map((c) => c.id), now);
  return due.length;
}

/**
 * Hands the open cases of a user (say, one who left) to another, in the admin's workstations: each
 * becomes a `reassign` step where the workflow allows it, so history, audit and clocks stay right.
 */
export async function reassignOpenCases(deps: AppDeps, ctx: Ctx, input: { fromUserId: string; toUserId: string; reason: string }) {
  const mine = orgsWithRole(ctx.actor, 'workstation_admin');
  if (!mine.length) throw new AppError('FORBIDDEN');
  const open = await repo.openAssignmentsOf(deps.db, input.fromUserId, mine);
  const moved: string[] = [];
  const skipped: { caseId: string; reason: string }[] = [];
  for (const a of open) {
    const c = await repo.findCase(deps.db, a.caseId);
    if (!c) continue;
    try {
      await transitionCase(deps, ctx, a.caseId, { action: 'reassign', version: c.version, assigneeId: input.toUserId, reason: input.reason });
      moved.push(a.caseId);
    } catch (e) {
      skipped.push({ caseId: a.caseId, reason: e instanceof AppError ? e.code : 'INTERNAL' });
    }
  }
  return { moved, skipped };
}
