import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { memberships, organizations, professionalProfiles, users } from '../../db/schema';

export type ProfileRow = typeof professionalProfiles.$inferSelect;

export interface ProfessionalListItem {
  subjectType: 'agency' | 'user';
  subjectId: string;
  name: string;
  roles: string[];
  organizationName: string | null;
  profile: ProfileRow | null;
}

/**
 * The pool for assignment: agencies (organizations) and users holding expert, mediator or agency
 * roles, each with their profile when one has been filed.
 */
export async function list(db: DbOrTx, f: { kind?: 'agency' | 'expert' | 'mediator'; ipType?: string; jurisdiction?: string; available?: boolean; filed?: boolean; q?: string }, page: { limit: number; offset: number }) {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const profileFilter: SQL[] = [];
  if (f.ipType) profileFilter.push(sql`p.ip_types @> array[${f.ipType}]::text[]`);
  if (f.jurisdiction) profileFilter.push(sql`p.jurisdictions @> array[${f.jurisdiction}]::text[]`);
  if (f.available !== undefined) profileFilter.push(sql`coalesce(p.available, true) = ${f.available}`);
  if (f.filed !== undefined) profileFilter.push(f.filed ? sql`p.id is not null` : sql`p.id is null`);
  const pf = profileFilter.length ? sql` and ${sql.join(profileFilter, sql` and `)}` : sql``;
  const agencies = sql`
    select 'agency' as subject_type, o.id as subject_id, o.name, o.name_sort as sort, array['agency']::text[] as roles, null::text as org_name
    from ${organizations} o left join ${professionalProfiles} p on p.subject_type = 'agency' and p.subject_id = o.id
    where o.type = 'agency' and o.active ${like ? sql`and o.name ilike ${like}` : sql``} ${pf}`;
  const roleList = f.kind === 'expert' ? ['expert'] : f.kind === 'mediator' ? ['mediator'] : ['expert', 'mediator', 'agency_user'];
  const people = sql`
    select 'user' as subject_type, u.id as subject_id, u.display_name as name, u.display_name_sort as sort,
      array_agg(distinct m.role) as roles, min(o.name) as org_name
    from ${users} u join ${memberships} m on m.user_id = u.id join ${organizations} o on o.id = m.organization_id
    left join ${professionalProfiles} p on p.subject_type = 'user' and p.subject_id = u.id
    where u.active and m.role in (${sql.join(roleList.map((r) => sql`${r}`), sql`, `)}) ${like ? sql`and u.display_name ilike ${like}` : sql``} ${pf}
    group by u.id, u.display_name, u.display_name_sort`;
  const union = f.kind === 'agency' ? agencies : f.kind ? people : sql`${agencies} union all ${people}`;
  const res = await db.execute(sql`select * from (${union}) x order by sort collate "C", subject_id limit ${page.limit} offset ${page.offset}`);
  const cnt = await db.execute(sql`select count(*)::int as n from (${union}) x`);
  const rows = (res as unknown as { rows: { subject_type: 'agency' | 'user'; subject_id: string; name: string; roles: string[]; org_name: string | null }[] }).rows;
  const profiles = rows.length
    ? await db
        .select()
        .from(professionalProfiles)
        .where(sql`(${professionalProfiles.subjectType}, ${professionalProfiles.subjectId}) in (${sql.join(rows.map((r) => sql`(${r.subject_type}, ${r.subject_id}::uuid)`), sql`, `)})`)
    : [];
  return {
    total: Number((cnt as unknown as { rows: { n: number }[] }).rows[0].n),
    items: rows.map<ProfessionalListItem>((r) => ({
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      name: r.name,
      roles: r.roles,
      organizationName: r.org_name,
      profile: profiles.find((p) => p.subjectType === r.subject_type && p.subjectId === r.subject_id) ?? null,
    })),
  };
}

export async function find(db: DbOrTx, subjectType: 'agency' | 'user', subjectId: string) {
  const [row] = await db
    .select()
    .from(professionalProfiles)
    .where(and(eq(professionalProfiles.subjectType, subjectType), eq(professionalProfiles.subjectId, subjectId)));
  return row;
}

export async function subjectName(db: DbOrTx, subjectType: 'agency' | 'user', subjectId: string) {
  if (subjectType === 'agency') {
    const [o] = await db.select({ name: organizations.name }).from(organizations).where(and(eq(organizations.id, subjectId), eq(organizations.type, 'agency')));
    return o?.name;
  }
  const [u] = await db
    .select({ name: users.displayName })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(users.id, subjectId), sql`${memberships.role} in ('expert', 'mediator', 'agency_user')`))
    .orderBy(asc(users.id))
    .limit(1);
  return u?.name;
}

export async function upsert(db: DbOrTx, subjectType: 'agency' | 'user', subjectId: string, version: number | undefined, fields: Partial<typeof professionalProfiles.$inferInsert>) {
  const existing = await find(db, subjectType, subjectId);
  if (!existing) {
    const [row] = await db.insert(professionalProfiles).values({ subjectType, subjectId, ...fields }).returning();
    return row;
  }
  const [row] = await db
    .update(professionalProfiles)
    .set({ ...fields, version: sql`${professionalProfiles.version} + 1`, updatedAt: new Date() })
    .where(and(eq(professionalProfiles.id, existing.id), eq(professionalProfiles.version, version ?? -1)))
    .returning();
  return row;
}

/** The roles a user holds anywhere (empty when there is no such user). */
export async function rolesOfUser(db: DbOrTx, userId: string) {
  const rows = await db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, userId));
  return [...new Set(rows.map((r) => r.role))];
}

/**
 * Licence numbers are unique across the pool without a unique index (compared trimmed and without
 * regard to case): the check and the write run under one transaction-scoped lock per number, so two
 * filings of one number cannot both pass the check.
 */
export async function lockLicence(tx: DbOrTx, licenceNumber: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`professional-licence:${licenceNumber.trim().toUpperCase()}`}))`);
}

/** The profile that holds a licence number, other than the given subject's. */
export async function licenceHolder(db: DbOrTx, licenceNumber: string, except?: { subjectType: 'agency' | 'user'; subjectId: string }) {
  const [row] = await db
    .select({ subjectType: professionalProfiles.subjectType, subjectId: professionalProfiles.subjectId })
    .from(professionalProfiles)
    .where(
      and(
        sql`upper(btrim(${professionalProfiles.licenceNumber})) = ${licenceNumber.trim().toUpperCase()}`,
        except ? sql`not (${professionalProfiles.subjectType} = ${except.subjectType} and ${professionalProfiles.subjectId} = ${except.subjectId})` : undefined,
      ),
    )
    .limit(1);
  return row;
}

/** True when `err` is the unique violation of one profile per subject (drizzle wraps driver errors in `cause`). */
export function isProfileTaken(err: unknown): boolean {
  for (let e = err as { code?: string; constraint?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return e.constraint === PROFILE_UNIQUE || String((e as Error).message ?? '').includes(PROFILE_UNIQUE);
  }
  return false;
}
const PROFILE_UNIQUE = 'professional_profiles_subject_uq';
