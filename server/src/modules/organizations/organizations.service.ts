import { ORG_PARENT_TYPES } from '../../../../shared/src/roles';
import type { AppDeps } from '../../deps';
import type { DbOrTx } from '../../db/client';
import type { HostKind, OrganizationType } from '../../db/schema';
import { AppError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import { authorize } from '../../policy/authorize';
import type { Actor, RequestContext } from '../../policy/actor';
import { sortKey } from '../../lib/sort-key';
import { offsetOf, parseSort } from '../../lib/paging';
import * as repo from './organizations.repository';
import { canCreateOrganization, organizationAbilities, organizationPolicy, seesAllOrganizations } from './organizations.policy';
import { presentOrganization } from './organizations.presenter';

type Ctx = RequestContext & { actor: Actor };

/** 成立日期 (a host body must be a year old to file a workstation) and public contact details. */
interface ContactFields {
  foundedOn?: string | null;
  hostKind?: HostKind | null;
  address?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
}

/** The organizations a caller may see: everyone for bureau, district and alliance; otherwise their own and their parents. */
export async function visibleOrganizationIds(db: DbOrTx, actor: Actor): Promise<string[] | undefined> {
  if (seesAllOrganizations(actor)) return undefined;
  const own = [...new Set(actor.roles.map((r) => r.organizationId))];
  return [...new Set([...own, ...(await repo.parentIdsOf(db, own))])];
}

async function findVisible(db: DbOrTx, actor: Actor, id: string) {
  const scope = await visibleOrganizationIds(db, actor);
  if (scope && !scope.includes(id)) throw notFound();
  const org = await repo.findById(db, id);
  if (!org) throw notFound();
  return org;
}

const usccTaken = (uscc: string) => new AppError('CONFLICT', { messageKey: 'USCC_TAKEN', params: { uscc }, details: [{ path: 'uscc', message: '' }] });

/** Two requests with the same USCC can both pass the check above; the unique index stops the second, and it gets the same 409. */
const rethrowUsccRace = (uscc: string | null | undefined) => (err: unknown): never => {
  if (uscc && repo.isUniqueViolation(err, repo.USCC_UNIQUE)) throw usccTaken(uscc);
  throw err;
};

const present = (actor: Actor, o: repo.OrganizationRow) => ({ data: presentOrganization(o), abilities: organizationAbilities(actor, o) });

export async function listOrganizations(
  deps: AppDeps,
  ctx: Ctx,
  q: { type?: OrganizationType; parentId?: string; q?: string; active?: boolean; districtCode?: string; page: number; pageSize: number; sort: string },
) {
  const scopeIds = await visibleOrganizationIds(deps.db, ctx.actor);
  const { rows, total } = await repo.list(deps.db, { ...q, scopeIds }, offsetOf(q), parseSort(q.sort));
  return {
    items: rows.map((o) => ({ ...presentOrganization(o), abilities: organizationAbilities(ctx.actor, o) })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getOrganization(deps: AppDeps, ctx: Ctx, id: string) {
  return present(ctx.actor, await findVisible(deps.db, ctx.actor, id));
}

async function checkParent(db: DbOrTx, type: OrganizationType, parentId: string | null | undefined) {
  const allowed = ORG_PARENT_TYPES[type] as readonly (string | null)[];
  if (!parentId) {
    if (!allowed.includes(null)) throw new AppError('VALIDATION', { messageKey: 'PARENT_INVALID', params: { reason: allowed.join('/') }, details: [{ path: 'parentId', message: '' }] });
    return;
  }
  const parent = await repo.findById(db, parentId);
  if (!parent || !allowed.includes(parent.type)) {
    throw new AppError('VALIDATION', {
      messageKey: 'PARENT_INVALID',
      params: { reason: allowed.filter(Boolean).join('/') || '-' },
      details: [{ path: 'parentId', message: '' }],
    });
  }
}

/** Only a host body has a kind (设立主体类型). */
function checkHostKind(type: OrganizationType, hostKind: HostKind | null | undefined) {
  if (hostKind && type !== 'host_association') {
    throw new AppError('VALIDATION', { messageKey: 'HOST_KIND_ONLY_HOST', details: [{ path: 'hostKind', message: '' }] });
  }
}

export async function createOrganization(
  deps: AppDeps,
  ctx: Ctx,
  input: { type: OrganizationType; name: string; parentId?: string | null; uscc?: string | null; districtCode?: string | null } & ContactFields,
  /** A caller's transaction (a new agency together with its profile); its own otherwise. */
  db: DbOrTx = deps.db,
) {
  if (!canCreateOrganization(ctx.actor)) throw new AppError('FORBIDDEN');
  checkHostKind(input.type, input.hostKind);
  await checkParent(db, input.type, input.parentId);
  const now = deps.clock();
  const insertOrganization = async (tx: DbOrTx) => {
    if (input.uscc && (await repo.findByUscc(tx, input.uscc, input.type))) throw usccTaken(input.uscc);
    const org = await repo.insert(tx, {
      type: input.type,
      name: input.name,
      nameSort: sortKey(input.name),
      parentId: input.parentId ?? null,
      uscc: input.uscc ?? null,
      districtCode: input.districtCode ?? null,
      foundedOn: input.foundedOn ?? null,
      hostKind: input.hostKind ?? null,
      address: input.address ?? null,
      contactPhone: input.contactPhone ?? null,
      contactEmail: input.contactEmail ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'organization.created',
      recordType: 'organization',
      recordId: org.id,
      organizationId: org.id,
      data: { name: org.name, orgType: org.type, parentId: org.parentId },
    });
    return org;
  };
  const created = await (db === deps.db ? deps.db.transaction(insertOrganization) : insertOrganization(db)).catch(rethrowUsccRace(input.uscc));
  return present(ctx.actor, created);
}

export async function updateOrganization(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  input: { version: number; name?: string; parentId?: string | null; uscc?: string | null; districtCode?: string | null } & ContactFields,
) {
  const org = await findVisible(deps.db, ctx.actor, id);
  authorize(organizationPolicy, ctx.actor, 'update', org);
  checkHostKind(org.type, input.hostKind);
  if (input.parentId !== undefined) await checkParent(deps.db, org.type, input.parentId);
  const now = deps.clock();
  const { version, ...patch } = input;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(patch)) {
    const before = org[k as keyof typeof org];
    if (v !== undefined && v !== before) changes[k] = { from: before, to: v };
  }
  const updated = await deps.db.transaction(async (tx) => {
    if (patch.uscc && patch.uscc !== org.uscc && (await repo.findByUscc(tx, patch.uscc, org.type))) throw usccTaken(patch.uscc);
    const row = await repo.updateVersioned(tx, id, version, {
      ...patch,
      ...(patch.name ? { nameSort: sortKey(patch.name) } : {}),
      updatedAt: now,
    });
    if (!row) throw versionConflict();
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'organization.updated',
      recordType: 'organization',
      recordId: id,
      organizationId: id,
      data: { changes },
    });
    return row;
  }).catch(rethrowUsccRace(patch.uscc));
  return present(ctx.actor, updated);
}

export async function setOrganizationActive(deps: AppDeps, ctx: Ctx, id: string, version: number, active: boolean) {
  const org = await findVisible(deps.db, ctx.actor, id);
  authorize(organizationPolicy, ctx.actor, active ? 'activate' : 'deactivate', org);
  const now = deps.clock();
  const updated = await deps.db.transaction(async (tx) => {
    const row = await repo.updateVersioned(tx, id, version, { active, updatedAt: now });
    if (!row) throw versionConflict();
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: active ? 'organization.activated' : 'organization.deactivated',
      recordType: 'organization',
      recordId: id,
      organizationId: id,
      data: {},
    });
    return row;
  });
  return present(ctx.actor, updated);
}

/** For other modules: an organization by id, without scope checks (callers apply their own). */
export const organizationById = (db: DbOrTx, id: string) => repo.findById(db, id);

/**
 * The workstation an operator names on the command line: by id, or by its exact name when that name
 * is one workstation's. Undefined when none matches; 'ambiguous' when two share the name.
 */
export async function workstationByIdOrName(db: DbOrTx, key: string): Promise<repo.OrganizationRow | 'ambiguous' | undefined> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key)) {
    const row = await repo.findById(db, key);
    return row?.type === 'workstation' ? row : undefined;
  }
  const rows = await repo.findByName(db, key.trim(), 'workstation');
  return rows.length > 1 ? 'ambiguous' : rows[0];
}
