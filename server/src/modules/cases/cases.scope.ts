import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

/** The district codes of the district bureaus a district officer belongs to. */
export async function districtCodesOf(db: DbOrTx, orgIds: string[]) {
  if (!orgIds.length) return [];
  const res = await db.execute(sql`select district_code as d from organizations where id in (${sql.join(orgIds.map((i) => sql`${i}::uuid`), sql`, `)}) and district_code is not null`);
  return (res as unknown as { rows: { d: string }[] }).rows.map((r) => r.d);
}
