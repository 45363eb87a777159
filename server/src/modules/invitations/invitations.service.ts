import { randomInt } from 'node:crypto';
import type { AppDeps } from '../../deps';
import { AppError, notFound } from '../../errors';
import { recordAudit } from '../../audit/audit.service';
import { randomToken, sha256 } from '../../lib/crypto';
import { hashPassword } from '../../lib/password';
import { normalizeUscc } from '../../lib/uscc';
import { orgsWithRole, type Actor, type RequestContext } from '../../policy/actor';
import * as authRepo from '../auth/auth.repository';
import { assertNotReused } from '../auth/auth.service';
import { enterpriseUsccById, getEnterprise } from '../enterprises/enterprises.service';
import { notify } from '../notifications/notifications.service';
import { createUser, setAccountActiveBySystem, userIdsWithRole } from '../users/users.service';
import * as usersRepo from '../users/users.repository';
import * as repo from './invitations.repository';

type Ctx = RequestContext & { actor: Actor };
const INVITATION_DAYS = 14;
const RESET_MINUTES = 30;
// No 0/O, 1/I/L: a code read out over the phone is typed right.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export const normalizeCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
function newCode() {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

const staffOf = (a: Actor) => orgsWithRole(a, 'workstation_admin', 'workstation_staff');

const present = (r: { inv: repo.InvitationRow; username: string | null; displayName: string | null }) => ({
  id: r.inv.id,
  enterpriseId: r.inv.enterpriseId,
  workstationId: r.inv.workstationId,
  email: r.inv.email,
  name: r.inv.name,
  status: r.inv.status,
  username: r.username,
  displayName: r.displayName,
  createdAt: r.inv.createdAt.toISOString(),
  expiresAt: r.inv.expiresAt.toISOString(),
  reason: r.inv.reason,
});

/**
 * A workstation invites a contact of one of its member enterprises: a one-time code it hands over,
 * and an e-mail with it when SMTP is configured.
 */
export async function createInvitation(deps: AppDeps, ctx: Ctx, enterpriseId: string, input: { email?: string | null; name?: string | null; workstationId?: string | null }) {
  const ent = await getEnterprise(deps, ctx, enterpriseId); // 404 outside the caller's scope
  const mine = staffOf(ctx.actor);
  const memberOf = ent.data.memberships.map((m) => m.workstationId).filter((w) => mine.includes(w));
  const workstationId = input.workstationId ?? memberOf[0];
  if (!workstationId || !memberOf.includes(workstationId)) throw new AppError('FORBIDDEN', { messageKey: 'NOT_MEMBER' });
  const code = newCode();
  const now = deps.clock();
  const inv = await deps.db.transaction(async (tx) => {
    const row = await repo.insert(tx, {
      enterpriseId,
      workstationId,
      codeHash: sha256(normalizeCode(code)),
      email: input.email ?? null,
      name: input.name ?? null,
      createdBy: ctx.actor.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
    });
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'invitation.created',
      recordType: 'enterprise',
      recordId: enterpriseId,
      organizationId: workstationId,
      data: { invitationId: row.id, workstationId, byEmail: !!input.email && deps.mailer.enabled },
    });
    return row;
  });
  let emailed = false;
  if (input.email && deps.mailer.enabled) {
    const base = deps.env.IPSTATION_PUBLIC_URL ?? '';
    await deps.jobs.enqueue('invitation.email', {
      to: input.email,
      subject: `知保站邀请：${ent.data.name}`,
      text: `您好${input.name ? ` ${input.name}` : ''}：\n\n${ent.data.name} 所在的知识产权保护工作站邀请您开通知保站企业账号。\n邀请码：${code}（${INVITATION_DAYS} 天内有效）\n注册地址：${base}/register?code=${encodeURIComponent(code)}\n注册时请填写企业的统一社会信用代码。注册后由工作站审核开通。`,
    });
    emailed = true;
  }
  return { data: present({ inv, username: null, displayName: null }), code, emailed };
}

export async function listInvitations(deps: AppDeps, ctx: Ctx, q: { enterpriseId?: string; status?: string }) {
  if (q.enterpriseId) await getEnterprise(deps, ctx, q.enterpriseId);
  const rows = await repo.listFor(deps.db, { enterpriseId: q.enterpriseId, status: q.status, workstationIds: staffOf(ctx.actor) });
  return { items: rows.map(present) };
}

