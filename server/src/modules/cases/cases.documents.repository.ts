import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { documentAccess, documents, memberships, users } from '../../db/schema';

export type CaseDocumentRow = typeof documents.$inferSelect;

const ofCase = (caseId: string) => and(eq(documents.recordType, 'case'), eq(documents.recordId, caseId));

/** Every document of a case (visibility is decided by the caller), with the uploader's name. */
export const documentsOfCase = (db: DbOrTx, caseId: string) =>
  db
    .select({ d: documents, uploaderName: users.displayName })
    .from(documents)
    .leftJoin(users, eq(users.id, documents.uploadedBy))
    .where(ofCase(caseId))
    .orderBy(asc(documents.createdAt), asc(documents.id));

export async function insertDocument(db: DbOrTx, row: Omit<typeof documents.$inferInsert, 'recordType'>) {
  const [d] = await db.insert(documents).values({ ...row, recordType: 'case' }).returning();
  return d;
}

export async function deleteDocument(db: DbOrTx, caseId: string, id: string) {
  const [d] = await db.delete(documents).where(and(eq(documents.id, id), ofCase(caseId))).returning();
  return d;
}

/** The users named on documents, with their names. */
export const namedUsersOf = (db: DbOrTx, documentIds: string[]) =>
  documentIds.length
    ? db
        .select({ documentId: documentAccess.documentId, userId: documentAccess.userId, name: users.displayName })
        .from(documentAccess)
        .innerJoin(users, eq(users.id, documentAccess.userId))
        .where(inArray(documentAccess.documentId, documentIds))
        .orderBy(asc(documentAccess.createdAt))
    : Promise.resolve([]);

/** The enterprises each of these users acts for (to tell an enterprise's own uploads). */
export const enterprisesOfUsers = (db: DbOrTx, userIds: string[]) =>
  userIds.length
    ? db
        .select({ userId: memberships.userId, enterpriseId: memberships.organizationId })
        .from(memberships)
        .where(and(inArray(memberships.userId, userIds), eq(memberships.role, 'enterprise_user')))
    : Promise.resolve([]);

export async function grantAccess(db: DbOrTx, row: typeof documentAccess.$inferInsert) {
  const inserted = await db.insert(documentAccess).values(row).onConflictDoNothing().returning({ userId: documentAccess.userId });
  return inserted.length > 0;
}

export async function revokeAccess(db: DbOrTx, documentId: string, userId: string) {
  const removed = await db
    .delete(documentAccess)
    .where(and(eq(documentAccess.documentId, documentId), eq(documentAccess.userId, userId)))
    .returning({ userId: documentAccess.userId });
  return removed.length > 0;
}

export type ViewerKind = 'staff' | 'assignee' | 'enterprise';

/**
 * The active users who can open a case: the owning workstation's staff and admins, its active
 * assignees and the client enterprises' users. Only they may be named on a trade-secret document.
 */
export async function caseViewers(db: DbOrTx, c: { workstationId: string; clientEnterpriseIds: string[]; assigneeIds: string[] }) {
  const conds = [and(eq(memberships.organizationId, c.workstationId), inArray(memberships.role, ['workstation_admin', 'workstation_staff']))];
  if (c.clientEnterpriseIds.length) conds.push(and(inArray(memberships.organizationId, c.clientEnterpriseIds), eq(memberships.role, 'enterprise_user')));
  const members = await db
    .select({ userId: users.id, name: users.displayName, sort: users.displayNameSort, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(users.active, true), or(...conds)));
  const assignees = c.assigneeIds.length
    ? await db
        .select({ userId: users.id, name: users.displayName, sort: users.displayNameSort })
        .from(users)
        .where(and(eq(users.active, true), inArray(users.id, c.assigneeIds)))
    : [];
  const out = new Map<string, { userId: string; name: string; sort: string; kind: ViewerKind }>();
  for (const a of assignees) out.set(a.userId, { ...a, kind: 'assignee' });
  for (const m of members) {
    if (!out.has(m.userId)) out.set(m.userId, { userId: m.userId, name: m.name, sort: m.sort, kind: m.role === 'enterprise_user' ? 'enterprise' : 'staff' });
  }
  return [...out.values()].sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0)).map(({ sort: _sort, ...v }) => v);
}
