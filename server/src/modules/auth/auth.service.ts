import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import { randomToken, sha256 } from '../../lib/crypto';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../lib/password';
import { hasRole, type Actor, type RequestContext } from '../../policy/actor';
import * as usersRepo from '../users/users.repository';
import { presentUser } from '../users/users.presenter';
import * as repo from './auth.repository';

const LOCK_WINDOW_MS = 15 * 60_000;
const MFA_TTL_MS = 5 * 60_000;
export const PASSWORD_HISTORY_DEPTH = 5;

export interface IssuedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

async function issueSession(deps: AppDeps, userId: string, meta: { ip: string; userAgent?: string }): Promise<IssuedSession> {
  const now = deps.clock();
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + deps.env.IPSTATION_SESSION_MAX_HOURS * 3_600_000);
  await repo.insertSession(deps.db, {
    id: sha256(token),
    userId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

async function userView(deps: AppDeps, userId: string) {
  const user = await usersRepo.findById(deps.db, userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  return presentUser(user, await usersRepo.rolesOf(deps.db, [userId]));
}

export type LoginResult =
  | { kind: 'session'; session: IssuedSession; user: Awaited<ReturnType<typeof userView>>; mustChangePassword: boolean; mfaEnrolmentRequired: boolean }
  | { kind: 'mfa'; mfaToken: string };

/**
 * Password sign-in. Per source address at most N attempts a minute; per username, after M failures
 * within 15 minutes the username is refused for 15 minutes whether or not it exists, so the answer
 * never tells which usernames are real.
 */
export async function login(
  deps: AppDeps,
  input: { username: string; password: string; ip: string; userAgent?: string },
): Promise<LoginResult> {
  const now = deps.clock();
  const username = input.username.trim();
  const fromIp = await repo.attemptsFromIp(deps.db, input.ip, new Date(now.getTime() - 60_000));
  if (fromIp >= deps.env.IPSTATION_LOGIN_RATE_PER_MIN) {
    await repo.recordAttempt(deps.db, { at: now, username, ip: input.ip, success: false, reason: 'ip_limited' });
    throw new AppError('RATE_LIMITED', { params: { seconds: 60 }, retryAfterSeconds: 60 });
  }
  const failures = await repo.recentFailures(deps.db, username, new Date(now.getTime() - LOCK_WINDOW_MS));
  if (failures.length >= deps.env.IPSTATION_LOGIN_MAX_FAILURES) {
    const until = failures[0].at.getTime() + LOCK_WINDOW_MS;
    const seconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    await repo.recordAttempt(deps.db, { at: now, username, ip: input.ip, success: false, reason: 'locked' });
    throw new AppError('RATE_LIMITED', {
      messageKey: 'ACCOUNT_LOCKED',
      params: { minutes: Math.ceil(seconds / 60), seconds },
      retryAfterSeconds: seconds,
    });
  }
  const user = await usersRepo.findByUsername(deps.db, username);
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await dummyPasswordHash(), input.password), false);
  if (!user || !ok || !user.active) {
    await repo.recordAttempt(deps.db, {
      at: now,
      username,
      userId: user?.id ?? null,
      ip: input.ip,
      success: false,
      reason: !user ? 'unknown_user' : !ok ? 'bad_password' : 'inactive',
    });
    throw new AppError('BAD_CREDENTIALS');
  }
  if (user.totpEnabled && user.totpSecret) {
    const mfaToken = randomToken();
    await repo.insertMfaChallenge(deps.db, { id: sha256(mfaToken), userId: user.id, expiresAt: new Date(now.getTime() + MFA_TTL_MS) });
    await repo.recordAttempt(deps.db, { at: now, username, userId: user.id, ip: input.ip, success: true, reason: 'password_ok_mfa_pending' });
    return { kind: 'mfa', mfaToken };
  }
  await repo.recordAttempt(deps.db, { at: now, username, userId: user.id, ip: input.ip, success: true });
  const session = await issueSession(deps, user.id, input);
  const view = await userView(deps, user.id);
  return { kind: 'session', session, user: view, mustChangePassword: view.mustChangePassword, mfaEnrolmentRequired: needsMfaEnrolment(user, view.roles) };
}

export async function loginTotp(deps: AppDeps, input: { mfaToken: string; code: string; ip: string; userAgent?: string }) {
  const now = deps.clock();
  const challenge = await repo.consumeMfaChallenge(deps.db, sha256(input.mfaToken), now);
  const user = challenge ? await usersRepo.findById(deps.db, challenge.userId) : undefined;
  const valid = user?.totpSecret ? (await verifyTotp({ secret: user.totpSecret, token: input.code, epochTolerance: 30 })).valid : false;
  if (!user || !valid || !user.active) {
    await repo.recordAttempt(deps.db, { at: now, username: user?.username ?? '(mfa)', userId: user?.id ?? null, ip: input.ip, success: false, reason: 'bad_totp' });
    throw new AppError('MFA_INVALID');
  }
  await repo.recordAttempt(deps.db, { at: now, username: user.username, userId: user.id, ip: input.ip, success: true, reason: 'totp' });
  const session = await issueSession(deps, user.id, input);
  const view = await userView(deps, user.id);
  return { session, user: view, mustChangePassword: view.mustChangePassword };
}

export async function logout(deps: AppDeps, sessionHash: string | undefined) {
  if (sessionHash) await repo.revokeSessionByHash(deps.db, sessionHash, deps.clock());
}

/** Resolves a session cookie into an actor, enforcing the idle and absolute limits. */
export async function actorFromSession(deps: AppDeps, sessionHash: string): Promise<{ actor: Actor; csrfToken: string } | null> {
  const now = deps.clock();
  // The session, its user and roles change only by writes (a sign-out, a role, a deactivation, the
  // "last seen" touch below), each of which ends the cached copy; expiry is checked here.
  const cache = deps.caches?.sessions;
  const load = () => repo.findLiveSessionCaller(deps.db, sessionHash, now);
  const s = cache ? await cache.through(`session:${sessionHash}`, { now: now.getTime(), ttlMs: 60_000, keep: (row) => !!row }, load) : await load();
  if (!s || now >= s.expiresAt) return null;
  if (now.getTime() - s.lastSeenAt.getTime() > deps.env.IPSTATION_SESSION_IDLE_MINUTES * 60_000) {
    await repo.revokeSessionByHash(deps.db, sessionHash, now);
    return null;
  }
  const actor = actorOf(s, { via: 'session', sessionId: s.publicId });
  if (!actor) return null;
  if (now.getTime() - s.lastSeenAt.getTime() > 30_000) await repo.touchSession(deps.db, sessionHash, now);
  return { actor, csrfToken: s.csrfToken };
}

export async function actorFromToken(deps: AppDeps, token: string): Promise<Actor | null> {
  const now = deps.clock();
  const t = await repo.findLiveTokenCaller(deps.db, sha256(token), now);
  if (!t) return null;
  const actor = actorOf(t, { via: 'token', tokenId: t.tokenId });
  if (actor && (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000)) await repo.touchToken(deps.db, t.tokenId, now);
  return actor;
}

/**
 * MLPS level 3: a bureau administrator signs in with a second factor. One without TOTP (other than
 * the demo accounts, which exist to be tried) gets a session that can only enrol it.
 */
export const needsMfaEnrolment = (user: { isDemo: boolean; totpEnabled: boolean }, roles: { role: string }[]) =>
  !user.isDemo && !user.totpEnabled && roles.some((r) => r.role === 'bureau_admin');

function actorOf(caller: repo.CallerRow, via: Pick<Actor, 'via' | 'sessionId' | 'tokenId'>): Actor | null {
  if (!caller.active) return null;
  const roles = caller.roles;
  return {
    mfaEnrolmentRequired: needsMfaEnrolment(caller, roles),
    userId: caller.userId,
    username: caller.username,
    displayName: caller.displayName,
    isDemo: caller.isDemo,
    mustChangePassword: caller.mustChangePassword && !caller.isDemo,
    roles: roles.map((r) => ({ membershipId: r.id, role: r.role, organizationId: r.organizationId, organizationType: r.organizationType })),
    ...via,
  };
}

export const me = (deps: AppDeps, actor: Actor) => userView(deps, actor.userId);

/** Changing one's own password: checks the current one and the last five, ends the user's other sessions. */
export async function changePassword(
  deps: AppDeps,
  ctx: RequestContext & { actor: Actor },
  input: { currentPassword: string; newPassword: string; sessionHash?: string },
) {
  const user = await usersRepo.findById(deps.db, ctx.actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('VALIDATION', { messageKey: 'PASSWORD_WRONG', details: [{ path: 'currentPassword', message: '' }] });
  }
  await assertNotReused(deps, user.id, user.passwordHash, input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await usersRepo.addPasswordHistory(tx, user.id, user.passwordHash);
    await usersRepo.update(tx, user.id, { passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now });
    await repo.revokeAllSessions(tx, user.id, now, input.sessionHash);
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'user.password_changed',
      recordType: 'user',
      recordId: user.id,
      data: {},
    });
  });
  return userView(deps, user.id);
}

