import { sql } from 'drizzle-orm';
import { CLUSTER_VERSION_CURRENT } from '../../../shared/src/clusters';
import {
  bigint,
  bigserial,
  customType,
  boolean,
  check,
  date,
  primaryKey,

  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();
const updatedAt = () => ts('updated_at').notNull().defaultNow();

export const organizationTypes = [
  'bureau',
  'district_bureau',
  'alliance',
  'host_association',
  'workstation',
  'agency',
  'enterprise',
] as const;
export type OrganizationType = (typeof organizationTypes)[number];

/** 设立主体: the kinds of body that may set up a workstation (深市监规〔2024〕4号 Art. 3). */
export const hostKinds = ['industry_association', 'chamber_of_commerce', 'industrial_park', 'market_operator'] as const;
export type HostKind = (typeof hostKinds)[number];

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').$type<OrganizationType>().notNull(),
    name: text('name').notNull(),
    /** Pinyin sort key; see lib/sort-key.ts: the one place Chinese ordering is defined. */
    nameSort: text('name_sort').notNull(),
    parentId: uuid('parent_id').references((): any => organizations.id),
    uscc: text('uscc'),
    districtCode: text('district_code'),
    /** 成立日期 of a host body (a filing needs it to be at least one year old). */
    foundedOn: date('founded_on', { mode: 'string' }),
    /** The kind of a host body (行业协会, 商会, 产业园区, 商品交易市场管理者); null for other types. */
    hostKind: text('host_kind').$type<HostKind>(),
    address: text('address'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('organizations_parent_idx').on(t.parentId),
    index('organizations_type_district_idx').on(t.type, t.districtCode, t.nameSort),
    uniqueIndex('organizations_uscc_type_uq').on(t.uscc, t.type).where(sql`${t.uscc} is not null`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    displayNameSort: text('display_name_sort').notNull(),
    email: text('email'),
    locale: text('locale').notNull().default('zh-CN'),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    /** Accounts made by the demo seed exist to be tried: exempt from forced change and required 2FA. */
    isDemo: boolean('is_demo').notNull().default(false),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_username_uq').on(sql`lower(${t.username})`), index('users_sort_idx').on(t.displayNameSort)],
);

export const roleNames = [
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
export type RoleName = (typeof roleNames)[number];

export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    role: text('role').$type<RoleName>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('memberships_uq').on(t.userId, t.organizationId, t.role),
    index('memberships_org_idx').on(t.organizationId),
  ],
);

export const passwordHistory = pgTable(
  'password_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('password_history_user_idx').on(t.userId, t.createdAt)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value; the cookie itself is never stored. */
    id: text('id').primaryKey(),
    publicId: uuid('public_id').notNull().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), uniqueIndex('sessions_public_uq').on(t.publicId)],
);

export const mfaChallenges = pgTable('mfa_challenges', {
  /** sha256 of the mfaToken handed to the client between password and TOTP steps. */
  id: text('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
});

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    username: text('username').notNull(),
    userId: uuid('user_id'),
    ip: text('ip'),
    success: boolean('success').notNull(),
    reason: text('reason'),
  },
  (t) => [index('login_attempts_username_idx').on(t.username, t.at), index('login_attempts_user_idx').on(t.userId, t.at)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    type: text('type').notNull(),
    recordType: text('record_type'),
    recordId: text('record_id'),
    organizationId: uuid('organization_id'),
    requestId: text('request_id'),
    data: jsonb('data').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_record_idx').on(t.recordType, t.recordId),
    index('audit_events_actor_idx').on(t.actorId, t.at),
    index('audit_events_at_idx').on(t.at),
  ],
);

