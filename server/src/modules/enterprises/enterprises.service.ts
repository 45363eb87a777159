import { CLUSTER_VERSION_CURRENT, unknownClusterCodes } from '../../../../shared/src/clusters';
import { DISTRICT_CODES } from '../../../../shared/src/districts';
import type { AppDeps } from '../../deps';
import type { DbOrTx } from '../../db/client';
import type { EnterpriseContact } from '../../db/schema';
import { AppError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import { offsetOf, parseSort } from '../../lib/paging';
import { sortKey } from '../../lib/sort-key';
import { hasRole, orgsWithRole, type Actor, type RequestContext } from '../../policy/actor';
import { authorize } from '../../policy/authorize';
import * as repo from './enterprises.repository';
import { enterpriseAbilities, enterprisePolicy, enterpriseScope, staffWorkstations } from './enterprises.policy';

type Ctx = RequestContext & { actor: Actor };

export interface EnterpriseInput {
  uscc: string;
  name: string;
  clusters?: string[];
  districtCode?: string | null;
  address?: string | null;
  flags?: string[];
  contacts?: { name: string; phone?: string; email?: string; consentPurpose: string }[];
}

/** The district a code was registered in, when its division part is a Shenzhen district. */
export function districtFromUscc(uscc: string): string | null {
  const division = uscc.slice(2, 8);
  return (DISTRICT_CODES as readonly string[]).includes(division) ? division : null;
}

async function filterFor(db: DbOrTx, actor: Actor): Promise<repo.EnterpriseFilter> {
  const s = enterpriseScope(actor);
  if ('all' in s) return {};
  if ('memberOf' in s) return { memberOf: s.memberOf };
  if ('ids' in s) return { ids: s.ids };
  if ('districtOrgIds' in s) return { districtScope: await repo.districtOf(db, s.districtOrgIds) };
  return { ids: [] };
}

async function present(deps: AppDeps, actor: Actor, e: repo.EnterpriseRow) {
  const ms = await repo.memberships(deps.db, e.id);
  const own = staffWorkstations(actor);
  const seesAllMemberships = hasRole(actor, 'bureau_admin') || hasRole(actor, 'alliance_officer') || hasRole(actor, 'district_officer');
  return {
    data: {
      ...view(e, actor),
      // A workstation sees its own membership, not which other workstations the enterprise joined.
      memberships: ms
        .filter((m) => seesAllMemberships || own.includes(m.workstationId) || hasRole(actor, 'enterprise_user'))
        .map((m) => ({ ...m })),
    },
    abilities: enterpriseAbilities(actor, { id: e.id, memberOf: ms.map((m) => m.workstationId) }),
  };
}

/**
 * The contacts a caller may read (personal data, need-to-know): the bureau and the enterprise itself
 * read all; a workstation reads those it recorded and those recorded by the bureau or the enterprise
 * (no workstation); district, alliance and professionals read none.
 */
export function visibleContacts(actor: Actor, enterpriseId: string, contacts: EnterpriseContact[]): EnterpriseContact[] {
  if (hasRole(actor, 'bureau_admin') || orgsWithRole(actor, 'enterprise_user').includes(enterpriseId)) return contacts;
  const own = staffWorkstations(actor);
  if (!own.length) return [];
  return contacts.filter((c) => !c.workstationId || own.includes(c.workstationId));
}

/** Whose contacts a write replaces: the caller's workstation among the enterprise's, or null (the bureau, the enterprise). */
function contactOwner(actor: Actor, memberOf: string[]): string | null {
  if (hasRole(actor, 'bureau_admin')) return null;
  return staffWorkstations(actor).find((w) => memberOf.includes(w)) ?? null;
}

const view = (e: repo.EnterpriseRow, actor: Actor) => ({
  id: e.id,
  uscc: e.uscc!,
  name: e.name,
  districtCode: e.districtCode,
  address: e.address,
  clusterVersion: e.clusterVersion,
  clusters: e.clusters,
  flags: e.flags,
  contacts: visibleContacts(actor, e.id, e.contacts).map(({ workstationId: _owner, ...c }) => c),
  version: Number(e.version),
  createdAt: new Date(e.createdAt).toISOString(),
  updatedAt: new Date(e.updatedAt).toISOString(),
});

async function findVisible(deps: AppDeps, actor: Actor, id: string) {
  const f = await filterFor(deps.db, actor);
  const { rows } = await repo.list(deps.db, { ...f, ids: f.ids ? f.ids.filter((x) => x === id) : [id] }, { limit: 1, offset: 0 }, { field: 'name', desc: false });
  if (!rows[0]) throw notFound();
  return rows[0];
}

export async function listEnterprises(
  deps: AppDeps,
  ctx: Ctx,
  q: { cluster?: string; district?: string; flag?: string; q?: string; workstationId?: string; page: number; pageSize: number; sort: string },
) {
  const f = await filterFor(deps.db, ctx.actor);
  const { rows, total, totalIsEstimate } = await repo.list(deps.db, { ...f, ...q }, offsetOf(q), parseSort(q.sort));
  return {
    items: rows.map((e) => ({ ...view(e, ctx.actor), abilities: { update: enterprisePolicy.update(ctx.actor, { id: e.id, memberOf: f.memberOf ?? [] }) || hasRole(ctx.actor, 'bureau_admin') } })),
    total,
    totalIsEstimate,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getEnterprise(deps: AppDeps, ctx: Ctx, id: string) {
  return present(deps, ctx.actor, await findVisible(deps, ctx.actor, id));
}

function pickWorkstation(actor: Actor, requested?: string | null) {
  const mine = staffWorkstations(actor);
  if (requested) {
    if (!mine.includes(requested)) throw new AppError('FORBIDDEN');
    return requested;
  }
  if (mine.length === 1) return mine[0];
  throw new AppError('VALIDATION', { messageKey: 'WORKSTATION_REQUIRED', details: [{ path: 'workstationId', message: '' }] });
}

const contactsOf = (input: Pick<EnterpriseInput, 'contacts'>, now: Date, workstationId: string | null): EnterpriseContact[] =>
  (input.contacts ?? []).map((c) => ({ name: c.name, phone: c.phone, email: c.email, consent: { at: now.toISOString(), purpose: c.consentPurpose }, workstationId }));

/**
 * There is one registry, keyed by 统一社会信用代码. A workstation adding a code that exists joins the
 * enterprise to its members (200); the bureau adding an existing code gets 409.
 */
export async function createEnterprise(deps: AppDeps, ctx: Ctx, input: EnterpriseInput & { workstationId?: string | null }) {
  const bad = unknownClusterCodes(input.clusters); // tagged under the current version of the list
  if (bad.length) throw new AppError('VALIDATION', { messageKey: 'UNKNOWN_CLUSTER', params: { codes: bad.join(', ') }, details: [{ path: 'clusters', message: '' }] });
  const isBureau = hasRole(ctx.actor, 'bureau_admin');
  const workstationId = isBureau && !input.workstationId ? null : pickWorkstation(ctx.actor, input.workstationId);
  const now = deps.clock();
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const result = await deps.db.transaction(async (tx) => {
    const existing = await repo.findByUscc(tx, input.uscc);
    if (existing) {
      if (!workstationId) throw new AppError('CONFLICT', { messageKey: 'ENTERPRISE_EXISTS', details: [{ path: 'uscc', message: '' }] });
      const joined = await repo.join(tx, { enterpriseId: existing.id, workstationId, joinedOn: today, source: 'manual', createdAt: now });
      // The joining workstation's contacts are its own: added beside the others', which it never reads.
      if (input.contacts?.length) await repo.replaceContactsOf(tx, existing.id, workstationId, contactsOf(input, now, workstationId));
      if (joined) {
        await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
          type: 'enterprise.joined', recordType: 'enterprise', recordId: existing.id, organizationId: workstationId, data: { workstationId, source: 'manual' },
        });
      }
      return { id: existing.id, created: false };
    }
    const id = await repo.insert(
      tx,
      {
        type: 'enterprise',
        name: input.name,
        nameSort: sortKey(input.name),
        uscc: input.uscc,
        districtCode: input.districtCode ?? districtFromUscc(input.uscc),
        address: input.address ?? null,
        createdAt: now,
        updatedAt: now,
      },
      { clusters: input.clusters ?? [], flags: input.flags ?? [], contacts: contactsOf(input, now, workstationId) },
    );
    if (workstationId) await repo.join(tx, { enterpriseId: id, workstationId, joinedOn: today, source: 'manual', createdAt: now });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'enterprise.created', recordType: 'enterprise', recordId: id, organizationId: workstationId, data: { uscc: input.uscc, name: input.name, workstationId },
    });
    return { id, created: true };
  });
  return { ...(await present(deps, ctx.actor, (await repo.findById(deps.db, result.id))!)), created: result.created };
}

