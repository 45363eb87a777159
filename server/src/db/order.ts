import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * ORDER BY terms. Text is ordered under the byte-wise "C" collation so that PGlite and every
 * PostgreSQL server order the same; Chinese names sort by their pinyin key (lib/sort-key.ts).
 */
export function orderBy(col: AnyColumn, kind: 'text' | 'other', descending: boolean): SQL {
  if (kind === 'text') return descending ? sql`${col} collate "C" desc` : sql`${col} collate "C" asc`;
  return descending ? desc(col) : asc(col);
}
