import type { OrganizationType, RoleName } from '../src/db/schema';
import { sortKey } from '../src/lib/sort-key';
import { usccCheckChar, USCC_ALPHABET } from '../src/lib/uscc';
import * as orgRepo from '../src/modules/organizations/organizations.repository';
import { createUser } from '../src/modules/users/users.service';
import { Agent } from './agent';
import type { TestContext } from './harness';

let seq = 0;
const FILE_OFFSET = Math.floor(Math.random() * 1e9);
const next = () => ++seq;

/** A valid 统一社会信用代码 that no other factory call returns. */
export function validUscc(prefix = '91440300'): string {
  // Unique within a test file (one database): the counter times a prime, offset once per file.
  let n = next() * 104_729 + FILE_OFFSET;
  let body = '';
  for (let i = 0; i < 9; i++) {
    body = USCC_ALPHABET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = (prefix + body).slice(0, 17);
  return first17 + usccCheckChar(first17);
}

export async function buildOrganization(ctx: TestContext, o: { type: OrganizationType; name?: string; parentId?: string | null; uscc?: string | null; districtCode?: string | null }) {
  const name = o.name ?? `测试${o.type}${next()}`;
  return orgRepo.insert(ctx.db, {
    type: o.type,
    name,
    nameSort: sortKey(name),
    parentId: o.parentId ?? null,
    uscc: o.uscc === undefined ? (['enterprise', 'host_association', 'agency'].includes(o.type) ? validUscc() : null) : o.uscc,
    districtCode: o.districtCode ?? '440305',
    createdAt: ctx.clock.now,
    updatedAt: ctx.clock.now,
  });
}

/** A host association and its workstation. */
export async function buildWorkstation(ctx: TestContext, name?: string) {
  const host = await buildOrganization(ctx, { type: 'host_association', name: name ? `${name}协会` : undefined });
  const workstation = await buildOrganization(ctx, { type: 'workstation', parentId: host.id, name: name ? `${name}工作站` : undefined });
  return { host, workstation };
}

export const TEST_PASSWORD = 'Test-Password-42';

export async function buildUser(ctx: TestContext, u: { role: RoleName; organizationId: string; username?: string; password?: string; mustChangePassword?: boolean; email?: string }) {
  const username = u.username ?? `${u.role.replace(/_/g, '')}${next()}`;
  const password = u.password ?? TEST_PASSWORD;
  const { data } = await createUser(ctx.deps, { actor: null }, {
    username,
    displayName: `用户${username}`,
    email: u.email ?? null,
    password,
    organizationId: u.organizationId,
    role: u.role,
    mustChangePassword: u.mustChangePassword ?? false,
  });
  return { user: data, username, password };
}

/**
 * Builds a user with the role and returns a signed-in agent for them. A bureau administrator has TOTP
 * on, as the platform requires of every one that is not a demo account; the agent signs in with it.
 */
export async function signedIn(ctx: TestContext, role: RoleName, organizationId: string, extra: { username?: string } = {}) {
  const built = await buildUser(ctx, { role, organizationId, ...extra });
  const agent = new Agent(ctx);
  if (role === 'bureau_admin') {
    const { generateSecret } = await import('otplib');
    agent.totpSecret = generateSecret();
    await ctx.db.update(users).set({ totpSecret: agent.totpSecret, totpEnabled: true }).where(eq(users.id, built.user.id));
  }
  const res = await agent.login(built.username, built.password);
  if (res.status !== 200) throw new Error(`login failed for ${built.username}: ${res.text}`);
  return Object.assign(agent, { user: built.user, username: built.username, password: built.password });
}

/**
 * The cases suites' cast: the standard network on a Monday morning in Shanghai (2025-11-17 10:00),
 * with an agency and one of its experts signed in.
 */
export async function buildCaseNetwork(ctx: TestContext) {
  ctx.clock.set('2025-11-17T02:00:00Z');
  const net = await buildNetwork(ctx);
  const agency = await buildOrganization(ctx, { type: 'agency' });
  const expert = await signedIn(ctx, 'expert', agency.id);
  return { net, ws1: net.ws1.workstation.id, agency, expert };
}

/** The standard cast: a bureau with its admin, two workstations each with an admin and staff. */
export async function buildNetwork(ctx: TestContext) {
  const bureau = await buildOrganization(ctx, { type: 'bureau', name: '测试市局' });
  const ws1 = await buildWorkstation(ctx, '甲');
  const ws2 = await buildWorkstation(ctx, '乙');
  const admin = await signedIn(ctx, 'bureau_admin', bureau.id);
  const wsAdmin1 = await signedIn(ctx, 'workstation_admin', ws1.workstation.id);
  const staff1 = await signedIn(ctx, 'workstation_staff', ws1.workstation.id);
  const wsAdmin2 = await signedIn(ctx, 'workstation_admin', ws2.workstation.id);
  const staff2 = await signedIn(ctx, 'workstation_staff', ws2.workstation.id);
  return { bureau, ws1, ws2, admin, wsAdmin1, staff1, wsAdmin2, staff2 };
}

// Helpers added below read the database directly, so a test can check what a request left behind.
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents, users } from '../src/db/schema';

/** Audit events as stored, oldest first: lets a test check that a mutation wrote its event, or did not. */
export async function auditEventsOf(ctx: TestContext, f: { recordId?: string; type?: string }) {
  const conds = [f.recordId ? eq(auditEvents.recordId, f.recordId) : undefined, f.type ? eq(auditEvents.type, f.type) : undefined];
  return ctx.db.select().from(auditEvents).where(and(...conds)).orderBy(asc(auditEvents.id));
}