/** Written by a retention purge: the chain restarts from `lastHash`, signed so it cannot be forged by SQL alone. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull().defaultNow(),
  purgedThroughId: bigint('purged_through_id', { mode: 'number' }).notNull(),
  purgedCount: integer('purged_count').notNull(),
  lastHash: text('last_hash').notNull(),
  signature: text('signature').notNull(),
});

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull().default({}),
    status: text('status').$type<'queued' | 'running' | 'succeeded' | 'failed'>().notNull().default('queued'),
    progress: integer('progress').notNull().default(0),
    progressTotal: integer('progress_total'),
    progressMessage: text('progress_message'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    runAt: ts('run_at').notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedAt: ts('locked_at'),
    result: jsonb('result'),
    error: text('error'),
    createdBy: uuid('created_by'),
    organizationId: uuid('organization_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('jobs_queue_idx').on(t.status, t.runAt)],
);

/** One row per (schedule, tick): the unique key makes a scheduled job run once per tick across processes. */
export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    name: text('name').notNull(),
    tick: text('tick').notNull(),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    runner: text('runner').notNull(),
    error: text('error'),
  },
  (t) => [uniqueIndex('schedule_runs_uq').on(t.name, t.tick)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    data: jsonb('data').notNull().default({}),
    emailStatus: text('email_status').$type<'none' | 'queued' | 'sent' | 'failed'>().notNull().default('none'),
    readAt: ts('read_at'),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);


/**
 * A contact person of an enterprise, with the consent that allows keeping them. `workstationId` is
 * the workstation that recorded the contact: only it (and the bureau, and the enterprise itself)
 * reads the contact; a contact recorded by the bureau or the enterprise has none and is read by
 * every workstation the enterprise is a member of.
 */
export interface EnterpriseContact {
  name: string;
  phone?: string;
  email?: string;
  consent: { at: string; purpose: string };
  workstationId?: string | null;
}

/** Versioned reference data: the "20+8" cluster list (2022 now; the 2024 revision adds a version). */
export const clusters = pgTable(
  'clusters',
  {
    code: text('code').notNull(),
    version: text('version').notNull(),
    kind: text('kind').$type<'cluster' | 'future'>().notNull(),
    name: text('name').notNull(),
    confirmed: boolean('confirmed').notNull().default(false),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    supersededBy: text('superseded_by'),
  },
  (t) => [primaryKey({ columns: [t.code, t.version] })],
);

export const filingStates = [
  'draft', 'submitted', 'formal_check', 'needs_correction', 'under_review', 'active', 'suspended', 'revoked', 'withdrawn',
] as const;
export type FilingState = (typeof filingStates)[number];

export const serviceKinds = [
  'retrieval', 'consultation', 'assistance', 'mediation', 'mgmt_standard', 'training', 'overseas', 'trade_fair',
] as const;

/** The workstation's filing and profile, one row per organization of type workstation. */
export const workstationProfiles = pgTable(
  'workstation_profiles',
  {
    organizationId: uuid('organization_id').primaryKey().references(() => organizations.id),
    filingStatus: text('filing_status').$type<FilingState>().notNull().default('draft'),
    filingNumber: text('filing_number'),
    filingDate: date('filing_date', { mode: 'string' }),
    clusterVersion: text('cluster_version').notNull().default(CLUSTER_VERSION_CURRENT),
    clusters: text('clusters').array().notNull().default(sql`'{}'::text[]`),
    districts: text('districts').array().notNull().default(sql`'{}'::text[]`),
    services: text('services').array().notNull().default(sql`'{}'::text[]`),
    premises: jsonb('premises').$type<{ area?: number; facilities?: string }>().notNull().default({}),
    funding: jsonb('funding').$type<{ description?: string; annualBudget?: number }>().notNull().default({}),
    leader: jsonb('leader').$type<{ name?: string; title?: string; qualifications?: string[] }>().notNull().default({}),
    partnerAgencyIds: uuid('partner_agency_ids').array().notNull().default(sql`'{}'::uuid[]`),
    allianceMember: boolean('alliance_member').notNull().default(false),
    selfDisciplineSigned: boolean('self_discipline_signed').notNull().default(false),
    lastReason: text('last_reason'),
    version: integer('version').notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [index('workstation_profiles_status_idx').on(t.filingStatus), uniqueIndex('workstation_profiles_filing_no_uq').on(t.filingNumber)],
);

/** Every workflow step of any record: the history a record's page shows. */
export const workflowEvents = pgTable(
  'workflow_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: uuid('actor_id'),
    reason: text('reason'),
    data: jsonb('data').notNull().default({}),
    at: ts('at').notNull(),
  },
  (t) => [index('workflow_events_record_idx').on(t.recordType, t.recordId, t.id)],
);