/** Anonymous: the invited person registers against the enterprise's code; the account waits for approval. */
export async function register(
  deps: AppDeps,
  ctx: RequestContext,
  input: { code: string; uscc: string; username: string; displayName: string; email?: string | null; password: string },
) {
  const now = deps.clock();
  const inv = await repo.findByCode(deps.db, sha256(normalizeCode(input.code)));
  const ent = inv ? await getEnterpriseUscc(deps, inv.enterpriseId) : null;
  if (!inv || inv.status !== 'pending' || inv.expiresAt <= now || !ent || ent !== normalizeUscc(input.uscc)) {
    await authRepo.recordAttempt(deps.db, { at: now, username: `(register) ${input.username}`.slice(0, 100), ip: ctx.ip, success: false, reason: 'registration' });
    throw new AppError('VALIDATION', { messageKey: 'INVITATION_INVALID', details: [{ path: 'code', message: '' }] });
  }
  const created = await deps.db.transaction(async (tx) => {
    const u = await createUser(
      deps,
      { actor: null, requestId: ctx.requestId },
      { username: input.username, displayName: input.displayName, email: input.email ?? inv.email, password: input.password, organizationId: inv.enterpriseId, role: 'enterprise_user', mustChangePassword: false, active: false },
      tx,
    );
    const moved = await repo.move(tx, inv.id, 'pending', { status: 'registered', userId: u.data.id });
    if (!moved) throw new AppError('VALIDATION', { messageKey: 'INVITATION_INVALID', details: [{ path: 'code', message: '' }] });
    await recordAudit(tx, { actorId: null, requestId: ctx.requestId, now }, {
      type: 'invitation.registered',
      recordType: 'enterprise',
      recordId: inv.enterpriseId,
      organizationId: inv.workstationId,
      data: { invitationId: inv.id, userId: u.data.id, username: u.data.username },
    });
    return u.data;
  });
  const staff = await staffUserIds(deps, inv.workstationId);
  if (staff.length) {
    await notify(deps, { userIds: staff, kind: 'invitation.registered', title: `企业账号待审核：${created.displayName}`, body: `${created.displayName}（${created.username}）已通过邀请码注册，请审核。`, link: `/enterprises/${inv.enterpriseId}` });
  }
  return { status: 'registered' as const, username: created.username };
}

const getEnterpriseUscc = (deps: AppDeps, id: string) => enterpriseUsccById(deps.db, id);
const staffUserIds = (deps: AppDeps, workstationId: string) => userIdsWithRole(deps.db, [workstationId], ['workstation_admin', 'workstation_staff']);

export async function decideInvitation(deps: AppDeps, ctx: Ctx, id: string, input: { decision: 'approve' | 'reject' | 'revoke'; reason?: string | null }) {
  const inv = await repo.findById(deps.db, id);
  if (!inv || !staffOf(ctx.actor).includes(inv.workstationId)) throw notFound();
  const from = input.decision === 'revoke' ? 'pending' : 'registered';
  const to = input.decision === 'approve' ? 'approved' : input.decision === 'reject' ? 'rejected' : 'revoked';
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const moved = await repo.move(tx, id, from, { status: to, decidedBy: ctx.actor.userId, decidedAt: now, reason: input.reason ?? null });
    if (!moved) throw new AppError('INVALID_TRANSITION', { messageKey: 'INVITATION_STATE' });
    if (input.decision === 'approve' && inv.userId) await setAccountActiveBySystem(tx, inv.userId, true, now);
    await recordAudit(tx, { actorId: ctx.actor.userId, requestId: ctx.requestId, now }, {
      type: 'invitation.decided',
      recordType: 'enterprise',
      recordId: inv.enterpriseId,
      organizationId: inv.workstationId,
      data: { invitationId: id, decision: to, reason: input.reason ?? null },
    });
  });
  if (inv.userId && input.decision === 'approve') {
    await notify(deps, { userIds: [inv.userId], kind: 'invitation.approved', title: '您的企业账号已开通', body: '工作站已审核通过，现在可以登录知保站。', email: true });
  }
  const [row] = (await repo.listFor(deps.db, { enterpriseId: inv.enterpriseId })).filter((r) => r.inv.id === id);
  return { data: present(row) };
}

/** Anonymous, and the same answer whether or not the account exists or has an address. */
export async function requestPasswordReset(deps: AppDeps, login: string) {
  if (!deps.mailer.enabled) return;
  const u = await repo.userForReset(deps.db, login);
  if (!u || !u.active || !u.email) return;
  const token = randomToken();
  const now = deps.clock();
  await repo.insertReset(deps.db, { id: sha256(token), userId: u.id, expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000), createdAt: now });
  const base = deps.env.IPSTATION_PUBLIC_URL ?? '';
  await deps.jobs.enqueue('invitation.email', {
    to: u.email,
    subject: '知保站：重置密码',
    text: `请在 ${RESET_MINUTES} 分钟内打开以下链接重置密码：\n${base}/reset-password?token=${token}\n如果不是您本人操作，请忽略此邮件。`,
  });
}

export async function confirmPasswordReset(deps: AppDeps, ctx: RequestContext, input: { token: string; newPassword: string }) {
  const now = deps.clock();
  const reset = await repo.consumeReset(deps.db, sha256(input.token), now);
  if (!reset) throw new AppError('VALIDATION', { messageKey: 'RESET_INVALID', details: [{ path: 'token', message: '' }] });
  const user = await usersRepo.findById(deps.db, reset.userId);
  if (!user) throw new AppError('VALIDATION', { messageKey: 'RESET_INVALID', details: [{ path: 'token', message: '' }] });
  await assertNotReused(deps, user.id, user.passwordHash, input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction(async (tx) => {
    await usersRepo.addPasswordHistory(tx, user.id, user.passwordHash);
    await usersRepo.update(tx, user.id, { passwordHash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now });
    await authRepo.revokeAllSessions(tx, user.id, now);
    await recordAudit(tx, { actorId: user.id, requestId: ctx.requestId, now }, { type: 'user.password_reset_by_email', recordType: 'user', recordId: user.id, data: {} });
  });
}

export function registerInvitationJobs(deps: Pick<AppDeps, 'jobs' | 'mailer'>) {
  deps.jobs.register('invitation.email', async (job) => {
    const p = job.payload as { to: string; subject: string; text: string };
    await deps.mailer.send(p);
    return { sent: true };
  });
}
