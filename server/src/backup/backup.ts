import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { ident, loadOrder, migrationState, readCatalog, rowsOf, type Table } from './catalog';

/**
 * A logical backup: one JSON Lines file per table (one row a line, as PostgreSQL's row_to_json
 * renders it, in primary-key order), the stored files, and a manifest with row counts and sha256
 * checksums. Being plain rows rather than a data directory, it restores into either engine
 * (restore.ts): back up the embedded database, restore into a PostgreSQL server, or the reverse.
 *
 *   DIR/manifest.json        written last: a backup without it is incomplete
 *   DIR/tables/<table>.jsonl
 *   DIR/files/<storage key>  the bytes of uploaded documents (DATA_DIR/files)
 */

export const BACKUP_FORMAT = 'ipstation-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface TableEntry {
  name: string;
  file: string;
  columns: string[];
  rows: number;
  bytes: number;
  sha256: string;
}

export interface FileEntry {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  source: { engine: 'pglite' | 'postgres'; database: string };
  schema: { migrations: number; lastMigration: number | null; lastTag: string | null };
  /** In load order: a table comes after every table it references. */
  tables: TableEntry[];
  files: FileEntry[];
}

export class BackupError extends Error {
  constructor(
    readonly reason: 'exists' | 'format' | 'checksum' | 'schema' | 'not_empty',
    message: string,
  ) {
    super(message);
  }
}

const FETCH_ROWS = 2_000;

/** Columns a backup carries: all but those the database computes itself. */
export const dumpedColumns = (t: Table) => t.columns.filter((c) => !c.generated).map((c) => c.name);

/** The ORDER BY that makes a table's file the same bytes on every engine. */
function orderOf(t: Table) {
  if (!t.primaryKey.length) return sql`row_to_json(x)::text collate "C"`;
  return sql.join(
    t.primaryKey.map((k) => (k.collatable ? sql`${ident(k.name)} collate "C"` : ident(k.name))),
    sql`, `,
  );
}

async function writeAll(fh: fs.promises.FileHandle, text: string, hash: ReturnType<typeof createHash>) {
  const buf = Buffer.from(text, 'utf8');
  hash.update(buf);
  await fh.write(buf);
  return buf.length;
}

function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // A `.part` file is an upload that never finished (storage writes then renames).
      else if (entry.isFile() && !entry.name.endsWith('.part')) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export const sha256File = async (file: string) => {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

/**
 * Writes a backup of `db` (and of the stored files under `filesDir`) into `dir`, which must be new or
 * empty. Every table is read in one repeatable-read transaction, so the backup is one consistent
 * moment even while a PostgreSQL server keeps serving.
 */
export async function backupDatabase(
  handle: { db: Db; engine: 'pglite' | 'postgres'; describe?: string },
  opts: { dir: string; filesDir: string; now?: Date; onTable?: (name: string, rows: number) => void },
): Promise<Manifest> {
  const dir = path.resolve(opts.dir);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length) {
    throw new BackupError('exists', `${dir} is not empty; give a new directory for the backup`);
  }
  fs.mkdirSync(path.join(dir, 'tables'), { recursive: true });

  const { tables, schema } = await handle.db.transaction(
    async (tx) => {
      await tx.execute(sql`set local timezone = 'UTC'`);
      const schemaState = await migrationState(tx);
      const entries: TableEntry[] = [];
      for (const t of loadOrder(await readCatalog(tx))) {
        const columns = dumpedColumns(t);
        const file = `tables/${t.name}.jsonl`;
        const hash = createHash('sha256');
        const fh = await fs.promises.open(path.join(dir, file), 'w');
        let rows = 0;
        let bytes = 0;
        try {
          const cursor = `ipstation_backup_${entries.length}`;
          const cols = sql.join(columns.map((c) => ident(c)), sql`, `);
          await tx.execute(
            sql`declare ${sql.raw(cursor)} no scroll cursor for
                select row_to_json(x)::text as j from (select ${cols} from ${ident(t.name)}) x order by ${orderOf(t)}`,
          );
          for (;;) {
            const batch = await rowsOf<{ j: string }>(tx, sql`fetch forward ${sql.raw(String(FETCH_ROWS))} from ${sql.raw(cursor)}`);
            if (!batch.length) break;
            bytes += await writeAll(fh, batch.map((r) => `${r.j}\n`).join(''), hash);
            rows += batch.length;
          }
          await tx.execute(sql`close ${sql.raw(cursor)}`);
          await fh.sync();
        } finally {
          await fh.close();
        }
        entries.push({ name: t.name, file, columns, rows, bytes, sha256: hash.digest('hex') });
        opts.onTable?.(t.name, rows);
      }
      return { tables: entries, schema: schemaState };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );

  const files: FileEntry[] = [];
  for (const rel of listFiles(opts.filesDir)) {
    const from = path.join(opts.filesDir, rel);
    const to = path.join(dir, 'files', rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    files.push({ path: rel, bytes: fs.statSync(to).size, sha256: await sha256File(to) });
  }

  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: (opts.now ?? new Date()).toISOString(),
    source: { engine: handle.engine, database: handle.describe ?? handle.engine },
    schema,
    tables,
    files,
  };
  const part = path.join(dir, 'manifest.json.part');
  const fh = await fs.promises.open(part, 'w');
  await fh.writeFile(`${JSON.stringify(manifest, null, 2)}\n`);
  await fh.sync();
  await fh.close();
  fs.renameSync(part, path.join(dir, 'manifest.json'));
  return manifest;
}