export const workstationStaff = pgTable(
  'workstation_staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workstationId: uuid('workstation_id').notNull().references(() => organizations.id),
    name: text('name').notNull(),
    title: text('title'),
    fullTime: boolean('full_time').notNull().default(true),
    qualifications: text('qualifications').array().notNull().default(sql`'{}'::text[]`),
    training: jsonb('training').$type<{ date: string; topic: string; hours: number }[]>().notNull().default([]),
    userId: uuid('user_id').references(() => users.id),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('workstation_staff_ws_idx').on(t.workstationId)],
);

export const workstationBranches = pgTable(
  'workstation_branches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workstationId: uuid('workstation_id').notNull().references(() => organizations.id),
    name: text('name').notNull(),
    hostUnit: text('host_unit'),
    address: text('address'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('workstation_branches_ws_idx').on(t.workstationId)],
);

/** 变更备案: a change to an active workstation, in force only once the bureau approves it. */
export const workstationChanges = pgTable(
  'workstation_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workstationId: uuid('workstation_id').notNull().references(() => organizations.id),
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'pending' | 'approved' | 'rejected'>().notNull().default('pending'),
    reason: text('reason'),
    requestedBy: uuid('requested_by').notNull(),
    decidedBy: uuid('decided_by'),
    createdAt: createdAt(),
    decidedAt: ts('decided_at'),
  },
  (t) => [index('workstation_changes_ws_idx').on(t.workstationId, t.status)],
);

/** Stored files of any record; the bytes live behind the storage interface. */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    kind: text('kind').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    confidentiality: text('confidentiality').$type<'public' | 'internal' | 'confidential' | 'trade_secret'>().notNull().default('internal'),
    uploadedBy: uuid('uploaded_by'),
    createdAt: createdAt(),
  },
  (t) => [index('documents_record_idx').on(t.recordType, t.recordId)],
);

export const enterpriseFlags = ['high_tech', 'specialized', 'above_scale'] as const;

/** The enterprise registry's fields beyond the organization row (keyed by 统一社会信用代码 there). */
export const enterpriseProfiles = pgTable(
  'enterprise_profiles',
  {
    organizationId: uuid('organization_id').primaryKey().references(() => organizations.id),
    clusterVersion: text('cluster_version').notNull().default(CLUSTER_VERSION_CURRENT),
    clusters: text('clusters').array().notNull().default(sql`'{}'::text[]`),
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    /** Contacts: only what the service needs, each with the consent that allows keeping it. */
    contacts: jsonb('contacts').$type<EnterpriseContact[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [index('enterprise_profiles_clusters_idx').using('gin', t.clusters)],
);

export const enterpriseMemberships = pgTable(
  'enterprise_memberships',
  {
    enterpriseId: uuid('enterprise_id').notNull().references(() => organizations.id),
    workstationId: uuid('workstation_id').notNull().references(() => organizations.id),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    /** How it joined: by hand, an import, the seed, a registration, or its first request routed there (intake). */
    source: text('source').$type<'manual' | 'import' | 'seed' | 'registration' | 'intake'>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.workstationId] }), index('enterprise_memberships_ws_idx').on(t.workstationId, t.enterpriseId)],
);