export async function assertNotReused(deps: AppDeps, userId: string, currentHash: string, newPassword: string) {
  const recent = [currentHash, ...(await usersRepo.recentPasswordHashes(deps.db, userId, PASSWORD_HISTORY_DEPTH - 1))];
  for (const h of recent) {
    if (await verifyPassword(h, newPassword)) {
      throw new AppError('VALIDATION', { messageKey: 'PASSWORD_REUSED', details: [{ path: 'newPassword', message: '' }] });
    }
  }
}

export async function listSessions(deps: AppDeps, actor: Actor) {
  const rows = await repo.liveSessionsOf(deps.db, actor.userId, deps.clock());
  return rows.map((s) => ({
    id: s.publicId,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    ip: s.ip,
    userAgent: s.userAgent,
    current: s.publicId === actor.sessionId,
  }));
}

export async function revokeSession(deps: AppDeps, ctx: RequestContext & { actor: Actor }, publicId: string) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (!(await repo.revokeSessionByPublicId(tx, ctx.actor.userId, publicId, now))) throw new AppError('NOT_FOUND');
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'auth.session_revoked',
      recordType: 'user',
      recordId: ctx.actor.userId,
      data: { sessionId: publicId },
    });
  });
}

const presentToken = (t: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null }) => ({
  id: t.id,
  name: t.name,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt?.toISOString() ?? null,
});

