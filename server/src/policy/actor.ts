import type { Locale } from '../i18n/messages';
import type { OrganizationType, RoleName } from '../db/schema';

export interface ActorRole {
  membershipId: string;
  role: RoleName;
  organizationId: string;
  organizationType: OrganizationType;
}

/** Who is calling: the signed-in user with every role they hold, or nobody. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: ActorRole[];
  isDemo: boolean;
  mustChangePassword: boolean;
  /** A bureau_admin (not a demo account) without TOTP: may only enrol it (MLPS level 3). */
  mfaEnrolmentRequired?: boolean;
  via: 'session' | 'token';
  sessionId?: string;
  tokenId?: string;
}

export interface RequestContext {
  actor: Actor | null;
  locale: Locale;
  requestId: string;
  ip: string;
}

export const hasRole = (actor: Actor, role: RoleName) => actor.roles.some((r) => r.role === role);

/** Organizations in which the actor holds one of the given roles. */
export const orgsWithRole = (actor: Actor, ...roles: RoleName[]) =>
  [...new Set(actor.roles.filter((r) => roles.includes(r.role)).map((r) => r.organizationId))];
