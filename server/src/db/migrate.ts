import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { sql } from 'drizzle-orm';
import type { DbHandle } from './client';
import { ENSURE_CHANGE_TRIGGERS_SQL } from './write-generation';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies the committed SQL migrations; the same files run on PGlite and on a PostgreSQL server. */
export async function migrate(handle: Pick<DbHandle, 'db' | 'engine'>): Promise<void> {
  if (handle.engine === 'pglite') {
    await migratePglite(handle.db as never, { migrationsFolder });
  } else {
    await migratePg(handle.db as never, { migrationsFolder });
    // Other processes' caches hear of this database's writes through these triggers.
    await handle.db.execute(sql.raw(ENSURE_CHANGE_TRIGGERS_SQL));
  }
}