/**
 * An enterprise of no workstation whose request was routed to the workstation for its cluster and
 * district joins that workstation's members, in the transaction that writes the case (intake), once.
 */
export async function joinOnIntake(tx: DbOrTx, ctx: Ctx, input: { enterpriseId: string; workstationId: string; now: Date }) {
  const joinedOn = new Date(input.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const joined = await repo.join(tx, { enterpriseId: input.enterpriseId, workstationId: input.workstationId, joinedOn, source: 'intake', createdAt: input.now });
  if (joined) {
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now: input.now }, {
      type: 'enterprise.joined', recordType: 'enterprise', recordId: input.enterpriseId, organizationId: input.workstationId, data: { workstationId: input.workstationId, source: 'intake' },
    });
  }
  return joined;
}

export async function updateEnterprise(deps: AppDeps, ctx: Ctx, id: string, input: Partial<Omit<EnterpriseInput, 'uscc'>> & { version: number }) {
  const e = await findVisible(deps, ctx.actor, id);
  const ms = await repo.memberships(deps.db, id);
  authorize(enterprisePolicy, ctx.actor, 'update', { id, memberOf: ms.map((m) => m.workstationId) });
  const bad = unknownClusterCodes(input.clusters); // tagged under the current version of the list
  if (bad.length) throw new AppError('VALIDATION', { messageKey: 'UNKNOWN_CLUSTER', params: { codes: bad.join(', ') }, details: [{ path: 'clusters', message: '' }] });
  const now = deps.clock();
  const org: Record<string, unknown> = {};
  if (input.name !== undefined) Object.assign(org, { name: input.name, nameSort: sortKey(input.name) });
  if (input.districtCode !== undefined) org.districtCode = input.districtCode;
  if (input.address !== undefined) org.address = input.address;
  const profile: Record<string, unknown> = {};
  if (input.clusters) Object.assign(profile, { clusters: input.clusters, clusterVersion: CLUSTER_VERSION_CURRENT });
  if (input.flags) profile.flags = input.flags;
  if (input.contacts) {
    // The list sent replaces the contacts the writer reads; those it cannot read stay as they are.
    // A contact sent back unchanged keeps who recorded it and when consent was given; a new one is the writer's.
    const readable = visibleContacts(ctx.actor, id, e.contacts);
    const hidden = e.contacts.filter((c) => !readable.includes(c));
    const key = (c: EnterpriseContact) => [c.name, c.phone ?? '', c.email ?? '', c.consent.purpose].join('\u0000');
    const before = new Map(readable.map((c) => [key(c), c]));
    const owner = contactOwner(ctx.actor, ms.map((m) => m.workstationId));
    profile.contacts = [...hidden, ...contactsOf(input, now, owner).map((c) => before.get(key(c)) ?? c)];
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of ['name', 'districtCode', 'address', 'clusters', 'flags'] as const) {
    if (input[k] !== undefined) changes[k] = { from: (e as Record<string, unknown>)[k] ?? null, to: input[k] };
  }
  if (input.contacts) changes.contacts = { from: visibleContacts(ctx.actor, id, e.contacts).length, to: input.contacts.length };
  await deps.db.transaction(async (tx) => {
    if (!(await repo.updateVersioned(tx, id, input.version, org, profile))) throw versionConflict();
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'enterprise.updated', recordType: 'enterprise', recordId: id, data: { changes },
    });
  });
  return present(deps, ctx.actor, (await repo.findById(deps.db, id))!);
}

/** The enterprise's code, for other modules' checks (no scope: the caller holds its own proof). */
export const enterpriseUsccById = async (db: DbOrTx, id: string) => (await repo.findById(db, id))?.uscc ?? null;
