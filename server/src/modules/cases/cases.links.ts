import type { AppDeps } from '../../deps';
import type { DbOrTx } from '../../db/client';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import type { Actor, RequestContext } from '../../policy/actor';
import { isAssignee, isClient, isStaff } from './case-type';
import * as linkRepo from './cases.links.repository';
import * as repo from './cases.repository';
import { getCase, visibleCase } from './cases.service';

type Ctx = RequestContext & { actor: Actor };

/** What the other case is to this one: its parent, its child (follow-up work split off), or related. */
export const LINK_KINDS = ['parent', 'child', 'related'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
export const LINK_EVENTS = ['link', 'unlink'] as const;

type Stored = linkRepo.CaseLinkRow;
const otherOf = (l: Stored, caseId: string) => (l.fromCaseId === caseId ? l.toCaseId : l.fromCaseId);
/** A stored `child` link reads from its parent (`from`) to its child (`to`). */
const kindSeenFrom = (l: Stored, caseId: string): LinkKind => (l.kind === 'related' ? 'related' : l.fromCaseId === caseId ? 'child' : 'parent');
const linkedCaseOf = (data: unknown) => (data && typeof data === 'object' && typeof (data as { caseId?: unknown }).caseId === 'string' ? (data as { caseId: string }).caseId : null);

/**
 * The links of a case as the caller may see them: a link shows only when the caller may open the
 * other case too (staff of its workstation, a client enterprise's user, an active assignee); the
 * others are left out entirely, and so are the timeline's link events that name them.
 */
export async function caseLinks(db: DbOrTx, actor: Actor, caseId: string, eventData: unknown[]) {
  const links = await linkRepo.linksOf(db, caseId);
  const ids = [...new Set([...links.map((l) => otherOf(l, caseId)), ...eventData.map(linkedCaseOf).filter((i): i is string => !!i)])];
  const facts = await linkRepo.linkedCaseFacts(db, ids);
  const visible = new Map(
    facts.filter((f) => {
      const rec = { workstationId: f.workstationId, clientEnterpriseIds: f.clientEnterpriseIds, assigneeIds: f.assigneeIds, drafterId: null };
      return isStaff(actor, rec) || isClient(actor, rec) || isAssignee(actor, rec);
    }).map((f) => [f.id, f]),
  );
  return {
    items: links
      .filter((l) => visible.has(otherOf(l, caseId)))
      .map((l) => {
        const c = visible.get(otherOf(l, caseId))!;
        return { id: l.id, kind: kindSeenFrom(l, caseId), case: { id: c.id, caseNo: c.caseNo, title: c.title, type: c.type, status: c.status } };
      }),
    eventVisible: (data: unknown) => {
      const other = linkedCaseOf(data);
      return !!other && visible.has(other);
    },
  };
}

/** A case the caller handles as staff of its workstation: 404 when they cannot open it, 403 when they only take part. */
async function asStaff(deps: AppDeps, actor: Actor, id: string) {
  const v = await visibleCase(deps, actor, id);
  if (!isStaff(actor, v.rec)) throw new AppError('FORBIDDEN');
  return v;
}

/** The other end of a link: outside the caller's workstations it does not exist for them (404). */
async function otherAsStaff(deps: AppDeps, actor: Actor, id: string) {
  const v = await visibleCase(deps, actor, id);
  if (!isStaff(actor, v.rec)) throw notFound();
  return v;
}

const refuse = (code: 'VALIDATION' | 'CONFLICT', messageKey: string, path = 'caseId') => new AppError(code, { messageKey, details: [{ path, message: '' }] });

async function record(tx: DbOrTx, ctx: Ctx, now: Date, type: 'case.linked' | 'case.unlinked', link: Stored, sides: { id: string; status: string; workstationId: string }[]) {
  const action = type === 'case.linked' ? 'link' : 'unlink';
  for (const side of sides) {
    const other = otherOf(link, side.id);
    await repo.insertEvent(tx, { recordType: 'case', recordId: side.id, action, fromState: side.status, toState: side.status, actorId: ctx.actor.userId, at: now, data: { linkId: link.id, caseId: other, kind: kindSeenFrom(link, side.id) } });
  }
  const [first] = sides;
  await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
    type, recordType: 'case', recordId: first.id, organizationId: first.workstationId,
    data: { linkId: link.id, kind: kindSeenFrom(link, first.id), linkedCaseId: otherOf(link, first.id) },
  });
}

/**
 * Staff of the owning workstation link two cases they both handle. Refused: a case linked to
 * itself (400), a second link between the same two cases, a second parent, a cycle of parents (409),
 * a case outside the caller's workstations (404).
 */
export async function linkCase(deps: AppDeps, ctx: Ctx, id: string, input: { caseId: string; kind: LinkKind }) {
  const here = await asStaff(deps, ctx.actor, id);
  if (input.caseId === id) throw refuse('VALIDATION', 'LINK_SELF');
  const there = await otherAsStaff(deps, ctx.actor, input.caseId);
  // Stored as parent -> child, or once for a related pair.
  const [fromCaseId, toCaseId] = input.kind === 'parent' ? [input.caseId, id] : [id, input.caseId];
  const kind = input.kind === 'related' ? 'related' : 'child';
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (kind === 'child') await linkRepo.lockParentLinks(tx);
    if (await linkRepo.linkBetween(tx, id, input.caseId)) throw refuse('CONFLICT', 'LINK_EXISTS');
    if (kind === 'child') {
      if (await linkRepo.parentLinkOf(tx, toCaseId)) throw refuse('CONFLICT', 'LINK_SECOND_PARENT', 'kind');
      // The child may not already be the parent's parent, grandparent, ...
      if (await linkRepo.isSelfOrAncestor(tx, toCaseId, fromCaseId)) throw refuse('CONFLICT', 'LINK_CYCLE', 'kind');
    }
    const link = await linkRepo.insertLink(tx, { fromCaseId, toCaseId, kind, createdBy: ctx.actor.userId, createdAt: now });
    if (!link) throw refuse('CONFLICT', 'LINK_EXISTS');
    await record(tx, ctx, now, 'case.linked', link, [
      { id, status: here.c.status, workstationId: here.c.workstationId },
      { id: there.c.id, status: there.c.status, workstationId: there.c.workstationId },
    ]);
  });
  return getCase(deps, ctx, id);
}

/** Removes a link; the same people who may make it (404 for a link the caller cannot see). */
export async function unlinkCase(deps: AppDeps, ctx: Ctx, id: string, linkId: string) {
  const here = await asStaff(deps, ctx.actor, id);
  const link = await linkRepo.findLink(deps.db, linkId);
  if (!link || (link.fromCaseId !== id && link.toCaseId !== id)) throw notFound();
  const there = await otherAsStaff(deps, ctx.actor, otherOf(link, id));
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const gone = await linkRepo.deleteLink(tx, linkId);
    if (!gone) throw notFound();
    await record(tx, ctx, now, 'case.unlinked', gone, [
      { id, status: here.c.status, workstationId: here.c.workstationId },
      { id: there.c.id, status: there.c.status, workstationId: there.c.workstationId },
    ]);
  });
  return getCase(deps, ctx, id);
}
