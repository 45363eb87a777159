import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp, type TestContext } from '../../test/harness';
import { rowsOf } from '../search/sql';

// At the top of the file, as in every test file: the harness's teardown (afterAll) registers for the
// file only there (from inside a hook it never ran, leaving the data directory and database behind),
// and only on a server: a file whose tests are all skipped runs no afterAll.
const ctx = (process.env.DATABASE_URL ? await setupTestApp() : undefined) as TestContext;

describe('database connections', () => {
  // PGlite is built without a JIT provider.
  it.runIf(process.env.DATABASE_URL)('run without JIT: the search over the postings is estimated far above jit_above_cost and ran 1.5 s compiling', async () => {
    const [row] = rowsOf<{ jit: string }>(await ctx.db.execute(sql`show jit`));
    expect(row.jit).toBe('off');
  });
});
