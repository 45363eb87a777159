// Shapes of the ipstation HTTP API as the web uses them (see the API contract in docs).

export const ROLES = [
  'bureau_admin',
  'district_officer',
  'alliance_officer',
  'workstation_admin',
  'workstation_staff',
  'enterprise_user',
  'expert',
  'mediator',
  'agency_user',
  'evaluation_expert',
] as const;
export type Role = (typeof ROLES)[number];

export const ORGANIZATION_TYPES = [
  'bureau',
  'district_bureau',
  'alliance',
  'host_association',
  'workstation',
  'agency',
  'enterprise',
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

/** 设立主体类型: industry association, chamber of commerce, industrial park, market operator. */
export const HOST_KINDS = ['industry_association', 'chamber_of_commerce', 'industrial_park', 'market_operator'] as const;
export type HostKind = (typeof HOST_KINDS)[number];

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Membership {
  id: string;
  role: Role;
  organizationId: string;
  organizationName: string;
  organizationType: OrganizationType;
  workstationId: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
  locale: string;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  roles: Membership[];
  createdAt: string;
  version: number;
}

export interface Organization {
  id: string;
  type: OrganizationType;
  name: string;
  parentId: string | null;
  uscc: string | null;
  districtCode: string | null;
  foundedOn: string | null;
  hostKind: HostKind | null;
  address: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrganizationAbilities {
  update: boolean;
  deactivate: boolean;
  activate: boolean;
  manageUsers: boolean;
}

export interface UserAbilities {
  update: boolean;
  deactivate: boolean;
  activate: boolean;
  resetPassword: boolean;
  manageRoles: boolean;
}

export type WithAbilities<T, A> = T & { abilities: A };
export type OrganizationRow = WithAbilities<Organization, OrganizationAbilities>;
export type UserRow = WithAbilities<User, UserAbilities>;

export interface Single<T, A> {
  data: T;
  abilities: A;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ListQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  q?: string;
}

export interface Session {
  user: User;
  /** Null when the caller authenticated with an API token instead of the session cookie. */
  csrfToken: string | null;
  /** A bureau administrator without a second factor: may only enrol one (TOTP) before anything else. */
  mfaEnrolmentRequired?: boolean;
}

export type LoginResult =
  | (Session & { mustChangePassword?: boolean; mfaRequired?: false })
  | { mfaRequired: true; mfaToken: string };

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface AuditEvent {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  type: string;
  recordType: string | null;
  recordId: string | null;
  organizationId: string | null;
  requestId?: string | null;
  data: unknown;
}

/** A background job as GET /api/jobs/{id} answers (imports and other long work). */
export interface Job {
  id: string;
  type: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  progressTotal: number | null;
  progressMessage: string | null;
  attempts: number;
  result: unknown;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}
