import type { AppDeps } from '../../deps';
import type { DbOrTx } from '../../db/client';
import { AppError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import { hasRole, orgsWithRole, type Actor, type RequestContext } from '../../policy/actor';
import { createOrganization } from '../organizations/organizations.service';
import { createUser } from '../users/users.service';
import * as repo from './professionals.repository';

type Ctx = RequestContext & { actor: Actor };

/** Who may look through the pool: the bureau and workstation staff (they assign cases). */
const mayBrowse = (a: Actor) => hasRole(a, 'bureau_admin') || orgsWithRole(a, 'workstation_admin', 'workstation_staff').length > 0;
/** The subject itself (a user, or an agency user for their agency) or the bureau edits a profile. */
const mayEdit = (a: Actor, subjectType: 'agency' | 'user', subjectId: string) =>
  hasRole(a, 'bureau_admin') || (subjectType === 'user' ? a.userId === subjectId : orgsWithRole(a, 'agency_user').includes(subjectId));
/** Registering a new agency, expert or mediator (with the account or organization it needs) is the bureau's. */
const mayCreate = (a: Actor) => hasRole(a, 'bureau_admin');
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

export async function listProfessionals(deps: AppDeps, ctx: Ctx, q: { kind?: 'agency' | 'expert' | 'mediator'; ipType?: string; jurisdiction?: string; available?: boolean; filed?: boolean; q?: string; page: number; pageSize: number }) {
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

export interface ProfileInput {
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
}

const detail = (path: string) => [{ path, message: '' }];

/** One licence number, one profile: refused with the number when another subject already holds it. */
async function assertLicenceFree(tx: DbOrTx, licenceNumber: string | null | undefined, subject?: { subjectType: 'agency' | 'user'; subjectId: string }, path = 'licenceNumber') {
  if (!licenceNumber) return;
  await repo.lockLicence(tx, licenceNumber);
  if (await repo.licenceHolder(tx, licenceNumber, subject)) {
    throw new AppError('CONFLICT', { messageKey: 'LICENCE_TAKEN', params: { licence: licenceNumber }, details: detail(path) });
  }
}

export async function saveProfessional(
  deps: AppDeps,
  ctx: Ctx,
  subjectType: 'agency' | 'user',
  subjectId: string,
  input: ProfileInput & { version?: number },
) {
  if (!(await repo.subjectName(deps.db, subjectType, subjectId))) throw notFound();
  if (!mayEdit(ctx.actor, subjectType, subjectId)) throw mayBrowse(ctx.actor) ? new AppError('FORBIDDEN') : notFound();
  const now = deps.clock();
  const { version, ...fields } = input;
  await deps.db.transaction(async (tx) => {
    const before = await repo.find(tx, subjectType, subjectId);
    // Only a number being filed or changed is checked, so a profile keeps saving whatever older data holds.
    if (fields.licenceNumber && fields.licenceNumber.trim().toUpperCase() !== before?.licenceNumber?.trim().toUpperCase()) {
      await assertLicenceFree(tx, fields.licenceNumber, { subjectType, subjectId });
    }
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

type NewAgency = { name: string; uscc?: string | null; districtCode?: string | null; foundedOn?: string | null; address?: string | null; contactPhone?: string | null; contactEmail?: string | null };
type NewAccount = { username: string; displayName: string; email?: string | null; password: string; organizationId: string };

/**
 * Registers a professional from the pool's screen, one mechanism for all three kinds: the subject is
 * made (a new agency organization, or a new expert/mediator account, through the organizations and
 * users services and their own checks and audit events) or named (an existing expert/mediator account
 * without a profile), and its profile is filed, all in one transaction.
 */
export async function createProfessional(
  deps: AppDeps,
  ctx: Ctx,
  input: { kind: 'agency' | 'expert' | 'mediator'; agency?: NewAgency; userId?: string; account?: NewAccount; profile: ProfileInput },
) {
  if (!mayCreate(ctx.actor)) throw new AppError('FORBIDDEN');
  const now = deps.clock();
  const subject = await deps.db
    .transaction(async (tx) => {
      let subjectType: 'agency' | 'user' = 'user';
      let subjectId: string;
      if (input.kind === 'agency') {
        subjectType = 'agency';
        subjectId = (await createOrganization(deps, ctx, { ...input.agency!, type: 'agency' }, tx).catch(within('agency'))).data.id;
      } else if (input.userId) {
        const roles = await repo.rolesOfUser(tx, input.userId);
        if (!roles.length) throw new AppError('VALIDATION', { messageKey: 'NOT_FOUND', details: detail('userId') });
        if (!(roles as string[]).includes(input.kind)) {
          throw new AppError('VALIDATION', { messageKey: 'PROFESSIONAL_ROLE_MISSING', details: detail('userId') });
        }
        if (await repo.find(tx, 'user', input.userId)) throw profileExists();
        subjectId = input.userId;
      } else {
        subjectId = (await createUser(deps, ctx, { ...input.account!, role: input.kind }, tx).catch(within('account'))).data.id;
      }
      const profile = { ...input.profile, agencyType: subjectType === 'agency' ? (input.profile.agencyType ?? null) : null };
      await assertLicenceFree(tx, profile.licenceNumber, undefined, 'profile.licenceNumber');
      const row = await repo.upsert(tx, subjectType, subjectId, undefined, { ...profile, conflictUsccs: [...new Set(profile.conflictUsccs)] });
      await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
        type: 'professional.created',
        recordType: subjectType === 'agency' ? 'organization' : 'user',
        recordId: subjectId,
        data: { profileId: row!.id, kind: input.kind, newSubject: !input.userId },
      });
      return { subjectType, subjectId };
    })
    // Two filings for one existing account can both pass the check; the unique index stops the second.
    .catch((err: unknown) => {
      throw repo.isProfileTaken(err) ? profileExists() : err;
    });
  return getProfessional(deps, ctx, subject.subjectType, subject.subjectId);
}

/** The organizations and users services name fields of their own bodies; here those sit under `agency` or `account`. */
const within = (prefix: string) => (err: unknown): never => {
  if (!(err instanceof AppError) || !err.options.details) throw err;
  throw new AppError(err.code, { ...err.options, details: err.options.details.map((d) => ({ ...d, path: `${prefix}.${d.path}` })) });
};

const profileExists = () => new AppError('CONFLICT', { messageKey: 'PROFILE_EXISTS', details: detail('userId') });
