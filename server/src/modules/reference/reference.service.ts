import { asc, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { clusters } from '../../db/schema';

/** Reference data is read-only at run time; new versions arrive as migrations. */
export async function listClusters(deps: AppDeps, version?: string) {
  const rows = await deps.db
    .select()
    .from(clusters)
    .where(version ? eq(clusters.version, version) : undefined)
    .orderBy(asc(clusters.version), asc(clusters.code));
  return rows;
}
