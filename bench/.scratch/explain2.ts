import { sql } from 'drizzle-orm';
import { openDatabase } from '../../server/src/db/client';
import * as repo from '../../server/src/modules/patents/patents.repository';
import { parseQuery } from '../../server/src/search/query-parser';
const h = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '/tmp/x', poolSize: 1 });
await h.db.execute(sql`set jit = off`);
await h.db.execute(sql`load 'auto_explain'`);
await h.db.execute(sql`set auto_explain.log_min_duration = 200`);
await h.db.execute(sql`set auto_explain.log_analyze = on`);
await h.db.execute(sql`set auto_explain.log_nested_statements = on`);
for (const q of (process.env.Q ?? '锂电池 隔膜').split('|')) {
  const t = performance.now();
  const r = await repo.search(h.db, parseQuery(q), { sort: 'relevance', limit: 20, offset: 0 });
  console.log(q, 'total', r.total, r.totalIsEstimate, 'ms', (performance.now() - t).toFixed(1));
}
await h.close();
