import type { AppDeps } from '../../deps';
import { AppError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import { hasRole, orgsWithRole, type Actor, type RequestContext } from '../../policy/actor';
import * as repo from './professionals.repository';

type Ctx = RequestContext & { actor: Actor };

/** Who may look through the pool: the bureau and workstation staff (they assign cases). */
const mayBrowse = (a: Actor) => hasRole(a, 'bureau_admin') || orgsWithRole(a, 'workstation_admin', 'workstation_staff').length > 0;
/** The subject itself (a user, or an agency user for their agency) or the bureau edits a profile. */
const mayEdit = (a: Actor, subjectType: 'agency' | 'user', subjectId: string) =>
  hasRole(a, 'bureau_admin') || (subjectType === 'user' ? a.userId === subjectId : orgsWithRole(a, 'agency_user').includes(subjectId));
/** Conflict declarations name the enterprises a professional serves: the bureau and the subject only. */
const seesConflicts = (a: Actor, subjectType: 'agency' | 'user', subjectId: string) => mayEdit(a, subjectType, subjectId);

function present(a: Actor, subjectType: 'agency' | 'user', subjectId: string, p: repo.ProfileRow | null) {
  if (!p) return null;
  return {
    agencyType: p.agencyType,
    licenceNumber: p.licenceNumber,
    ipTypes: p.ipTypes,
    ipcSections: p.ipcSections,
    industries: p.industries,
    jurisdictions: p.jurisdictions,
    languages: p.languages,
    conflictUsccs: seesConflicts(a, subjectType, subjectId) ? p.conflictUsccs : null,
    ndaOnFile: p.ndaOnFile,
    available: p.available,
    version: p.version,
  };
}

export async function listProfessionals(deps: AppDeps, ctx: Ctx, q: { kind?: 'agency' | 'expert' | 'mediator'; ipType?: string; jurisdiction?: string; available?: boolean; q?: string; page: number; pageSize: number }) {
  if (!mayBrowse(ctx.actor)) throw new AppError('FORBIDDEN');
  const { items, total } = await repo.list(deps.db, q, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return {
    items: items.map((i) => ({
      subjectType: i.subjectType,
      subjectId: i.subjectId,
      name: i.name,
      roles: i.roles,
      organizationName: i.organizationName,
      profile: present(ctx.actor, i.subjectType, i.subjectId, i.profile),
      abilities: { update: mayEdit(ctx.actor, i.subjectType, i.subjectId) },
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getProfessional(deps: AppDeps, ctx: Ctx, subjectType: 'agency' | 'user', subjectId: string) {
  if (!mayBrowse(ctx.actor) && !mayEdit(ctx.actor, subjectType, subjectId)) throw notFound();
  const name = await repo.subjectName(deps.db, subjectType, subjectId);
  if (!name) throw notFound();
  const p = await repo.find(deps.db, subjectType, subjectId);
  return { data: { subjectType, subjectId, name, profile: present(ctx.actor, subjectType, subjectId, p ?? null) }, abilities: { update: mayEdit(ctx.actor, subjectType, subjectId) } };
}

export async function saveProfessional(
  deps: AppDeps,
  ctx: Ctx,
  subjectType: 'agency' | 'user',
  subjectId: string,
  input: {
    version?: number;
    agencyType?: 'law_firm' | 'patent_agency' | 'appraisal' | 'university' | 'other' | null;
    licenceNumber?: string | null;
    ipTypes: string[];
    ipcSections: string[];
    industries: string[];
    jurisdictions: string[];
    languages: string[];
    conflictUsccs: string[];
    ndaOnFile: boolean;
    available: boolean;
  },
) {
  if (!(await repo.subjectName(deps.db, subjectType, subjectId))) throw notFound();
  if (!mayEdit(ctx.actor, subjectType, subjectId)) throw mayBrowse(ctx.actor) ? new AppError('FORBIDDEN') : notFound();
  const now = deps.clock();
  const { version, ...fields } = input;
  await deps.db.transaction(async (tx) => {
    const row = await repo.upsert(tx, subjectType, subjectId, version, { ...fields, conflictUsccs: [...new Set(fields.conflictUsccs)] });
    if (!row) throw versionConflict();
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'professional.saved',
      recordType: subjectType === 'agency' ? 'organization' : 'user',
      recordId: subjectId,
      data: { profileId: row.id },
    });
  });
  return getProfessional(deps, ctx, subjectType, subjectId);
}