export async function listTokens(deps: AppDeps, actor: Actor) {
  return (await repo.tokensOf(deps.db, actor.userId)).map(presentToken);
}

export async function createToken(deps: AppDeps, ctx: RequestContext & { actor: Actor }, input: { name: string; expiresInDays?: number }) {
  const now = deps.clock();
  const token = `ips_${randomToken()}`;
  const row = await deps.db.transaction(async (tx) => {
    const t = await repo.insertToken(tx, {
      userId: ctx.actor.userId,
      name: input.name,
      tokenHash: sha256(token),
      createdAt: now,
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
    });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'auth.token_created',
      recordType: 'user',
      recordId: ctx.actor.userId,
      data: { tokenId: t.id, name: t.name },
    });
    return t;
  });
  return { data: presentToken(row), token };
}

export async function revokeToken(deps: AppDeps, ctx: RequestContext & { actor: Actor }, id: string) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (!(await repo.revokeToken(tx, ctx.actor.userId, id, now))) throw new AppError('NOT_FOUND');
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'auth.token_revoked',
      recordType: 'user',
      recordId: ctx.actor.userId,
      data: { tokenId: id },
    });
  });
}

/** Step one of TOTP enrolment: a new secret, stored but not yet in force until a code confirms it. */
export async function totpSetup(deps: AppDeps, actor: Actor) {
  // A new secret would switch the second factor off without a code: turning it off needs one.
  const user = await usersRepo.findById(deps.db, actor.userId);
  if (user?.totpEnabled) throw new AppError('CONFLICT', { messageKey: 'TOTP_ALREADY_ENABLED' });
  const secret = generateSecret();
  await usersRepo.update(deps.db, actor.userId, { totpSecret: secret, totpEnabled: false, updatedAt: deps.clock() });
  return { secret, otpauthUrl: generateURI({ issuer: 'ipstation', label: actor.username, secret }) };
}

export async function totpSetEnabled(deps: AppDeps, ctx: RequestContext & { actor: Actor }, code: string, enable: boolean) {
  const user = await usersRepo.findById(deps.db, ctx.actor.userId);
  if (!user?.totpSecret) throw new AppError('CONFLICT', { messageKey: 'TOTP_NOT_SET_UP' });
  const { valid } = await verifyTotp({ secret: user.totpSecret, token: code, epochTolerance: 30 });
  if (!valid) throw new AppError('VALIDATION', { messageKey: 'MFA_INVALID', details: [{ path: 'code', message: '' }] });
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await usersRepo.update(tx, user.id, enable ? { totpEnabled: true, updatedAt: now } : { totpEnabled: false, totpSecret: null, updatedAt: now });
    await recordAudit(tx, { actorId: user.id, requestId: ctx.requestId, now }, {
      type: enable ? 'auth.totp_enabled' : 'auth.totp_disabled',
      recordType: 'user',
      recordId: user.id,
      data: {},
    });
  });
  return userView(deps, user.id);
}

/** The sign-in log: one's own; the bureau reads anyone's (MLPS: the user and the administrator review it). */
export async function loginLogFor(deps: AppDeps, actor: Actor, q: { userId?: string }, page: { limit: number; offset: number }) {
  const userId = q.userId?.toLowerCase() ?? actor.userId;
  if (userId !== actor.userId && !hasRole(actor, 'bureau_admin')) throw new AppError('FORBIDDEN');
  return loginLogOf(deps, { userId }, page);
}

export async function loginLogOf(deps: AppDeps, filter: { userId?: string }, page: { limit: number; offset: number }) {
  const { rows, total } = await repo.loginLog(deps.db, filter, page);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      username: r.username,
      userId: r.userId,
      ip: r.ip,
      success: r.success,
      reason: r.reason,
    })),
  };
}