/** Agencies, experts and mediators: what the cases module needs for assignment and conflict checks. */
export const professionalProfiles = pgTable(
  'professional_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectType: text('subject_type').$type<'agency' | 'user'>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    agencyType: text('agency_type').$type<'law_firm' | 'patent_agency' | 'appraisal' | 'university' | 'other'>(),
    licenceNumber: text('licence_number'),
    ipTypes: text('ip_types').array().notNull().default(sql`'{}'::text[]`),
    ipcSections: text('ipc_sections').array().notNull().default(sql`'{}'::text[]`),
    industries: text('industries').array().notNull().default(sql`'{}'::text[]`),
    jurisdictions: text('jurisdictions').array().notNull().default(sql`'{}'::text[]`),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    /** Enterprises represented or advised, by 统一社会信用代码: the declared conflicts. */
    conflictUsccs: text('conflict_usccs').array().notNull().default(sql`'{}'::text[]`),
    ndaOnFile: boolean('nda_on_file').notNull().default(false),
    available: boolean('available').notNull().default(true),
    version: integer('version').notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('professional_profiles_subject_uq').on(t.subjectType, t.subjectId),
    // One licence number, one profile (trimmed, case-insensitive): the service refuses a taken one
    // with LICENCE_TAKEN under a lock; the index holds it for every other writer too.
    uniqueIndex('professional_profiles_licence_uq')
      .on(sql`upper(btrim(${t.licenceNumber}))`)
      .where(sql`btrim(${t.licenceNumber}) <> ''`),
  ],
);

/** An enterprise contact invited by a workstation: registers with the one-time code, then is approved. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id').notNull().references(() => organizations.id),
    workstationId: uuid('workstation_id').notNull().references(() => organizations.id),
    codeHash: text('code_hash').notNull(),
    email: text('email'),
    name: text('name'),
    status: text('status').$type<'pending' | 'registered' | 'approved' | 'rejected' | 'revoked'>().notNull().default('pending'),
    userId: uuid('user_id').references(() => users.id),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    reason: text('reason'),
  },
  (t) => [uniqueIndex('invitations_code_uq').on(t.codeHash), index('invitations_enterprise_idx').on(t.enterpriseId)],
);

/** Self-service password reset by e-mail: one-time tokens, stored hashed. */
export const passwordResets = pgTable('password_resets', {
  id: text('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  createdAt: createdAt(),
});

/** Local additions to the working-day calendar (a year the calendar data does not know yet, a local decision). */
export const calendarOverrides = pgTable('calendar_overrides', {
  date: date('date', { mode: 'string' }).primaryKey(),
  workday: boolean('workday').notNull(),
  note: text('note'),
  updatedBy: uuid('updated_by'),
  updatedAt: updatedAt(),
});

export const caseTypes = ['consultation', 'retrieval'] as const;

/** Every request for a service becomes a case: its type's workflow, clock and intake form. */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseNo: text('case_no').notNull(),
    type: text('type').notNull(),
    workstationId: uuid('workstation_id').notNull().references(() => organizations.id),
    /** The branch (分站) of the workstation that serves the case, if any; a closed branch leaves it empty. */
    branchId: uuid('branch_id').references(() => workstationBranches.id, { onDelete: 'set null' }),
    status: text('status').notNull(),
    title: text('title').notNull(),
    form: jsonb('form').$type<Record<string, unknown>>().notNull(),
    channel: text('channel').notNull().default('online'),
    /** The running clock: which limit, when it falls due, and what is left while paused. */
    clock: jsonb('clock').$type<{ name: string; unit: string; dueAt: string | null; pausedAt?: string | null; remaining?: number | null } | null>(),
    dueAt: ts('due_at'),
    breachNotifiedAt: ts('breach_notified_at'),
    countedAt: ts('counted_at'),
    outcome: text('outcome'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    createdBy: uuid('created_by').notNull(),
    idempotencyKey: text('idempotency_key'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('cases_ws_status_idx').on(t.workstationId, t.status, t.dueAt),
    // Case lists (migration 0010): a workstation's cases newest first, by type and status, and by due date.
    index('cases_ws_created_idx').on(t.workstationId, t.createdAt),
    index('cases_ws_type_status_idx').on(t.workstationId, t.type, t.status, t.createdAt),
    index('cases_ws_due_idx').on(t.workstationId, t.dueAt).where(sql`${t.dueAt} is not null`),
    uniqueIndex('cases_case_no_uq').on(t.caseNo),
    uniqueIndex('cases_idempotency_uq').on(t.createdBy, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
  ],
);

export const caseParties = pgTable(
  'case_parties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    enterpriseId: uuid('enterprise_id').references(() => organizations.id),
    uscc: text('uscc').notNull(),
    name: text('name').notNull(),
    side: text('side').$type<'client' | 'adverse'>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('case_parties_uq').on(t.caseId, t.uscc, t.side), index('case_parties_uscc_idx').on(t.uscc, t.side), index('case_parties_enterprise_idx').on(t.enterpriseId)],
);

export const caseAssignments = pgTable(
  'case_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    role: text('role').$type<'handler' | 'expert' | 'agency' | 'mediator'>().notNull(),
    active: boolean('active').notNull().default(true),
    overrideReason: text('override_reason'),
    assignedBy: uuid('assigned_by').notNull(),
    createdAt: createdAt(),
    endedAt: ts('ended_at'),
  },
  (t) => [
    index('case_assignments_user_idx').on(t.userId, t.active),
    index('case_assignments_case_idx').on(t.caseId),
    // A user's active assignments, and those that reach beyond a staff member's own workstation (migration 0010).
    index('case_assignments_active_idx').on(t.userId, t.caseId).where(sql`${t.active}`),
    index('case_assignments_reach_idx').on(t.userId, t.caseId).where(sql`${t.active} and ${t.role} <> 'handler'`),
  ],
);

