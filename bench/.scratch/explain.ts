import { sql } from 'drizzle-orm';
import { openDatabase } from '../../server/src/db/client';
import * as repo from '../../server/src/modules/patents/patents.repository';
import { parseQuery } from '../../server/src/search/query-parser';
import { whereOf } from '../../server/src/modules/patents/patents.query';
const h = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '/tmp/x' });
for (const q of (process.env.Q ?? '锂电池 隔膜').split('|')) {
  const t = performance.now();
  const r = await repo.search(h.db, parseQuery(q), { sort: 'relevance', limit: 20, offset: 0 });
  console.log(q, 'total', r.total, r.totalIsEstimate, 'ms', (performance.now() - t).toFixed(1));
  if (process.env.EXPLAIN) {
    const w = whereOf(parseQuery(q));
    const res = await h.db.transaction(async (tx) => { await tx.execute(sql`set local enable_seqscan = off`); return tx.execute(sql`explain (analyze, buffers) select id from patents where ${w} order by publication_date desc nulls last, id limit 1000`); });
    for (const row of (res as any).rows) console.log(row['QUERY PLAN']);
  }
}
await h.close();
