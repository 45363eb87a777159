import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { caseAssignments, caseLinks, caseParties, cases } from '../../db/schema';

export type CaseLinkRow = typeof caseLinks.$inferSelect;

/** Every link of a case, either way round, oldest first. */
export const linksOf = (db: DbOrTx, caseId: string) =>
  db
    .select()
    .from(caseLinks)
    .where(or(eq(caseLinks.fromCaseId, caseId), eq(caseLinks.toCaseId, caseId)))
    .orderBy(asc(caseLinks.createdAt), asc(caseLinks.id));

export async function findLink(db: DbOrTx, id: string) {
  const [l] = await db.select().from(caseLinks).where(eq(caseLinks.id, id));
  return l;
}

/** The link between two cases, whichever way round it was made. */
export async function linkBetween(db: DbOrTx, a: string, b: string) {
  const [l] = await db
    .select()
    .from(caseLinks)
    .where(or(and(eq(caseLinks.fromCaseId, a), eq(caseLinks.toCaseId, b)), and(eq(caseLinks.fromCaseId, b), eq(caseLinks.toCaseId, a))));
  return l;
}

export async function parentLinkOf(db: DbOrTx, caseId: string) {
  const [l] = await db.select().from(caseLinks).where(and(eq(caseLinks.toCaseId, caseId), eq(caseLinks.kind, 'child')));
  return l;
}

/** Whether `ancestor` is `caseId` itself or above it on its chain of parents (a child has one parent). */
export async function isSelfOrAncestor(db: DbOrTx, ancestor: string, caseId: string): Promise<boolean> {
  const res = await db.execute(sql`
    with recursive up(id, depth) as (
      select ${caseId}::uuid, 0
      union all
      select l.from_case_id, up.depth + 1 from ${caseLinks} l join up on l.to_case_id = up.id and l.kind = 'child' where up.depth < 1000
    )
    select exists (select 1 from up where id = ${ancestor}::uuid) as found`);
  return Boolean((res as unknown as { rows: { found: boolean }[] }).rows[0].found);
}

/** Parent links are written one at a time, so two concurrent links cannot close a cycle together. */
export async function lockParentLinks(db: DbOrTx) {
  await db.execute(sql`select pg_advisory_xact_lock(7410031)`);
}

export async function insertLink(db: DbOrTx, row: typeof caseLinks.$inferInsert) {
  const [l] = await db.insert(caseLinks).values(row).onConflictDoNothing().returning();
  return l;
}

export async function deleteLink(db: DbOrTx, id: string) {
  const [l] = await db.delete(caseLinks).where(eq(caseLinks.id, id)).returning();
  return l;
}

/** What a link shows of the other case, and what deciding who may see it needs. */
export async function linkedCaseFacts(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  const [rows, parties, assignments] = await Promise.all([
    db.select({ id: cases.id, caseNo: cases.caseNo, title: cases.title, type: cases.type, status: cases.status, workstationId: cases.workstationId }).from(cases).where(inArray(cases.id, ids)),
    db.select({ caseId: caseParties.caseId, enterpriseId: caseParties.enterpriseId }).from(caseParties).where(and(inArray(caseParties.caseId, ids), eq(caseParties.side, 'client'))),
    db.select({ caseId: caseAssignments.caseId, userId: caseAssignments.userId }).from(caseAssignments).where(and(inArray(caseAssignments.caseId, ids), eq(caseAssignments.active, true))),
  ]);
  return rows.map((c) => ({
    ...c,
    clientEnterpriseIds: parties.filter((p) => p.caseId === c.id && p.enterpriseId).map((p) => p.enterpriseId!),
    assigneeIds: assignments.filter((a) => a.caseId === c.id).map((a) => a.userId),
  }));
}