export const caseMessages = pgTable(
  'case_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    authorId: uuid('author_id').notNull(),
    /** A note is internal to the workstation and assignees; a message is shared with the enterprise. */
    kind: text('kind').$type<'note' | 'message' | 'answer'>().notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('case_messages_case_idx').on(t.caseId, t.createdAt)],
);

/**
 * Links between cases: `child` (the second case is follow-up work split off the first; a child has
 * one parent) or `related` (symmetric, stored once). Two cases are linked at most once, either way round.
 */
export const caseLinks = pgTable(
  'case_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fromCaseId: uuid('from_case_id').notNull().references(() => cases.id),
    toCaseId: uuid('to_case_id').notNull().references(() => cases.id),
    kind: text('kind').$type<'child' | 'related'>().notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('case_links_pair_uq').on(sql`least(${t.fromCaseId}, ${t.toCaseId})`, sql`greatest(${t.fromCaseId}, ${t.toCaseId})`),
    uniqueIndex('case_links_one_parent_uq').on(t.toCaseId).where(sql`${t.kind} = 'child'`),
    index('case_links_from_idx').on(t.fromCaseId),
    index('case_links_to_idx').on(t.toCaseId),
    check('case_links_not_self', sql`${t.fromCaseId} <> ${t.toCaseId}`),
  ],
);

/**
 * The ledger (服务台账): one row per enterprise served with one service type in one case, written
 * when the case first reaches its type's counting state. The unique key is the counting rule.
 */
