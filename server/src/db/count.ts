import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from './client';

/** Exact totals up to this many rows; above it the planner's estimate (lists say `totalIsEstimate`). */
export const EXACT_COUNT_LIMIT = 10_000;

/**
 * Counts the rows of a query without counting a large table on every page request: exact up to
 * EXACT_COUNT_LIMIT, then the planner's row estimate for the same query (good once ANALYZE has run).
 */
export async function countCapped(
  db: DbOrTx,
  rowsQuery: SQLWrapper,
  /** A better estimate than the planner's, where the caller has one (null: the planner's). */
  estimate?: () => Promise<number | null>,
): Promise<{ total: number; totalIsEstimate: boolean }> {
  const capped = await db.execute(sql`select count(*)::int as n from (${rowsQuery} limit ${EXACT_COUNT_LIMIT + 1}) as c`);
  const n = Number((capped as unknown as { rows: { n: number }[] }).rows[0].n);
  if (n <= EXACT_COUNT_LIMIT) return { total: n, totalIsEstimate: false };
  const own = estimate ? await estimate() : null;
  if (own !== null) return { total: Math.max(n, own), totalIsEstimate: true };
  const plan = await db.execute(sql`explain (format json) ${rowsQuery}`);
  const row = (plan as unknown as { rows: Record<string, unknown>[] }).rows[0];
  const json = (row['QUERY PLAN'] ?? Object.values(row)[0]) as unknown;
  const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as { Plan: { 'Plan Rows': number } }[];
  return { total: Math.max(n, Math.round(parsed[0].Plan['Plan Rows'])), totalIsEstimate: true };
}

export type { SQL };
