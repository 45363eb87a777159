import path from 'node:path';
import { verifyAuditChain } from '../audit/audit.service';
import { backupDatabase, BackupError } from '../backup/backup';
import { restoreDatabase } from '../backup/restore';
import type { Env } from '../env';
import { CliError, note, out, withDeps } from './run';

const describe = (env: Env) => {
  if (!env.DATABASE_URL) return `embedded PostgreSQL (PGlite) in ${path.resolve(env.DATA_DIR, 'pg')}`;
  const url = new URL(env.DATABASE_URL);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
};

const asCliError = (e: unknown) => (e instanceof BackupError ? new CliError(e.message) : e);

/** `backup DIR`: every table as JSON Lines, the stored files, and a manifest with counts and checksums. */
export async function backup(dir: string) {
  await withDeps('backup', async (deps) => {
    const started = Date.now();
    const manifest = await backupDatabase(
      { db: deps.db, engine: deps.engine, describe: describe(deps.env) },
      { dir, filesDir: path.resolve(deps.env.DATA_DIR, 'files'), onTable: (name, rows) => note(`  ${name}: ${rows} rows`) },
    ).catch((e) => {
      throw asCliError(e);
    });
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    out(
      `backup written to ${path.resolve(dir)} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.length} files (${describe(deps.env)}, ${manifest.schema.lastTag ?? 'no migrations'})`,
    );
    if (manifest.tables.some((t) => t.name === 'audit_checkpoints' && t.rows > 0)) {
      note('the audit log has signed checkpoints: the restored installation needs the same IPSTATION_SECRET (or DATA_DIR/secret.key) to verify them');
    }
  });
}

/**
 * `restore DIR [--replace]`: checks every checksum, then loads the backup into the configured
 * database (DATABASE_URL, else the embedded one in DATA_DIR); a database in use needs --replace.
 */
export async function restore(dir: string, opts: { replace?: boolean }) {
  await withDeps('restore', async (deps) => {
    const started = Date.now();
    const result = await restoreDatabase(
      { db: deps.db },
      { dir, filesDir: path.resolve(deps.env.DATA_DIR, 'files'), replace: !!opts.replace, onTable: (name, rows) => note(`  ${name}: ${rows} rows`) },
    ).catch((e) => {
      throw asCliError(e);
    });
    if (result.replaced.length) note(`replaced the data that was in: ${result.replaced.join(', ')}`);
    out(
      `restored ${result.rows} rows into ${result.tables} tables and ${result.files} files in ${((Date.now() - started) / 1000).toFixed(1)} s (${describe(deps.env)})`,
    );
    const chain = await verifyAuditChain(deps.db, deps.secret);
    if (chain.ok) out(`audit chain verified: ${chain.checked} events`);
    else {
      throw new CliError(
        `restored, but the audit chain does not verify: ${chain.reason}${chain.brokenId === null ? ' (a checkpoint signature: set the IPSTATION_SECRET the source used)' : ` at event ${chain.brokenId}`}`,
      );
    }
  });
}