export const serviceRecords = pgTable(
  'service_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').references(() => cases.id),
    workstationId: uuid('workstation_id').notNull().references(() => organizations.id),
    /** The case's branch, with its name as it was (the ledger outlives a closed branch). */
    branchId: uuid('branch_id'),
    branchName: text('branch_name'),
    enterpriseId: uuid('enterprise_id').references(() => organizations.id),
    enterpriseName: text('enterprise_name').notNull(),
    uscc: text('uscc'),
    serviceType: text('service_type').notNull(),
    channel: text('channel').notNull(),
    ipType: text('ip_type'),
    rightNumbers: text('right_numbers').array().notNull().default(sql`'{}'::text[]`),
    handlerIds: uuid('handler_ids').array().notNull().default(sql`'{}'::uuid[]`),
    districtCode: text('district_code'),
    clusters: text('clusters').array().notNull().default(sql`'{}'::text[]`),
    startedAt: ts('started_at').notNull(),
    deliveredAt: ts('delivered_at').notNull(),
    outcome: text('outcome'),
    satisfaction: integer('satisfaction'),
    confidentiality: text('confidentiality').notNull().default('internal'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('service_records_count_uq').on(t.caseId, t.uscc, t.serviceType),
    index('service_records_ws_idx').on(t.workstationId, t.deliveredAt),
    index('service_records_branch_idx').on(t.branchId, t.deliveredAt).where(sql`${t.branchId} is not null`),
    index('service_records_district_idx').on(t.districtCode, t.deliveredAt),
    index('service_records_type_idx').on(t.serviceType, t.deliveredAt),
    // The whole ledger by period, newest first (the bureau and the alliance), and by cluster (migration 0010).
    index('service_records_delivered_idx').on(t.deliveredAt),
    index('service_records_clusters_idx').using('gin', t.clusters),
  ],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Patent records for information retrieval: reference data, not tenant data. One row per
 * application (upsert key: normalised application number, else publication serial, else externalId).
 */
export const patents = pgTable(
  'patents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** `an:200710308494`, `pn:CN113914863` or `ex:<externalId>`. */
    upsertKey: text('upsert_key').notNull(),
    applicationNumber: text('application_number'),
    publicationNumber: text('publication_number'),
    kindCode: text('kind_code'),
    grantNumber: text('grant_number'),
    type: text('type').$type<'invention' | 'utility_model' | 'design'>(),
    title: text('title').notNull().default(''),
    abstract: text('abstract').notNull().default(''),
    mainClaim: text('main_claim').notNull().default(''),
    claims: text('claims').notNull().default(''),
    applicants: text('applicants').array().notNull().default(sql`'{}'::text[]`),
    inventors: text('inventors').array().notNull().default(sql`'{}'::text[]`),
    agency: text('agency'),
    mainIpc: text('main_ipc'),
    ipc: text('ipc').array().notNull().default(sql`'{}'::text[]`),
    filingDate: date('filing_date', { mode: 'string' }),
    publicationDate: date('publication_date', { mode: 'string' }),
    grantDate: date('grant_date', { mode: 'string' }),
    priority: jsonb('priority').$type<{ number: string; date?: string | null; country?: string | null }[]>().notNull().default([]),
    legalStatus: text('legal_status'),
    externalId: text('external_id'),
    /** Every document of the application seen so far (the A publication, its B grant, ...). */
    publications: jsonb('publications').$type<{ number: string; kind: string | null; date: string | null }[]>().notNull().default([]),
    /**
     * SHA-256 of the record's Han bigram codes (search/text.ts bigramCode, search/postings.ts
     * keySignature): the keys themselves are in patent_postings under `doc`; with posting_keys it
     * tells a write whether the keys changed (a new number and postings) or not (the record keeps both).
     */
    hanSig: bytea('han_sig').notNull(),
    /**
     * The record's number in patent_postings (search/postings.ts): a new one whenever its keys are
     * written anew, so the postings under an old number match nothing any more.
     */
    doc: bigint('doc', { mode: 'number' }).notNull(),
    /** The record's IPC and number keys (`c:h01m`, `n:cn107123456a`; search/indexer.ts), GIN-indexed: most are the record's own. */
    searchKeys: text('search_keys').array().notNull().default(sql`'{}'::text[]`),
    /**
     * The record's other search keys, shared by many records (Latin tokens `w:oled` and prefixes
     * `x:ol`, applicants' `p:` and inventors' `i:` keys): looked up through patent_postings by their
     * ids in patent_key_ids, not here; the column tells a write whether they changed, as han_sig
     * does for the Han keys.
     */
    postingKeys: text('posting_keys').array().notNull().default(sql`'{}'::text[]`),
    /** `an:` `pn:` `ex:` keys the record answers to: how an import finds the record a row updates. */
    recordKeys: text('record_keys').array().notNull().default(sql`'{}'::text[]`),
    /** jieba search-mode words of title and abstract: ranking only. */
    segWords: text('seg_words').array().notNull().default(sql`'{}'::text[]`),
    /** The import that last created or changed the record: watches look at these. */
    importBatch: uuid('import_batch'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('patents_upsert_key_uq').on(t.upsertKey),
    uniqueIndex('patents_doc_uq').on(t.doc),
    index('patents_search_keys_idx').using('gin', t.searchKeys),
    // No pending list: an import looks ~1,500 keys up per batch, and each would scan the whole list.
    index('patents_record_keys_idx').using('gin', t.recordKeys).with({ fastupdate: false }),
    index('patents_publication_date_idx').on(t.publicationDate),
    index('patents_import_batch_idx').on(t.importBatch),
  ],
);

