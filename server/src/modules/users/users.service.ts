import { ROLE_ORG_TYPES } from '../../../../shared/src/roles';
import type { AppDeps } from '../../deps';
import type { DbOrTx } from '../../db/client';
import type { RoleName } from '../../db/schema';
import { AppError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import { temporaryPassword } from '../../lib/crypto';
import { hashPassword } from '../../lib/password';
import { offsetOf, parseSort } from '../../lib/paging';
import { sortKey } from '../../lib/sort-key';
import { authorize } from '../../policy/authorize';
import type { Actor, RequestContext } from '../../policy/actor';
import * as authRepo from '../auth/auth.repository';
import { organizationById } from '../organizations/organizations.service';
import * as repo from './users.repository';
import { presentUser } from './users.presenter';
import {
  auditOrganizationOf,
  inUserScope,
  mayCreateUsers,
  mayGrant,
  userAbilitiesFor,
  userPolicy,
  userScopeOrgIds,
  WORKSTATION_GRANTABLE,
  type UserRecord,
} from './users.policy';

type Ctx = RequestContext & { actor: Actor };

async function loadRecord(db: DbOrTx, id: string): Promise<UserRecord | undefined> {
  const u = await repo.findById(db, id);
  return u && { ...u, roles: await repo.rolesOf(db, [id]) };
}

/** A user outside the caller's scope is 404, as if it did not exist. */
async function findVisible(db: DbOrTx, actor: Actor, id: string): Promise<UserRecord> {
  const u = await loadRecord(db, id);
  if (!u) throw notFound();
  if (u.id !== actor.userId && !inUserScope(userScopeOrgIds(actor), u)) throw notFound();
  return u;
}

const usernameTaken = (username: string) =>
  new AppError('CONFLICT', { messageKey: 'USERNAME_TAKEN', params: { username }, details: [{ path: 'username', message: '' }] });

const present = (actor: Actor, u: UserRecord) => ({ data: presentUser(u, u.roles), abilities: userAbilitiesFor(actor, u) });

async function assertGrantable(db: DbOrTx, actor: Actor, role: RoleName, organizationId: string) {
  if (!mayCreateUsers(actor)) throw new AppError('FORBIDDEN');
  const org = await organizationById(db, organizationId);
  const scope = userScopeOrgIds(actor);
  if (!org || (scope && !scope.includes(org.id))) {
    throw new AppError('VALIDATION', { messageKey: 'NOT_FOUND', details: [{ path: 'organizationId', message: '' }] });
  }
  if (!mayGrant(actor, role, organizationId)) throw new AppError('FORBIDDEN');
  if (!(ROLE_ORG_TYPES[role] as readonly string[]).includes(org.type)) {
    throw new AppError('VALIDATION', {
      messageKey: 'ROLE_ORG_MISMATCH',
      params: { role, orgType: org.type },
      details: [{ path: 'role', message: '' }],
    });
  }
  return org;
}

export async function listUsers(
  deps: AppDeps,
  ctx: Ctx,
  q: { organizationId?: string; role?: RoleName; q?: string; active?: boolean; page: number; pageSize: number; sort: string },
) {
  const scope = userScopeOrgIds(ctx.actor);
  const { rows, total } = await repo.list(
    deps.db,
    { ...q, scopeOrgIds: scope, scopeRoles: scope ? WORKSTATION_GRANTABLE : undefined },
    offsetOf(q),
    parseSort(q.sort),
  );
  const roles = await repo.rolesOf(deps.db, rows.map((r) => r.id));
  return {
    items: rows.map((u) => {
      const rec = { ...u, roles: roles.filter((r) => r.userId === u.id) };
      return { ...presentUser(u, rec.roles), abilities: userAbilitiesFor(ctx.actor, rec) };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getUser(deps: AppDeps, ctx: Ctx, id: string) {
  return present(ctx.actor, await findVisible(deps.db, ctx.actor, id));
}

/**
 * Creates an account with its first role. Used by the API, the CLI and the seed, so every account
 * is made one way. `actor: null` is the system (CLI, seed).
 */
export async function createUser(
  deps: AppDeps,
  ctx: Ctx | { actor: null; requestId?: string },
  input: {
    username: string;
    displayName: string;
    email?: string | null;
    password: string;
    organizationId: string;
    role: RoleName;
    mustChangePassword?: boolean;
    isDemo?: boolean;
    /** false: the account waits for approval (a self-registered enterprise contact). */
    active?: boolean;
    locale?: string;
  },
  db: DbOrTx = deps.db,
) {
  if (ctx.actor) await assertGrantable(db, ctx.actor, input.role, input.organizationId);
  else {
    const org = await organizationById(db, input.organizationId);
    if (!org) throw new AppError('VALIDATION', { messageKey: 'NOT_FOUND', details: [{ path: 'organizationId', message: '' }] });
    if (!(ROLE_ORG_TYPES[input.role] as readonly string[]).includes(org.type)) {
      throw new AppError('VALIDATION', { messageKey: 'ROLE_ORG_MISMATCH', params: { role: input.role, orgType: org.type }, details: [{ path: 'role', message: '' }] });
    }
  }
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock();
  const insertAccount = async (tx: DbOrTx) => {
    if (await repo.findByUsername(tx, input.username)) throw usernameTaken(input.username);
    const user = await repo.insert(tx, {
      username: input.username,
      displayName: input.displayName,
      displayNameSort: sortKey(input.displayName),
      email: input.email ?? null,
      locale: input.locale ?? 'zh-CN',
      passwordHash,
      // An account an administrator made has a password someone else knows: it must be changed.
      mustChangePassword: input.mustChangePassword ?? !!ctx.actor,
      isDemo: input.isDemo ?? false,
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    });
    const m = await repo.insertMembership(tx, { userId: user.id, organizationId: input.organizationId, role: input.role, createdAt: now });
    await recordAudit(tx, { actorId: ctx.actor?.userId ?? null, requestId: ctx.requestId, now }, {
      type: 'user.created',
      recordType: 'user',
      recordId: user.id,
      organizationId: input.organizationId,
      data: { username: user.username, role: m?.role, organizationId: input.organizationId },
    });
    return user.id;
  };
  // Two requests for one username can both pass the check; the unique index stops the second with the same 409.
  const run = async (tx: DbOrTx) =>
    insertAccount(tx).catch((err: unknown) => {
      throw repo.isUniqueViolation(err, repo.USERNAME_UNIQUE) ? usernameTaken(input.username) : err;
    });
  const id = db === deps.db ? await deps.db.transaction(run) : await run(db);
  const rec = (await loadRecord(db, id))!;
  return ctx.actor ? present(ctx.actor, rec) : { data: presentUser(rec, rec.roles), abilities: null };
}

export async function updateUser(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  input: { version: number; displayName?: string; email?: string | null; locale?: 'zh-CN' | 'en-US' },
) {
  const u = await findVisible(deps.db, ctx.actor, id);
  authorize(userPolicy, ctx.actor, 'update', u);
  const { version, ...patch } = input;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(patch)) {
    const before = u[k as keyof typeof u];
    if (v !== undefined && v !== before) changes[k] = { from: before, to: v };
  }
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await repo.updateVersioned(tx, id, version, {
      ...patch,
      ...(patch.displayName ? { displayNameSort: sortKey(patch.displayName) } : {}),
      updatedAt: now,
    });
    if (!row) throw versionConflict();
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'user.updated',
      recordType: 'user',
      recordId: id,
      organizationId: auditOrganizationOf(ctx.actor, u),
      data: { changes },
    });
  });
  return present(ctx.actor, (await loadRecord(deps.db, id))!);
}

