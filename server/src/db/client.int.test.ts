import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestApp, type TestContext } from '../../test/harness';
import { rowsOf } from '../search/sql';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await setupTestApp();
});

describe('database connections', () => {
  // PGlite is built without a JIT provider.
  it.runIf(process.env.DATABASE_URL)('run without JIT: the search over the postings is estimated far above jit_above_cost and ran 1.5 s compiling', async () => {
    const [row] = rowsOf<{ jit: string }>(await ctx.db.execute(sql`show jit`));
    expect(row.jit).toBe('off');
  });
});