/**
 * The inverted index of patents (search/postings.ts): one row per key and chunk of records written
 * together (an import batch), a bitmap of the records of the chunk that have the key; record number
 * (patents.doc) = chunk × 2048 + bit. Keys are the Han bigram codes (search/text.ts bigramCode) and,
 * in a range no bigram code takes, the ids of the posting keys (patents.posting_keys, patent_key_ids).
 * An import batch writes ~20,000 such rows for 2,000 records where GINs took ~900,000 entries.
 */
const bit2048 = customType<{ data: string }>({ dataType: () => 'bit(2048)' });
export const patentDocChunks = pgSequence('patent_doc_chunks');
export const patentPostings = pgTable(
  'patent_postings',
  {
    key: integer('key').notNull(),
    chunk: bigint('chunk', { mode: 'number' }).notNull(),
    /** How many records of the chunk have the key: how common it is, summed without reading the bitmaps. */
    n: smallint('n').notNull(),
    /** Bit i set: record chunk × 2048 + i has the key. */
    bits: bit2048('bits').notNull(),
  },
  (t) => [primaryKey({ name: 'patent_postings_key_chunk_pk', columns: [t.key, t.chunk] })],
);

/**
 * Patents' posting keys (`w:oled`, `x:ol`, `p:…`, `i:…`; patents.posting_keys) as postings keys:
 * each its own int4, from 0x00100000 up, a range no Han bigram code takes (BMP codes
 * have a Han character, ≥ U+2E80, in their high half; astral ones 0x0001). Ids are never reused.
 */
export const patentKeyIdSeq = pgSequence('patent_key_id_seq', { startWith: 1048576, minValue: 1048576, maxValue: 780140543 });
export const patentKeyIds = pgTable('patent_key_ids', {
  key: text('key').primaryKey(),
  id: integer('id').notNull().unique('patent_key_ids_id_uq').default(sql`nextval('patent_key_id_seq')`),
});

/**
 * A search kept as work: query, report fields, chosen results; a watch alerts its owner about new
 * hits. `kind` says which records it searches (patents, or trademarks with an optional Nice class).
 */
export const savedSearches = pgTable(
  'saved_searches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id').notNull().references(() => users.id),
    kind: text('kind').$type<'patent' | 'trademark'>().notNull().default('patent'),
    name: text('name').notNull(),
    query: text('query').notNull(),
    /** A trademark search's Nice-class filter (1–45). */
    niceClass: integer('nice_class'),
    sort: text('sort').$type<'relevance' | 'date'>().notNull().default('relevance'),
    enterpriseId: uuid('enterprise_id').references(() => organizations.id),
    workstationId: uuid('workstation_id').references(() => organizations.id),
    watch: boolean('watch').notNull().default(false),
    purpose: text('purpose').notNull().default(''),
    technicalSolution: text('technical_solution').notNull().default(''),
    databases: text('databases').array().notNull().default(sql`'{}'::text[]`),
    searchElements: text('search_elements').array().notNull().default(sql`'{}'::text[]`),
    /** The query strings run for this search, with their hit counts when saved. */
    queries: jsonb('queries').$type<{ q: string; hits: number; at: string }[]>().notNull().default([]),
    reviewer: text('reviewer').notNull().default(''),
    conclusion: text('conclusion').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('saved_searches_owner_idx').on(t.ownerId, t.updatedAt),
    index('saved_searches_watch_idx').on(t.watch),
    check('saved_searches_nice_class_ck', sql`${t.niceClass} is null or (${t.kind} = 'trademark' and ${t.niceClass} between 1 and 45)`),
  ],
);