/** Would taking `u` out leave no active bureau admin? Inside a transaction, call `repo.lockRoleHolders` first. */
async function assertNotLastAdmin(db: DbOrTx, u: UserRecord) {
  if (u.active && u.roles.some((r) => r.role === 'bureau_admin') && (await repo.countActiveWithRole(db, 'bureau_admin')) <= 1) {
    throw new AppError('CONFLICT', { messageKey: 'LAST_ADMIN' });
  }
}

export async function setUserActive(deps: AppDeps, ctx: Ctx, id: string, version: number, active: boolean) {
  const u = await findVisible(deps.db, ctx.actor, id);
  // The last bureau admin can only be reached by themselves; "last admin" says more than "forbidden".
  if (!active) await assertNotLastAdmin(deps.db, u);
  authorize(userPolicy, ctx.actor, active ? 'activate' : 'deactivate', u);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (!active) {
      await repo.lockRoleHolders(tx, 'bureau_admin');
      await assertNotLastAdmin(tx, u);
    }
    const row = await repo.updateVersioned(tx, id, version, { active, updatedAt: now });
    if (!row) throw versionConflict();
    if (!active) await authRepo.revokeAllSessions(tx, id, now);
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: active ? 'user.activated' : 'user.deactivated',
      recordType: 'user',
      recordId: id,
      organizationId: auditOrganizationOf(ctx.actor, u),
      data: {},
    });
  });
  return present(ctx.actor, (await loadRecord(deps.db, id))!);
}

