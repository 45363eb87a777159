import { z } from 'zod';
import { displayNameField, emailField, passwordField, usernameField } from '../../../shared/src/account.schemas';
import { ROLE_ORG_TYPES } from '../../../shared/src/roles';
import { recordAudit } from '../audit/audit.service';
import { roleNames, type RoleName } from '../db/schema';
import { AppError } from '../errors';
import { temporaryPassword } from '../lib/crypto';
import { hashPassword } from '../lib/password';
import * as authRepo from '../modules/auth/auth.repository';
import * as usersRepo from '../modules/users/users.repository';
import { createUser } from '../modules/users/users.service';
import { CLI_LOCALE, CliError, message, note, out, readStdin, withDeps } from './run';

const createArgs = z.object({
  username: usernameField,
  password: passwordField,
  org: z.uuid('validation.invalid_id'),
  role: z.enum(roleNames),
  displayName: displayNameField.optional(),
  email: emailField.optional(),
});

const flagOf: Record<string, string> = { displayName: '--display-name', org: '--org' };

/** Checks the arguments before the database is opened, naming the option at fault. */
function parseArgs<T extends z.ZodTypeAny>(schema: T, args: unknown): z.infer<T> {
  const result = schema.safeParse(args);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const field = String(i.path[0] ?? '');
    return `${flagOf[field] ?? `--${field}`}: ${message(i.message)}`;
  });
  throw new CliError(problems.join('; '));
}

export interface UserCreateOptions {
  username: string;
  password: string;
  org: string;
  role: string;
  displayName?: string;
  email?: string;
  mustChangePassword?: boolean;
}

/** `user create`: prints the new user's id on stdout. */
export async function userCreate(opts: UserCreateOptions) {
  const password = opts.password === '-' ? await readStdin() : opts.password;
  const args = parseArgs(createArgs, { ...opts, password });
  await withDeps('user create', async (deps) => {
    try {
      const { data } = await createUser(
        deps,
        { actor: null },
        {
          username: args.username,
          displayName: args.displayName ?? args.username,
          email: args.email ?? null,
          password: args.password,
          organizationId: args.org,
          role: args.role,
          mustChangePassword: opts.mustChangePassword ?? false,
        },
      );
      out(data.id);
      const role = data.roles[0];
      note(`created user ${data.username}: ${role?.role} in ${role?.organizationName}`);
    } catch (e) {
      throw explainCreateError(e, args.org, args.role);
    }
  });
}

function explainCreateError(e: unknown, orgId: string, role: RoleName): unknown {
  if (!(e instanceof AppError)) return e;
  if (e.options.details?.some((d) => d.path === 'organizationId')) {
    return new CliError(`no organization with id ${orgId}; find one with: ipstation org list`);
  }
  if (e.options.messageKey === 'ROLE_ORG_MISMATCH') {
    return new CliError(`${e.render(CLI_LOCALE)}; ${role} may be held in: ${ROLE_ORG_TYPES[role].join(', ')}`);
  }
  return e;
}

/**
 * `user reset-password`: a temporary password shown once, to be changed at the next sign-in; every
 * session of the account is signed out. The users service's resetPassword needs a signed-in actor,
 * so the system (no actor) path is written here with the same steps and the same audit event.
 */
export async function userResetPassword(opts: { username: string }) {
  await withDeps('user reset-password', async (deps) => {
    const user = await usersRepo.findByUsername(deps.db, opts.username);
    if (!user) throw new CliError(`no user named ${opts.username}`);
    const temp = temporaryPassword();
    const passwordHash = await hashPassword(temp);
    const now = deps.clock();
    // Filed under the user's workstation (else first) organization, as the service files it for the bureau.
    const roles = await usersRepo.rolesOf(deps.db, [user.id]);
    const organizationId = (roles.find((r) => r.organizationType === 'workstation') ?? roles[0])?.organizationId ?? null;
    await deps.db.transaction(async (tx) => {
      await usersRepo.addPasswordHistory(tx, user.id, user.passwordHash);
      await usersRepo.update(tx, user.id, { passwordHash, mustChangePassword: true, passwordChangedAt: now, updatedAt: now });
      await authRepo.revokeAllSessions(tx, user.id, now);
      await recordAudit(tx, { actorId: null, now }, { type: 'user.password_reset', recordType: 'user', recordId: user.id, organizationId, data: {} });
    });
    out(temp);
    note(`temporary password for ${user.username}: it must be changed at the next sign-in; every session was signed out`);
    if (!user.active) note(`note: the account ${user.username} is deactivated; it cannot sign in until it is activated again`);
  });
}