/** A chosen record: a patent or a trademark (the saved search's kind), each once. */
export const savedSearchResults = pgTable(
  'saved_search_results',
  {
    savedSearchId: uuid('saved_search_id').notNull().references(() => savedSearches.id, { onDelete: 'cascade' }),
    patentId: uuid('patent_id').references(() => patents.id),
    trademarkId: uuid('trademark_id').references(() => trademarks.id),
    /** The cited record's judgement: a patent X alone, Y in combination, A background; a trademark the same or a similar mark. */
    category: text('category').$type<'X' | 'Y' | 'A' | 'same' | 'similar'>(),
    note: text('note').notNull().default(''),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('saved_search_results_record_uq').on(t.savedSearchId, sql`coalesce(${t.patentId}, ${t.trademarkId})`),
    check('saved_search_results_one_record_ck', sql`(${t.patentId} is null) <> (${t.trademarkId} is null)`),
  ],
);

/** Which records a watch has alerted about: the unique (watch, record) is what makes "never twice" hold. */
export const savedSearchAlerts = pgTable(
  'saved_search_alerts',
  {
    savedSearchId: uuid('saved_search_id').notNull().references(() => savedSearches.id, { onDelete: 'cascade' }),
    patentId: uuid('patent_id').references(() => patents.id),
    trademarkId: uuid('trademark_id').references(() => trademarks.id),
    alertedAt: ts('alerted_at').notNull(),
  },
  (t) => [
    uniqueIndex('saved_search_alerts_record_uq').on(t.savedSearchId, sql`coalesce(${t.patentId}, ${t.trademarkId})`),
    check('saved_search_alerts_one_record_ck', sql`(${t.patentId} is null) <> (${t.trademarkId} is null)`),
  ],
);

/**
 * Who may open a trade-secret document besides its uploader: named users, granted one by one.
 * Confidential and lower levels follow the record's own visibility; trade_secret needs a row here.
 */
export const documentAccess = pgTable(
  'document_access',
  {
    documentId: uuid('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id),
    grantedBy: uuid('granted_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.userId] }), index('document_access_user_idx').on(t.userId)],
);

/**
 * Trademark records for information retrieval: reference data like patents. One row per
 * registration (or application) number; the same Han-bigram and token keys as patents.
 */
export const trademarks = pgTable(
  'trademarks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    registrationNumber: text('registration_number').notNull(),
    markName: text('mark_name').notNull().default(''),
    niceClasses: integer('nice_classes').array().notNull().default(sql`'{}'::int4[]`),
    similarGroups: text('similar_groups').array().notNull().default(sql`'{}'::text[]`),
    goodsServices: text('goods_services').notNull().default(''),
    applicants: text('applicants').array().notNull().default(sql`'{}'::text[]`),
    filingDate: date('filing_date', { mode: 'string' }),
    registrationDate: date('registration_date', { mode: 'string' }),
    expiryDate: date('expiry_date', { mode: 'string' }),
    status: text('status'),
    hanKeys: integer('han_keys').array().notNull().default(sql`'{}'::int4[]`),
    searchKeys: text('search_keys').array().notNull().default(sql`'{}'::text[]`),
    importBatch: uuid('import_batch'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('trademarks_registration_number_uq').on(t.registrationNumber),
    index('trademarks_han_keys_idx').using('gin', t.hanKeys),
    index('trademarks_search_keys_idx').using('gin', t.searchKeys),
    index('trademarks_nice_classes_idx').using('gin', t.niceClasses),
    index('trademarks_import_batch_idx').on(t.importBatch),
  ],
);