/** An administrator's reset: a temporary password shown once, to be changed at next sign-in. */
export async function resetPassword(deps: AppDeps, ctx: Ctx, id: string) {
  const u = await findVisible(deps.db, ctx.actor, id);
  authorize(userPolicy, ctx.actor, 'resetPassword', u);
  const temp = temporaryPassword();
  const passwordHash = await hashPassword(temp);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await repo.addPasswordHistory(tx, id, u.passwordHash);
    await repo.update(tx, id, { passwordHash, mustChangePassword: true, passwordChangedAt: now, updatedAt: now });
    await authRepo.revokeAllSessions(tx, id, now);
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'user.password_reset',
      recordType: 'user',
      recordId: id,
      organizationId: auditOrganizationOf(ctx.actor, u),
      data: {},
    });
  });
  return { temporaryPassword: temp };
}

export async function grantRole(deps: AppDeps, ctx: Ctx, id: string, input: { organizationId: string; role: RoleName }) {
  const u = await findVisible(deps.db, ctx.actor, id);
  // A workstation admin may add their workstation's roles to anyone visible to them; the bureau to anyone.
  await assertGrantable(deps.db, ctx.actor, input.role, input.organizationId);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const m = await repo.insertMembership(tx, { userId: u.id, organizationId: input.organizationId, role: input.role, createdAt: now });
    if (!m) throw new AppError('CONFLICT', { messageKey: 'ROLE_EXISTS' });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'user.role_granted',
      recordType: 'user',
      recordId: u.id,
      organizationId: input.organizationId,
      data: { membershipId: m.id, role: m.role, organizationId: m.organizationId },
    });
  });
  return present(ctx.actor, (await loadRecord(deps.db, id))!);
}

export async function revokeRole(deps: AppDeps, ctx: Ctx, id: string, membershipId: string) {
  const u = await findVisible(deps.db, ctx.actor, id);
  const m = u.roles.find((r) => r.id === membershipId);
  if (!m) throw notFound();
  if (!mayGrant(ctx.actor, m.role, m.organizationId)) throw new AppError('FORBIDDEN');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (m.role === 'bureau_admin') {
      await repo.lockRoleHolders(tx, 'bureau_admin');
      await assertNotLastAdmin(tx, u);
    }
    await repo.deleteMembership(tx, membershipId);
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'user.role_revoked',
      recordType: 'user',
      recordId: u.id,
      organizationId: m.organizationId,
      data: { membershipId, role: m.role, organizationId: m.organizationId },
    });
  });
  return present(ctx.actor, (await loadRecord(deps.db, id))!);
}

export { findVisible as findVisibleUser };

/** Turns a waiting account on or off for another module's workflow (no policy: the caller decided). */
export async function setAccountActiveBySystem(db: DbOrTx, id: string, active: boolean, now: Date) {
  await repo.update(db, id, { active, updatedAt: now });
}

/** Whom to tell: active users holding one of the roles in one of the organizations. */
/** Active users with any of the roles in those organizations (null: in any organization). */
export const userIdsWithRole = (db: DbOrTx, orgIds: string[] | null, roles: RoleName[]) => repo.userIdsWithRole(db, orgIds, roles);
