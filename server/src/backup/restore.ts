import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { BACKUP_FORMAT, BackupError, dumpedColumns, sha256File, type Manifest } from './backup';
import { ident, loadOrder, migrationState, readCatalog, rowsOf, tablesFilledByMigrations, type Table } from './catalog';

const INSERT_ROWS = 1_000;

/** Reads the manifest and checks every table file and stored file against its checksum and row count. */
export async function verifyBackup(dir: string): Promise<Manifest> {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) throw new BackupError('format', `${dir} has no manifest.json: not a backup, or an unfinished one`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BackupError('format', `${file} is not valid JSON (${(e as Error).message})`);
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.formatVersion !== 1 || !Array.isArray(manifest.tables) || !Array.isArray(manifest.files)) {
    throw new BackupError('format', `${file} is not an ipstation backup manifest this version reads (format ${manifest.format} ${manifest.formatVersion})`);
  }
  const problems: string[] = [];
  for (const t of manifest.tables) {
    const f = path.join(dir, t.file);
    if (!/^tables\/[a-z0-9_]+\.jsonl$/.test(t.file) || !fs.existsSync(f)) {
      problems.push(`${t.file}: missing`);
      continue;
    }
    const hash = createHash('sha256');
    let lines = 0;
    for await (const chunk of fs.createReadStream(f)) {
      hash.update(chunk as Buffer);
      for (const byte of chunk as Buffer) if (byte === 0x0a) lines++;
    }
    const digest = hash.digest('hex');
    if (digest !== t.sha256) problems.push(`${t.file}: checksum ${digest} does not match the manifest's ${t.sha256}`);
    else if (lines !== t.rows) problems.push(`${t.file}: ${lines} rows, the manifest says ${t.rows}`);
  }
  for (const s of manifest.files) {
    const f = path.join(dir, 'files', s.path);
    if (s.path.split('/').some((part) => part === '..' || part === '') || !fs.existsSync(f)) {
      problems.push(`files/${s.path}: missing`);
      continue;
    }
    const digest = await sha256File(f);
    if (digest !== s.sha256) problems.push(`files/${s.path}: checksum does not match the manifest`);
  }
  if (problems.length) {
    throw new BackupError('checksum', `the backup in ${dir} is damaged or was altered; nothing was restored:\n  ${problems.join('\n  ')}`);
  }
  return manifest;
}

/** Tables that hold rows other than the reference data migrations load: a database "in use". */
export async function tablesInUse(db: DbOrTx): Promise<string[]> {
  const reference = tablesFilledByMigrations();
  const out: string[] = [];
  for (const t of await readCatalog(db)) {
    if (reference.has(t.name)) continue;
    const [{ used }] = await rowsOf<{ used: boolean }>(db, sql`select exists (select 1 from ${ident(t.name)}) as used`);
    if (used) out.push(t.name);
  }
  return out;
}

function assertSameSchema(manifest: Manifest, tables: Table[], target: Awaited<ReturnType<typeof migrationState>>) {
  const mine = `${manifest.schema.migrations} migrations (last ${manifest.schema.lastTag ?? manifest.schema.lastMigration})`;
  const theirs = `${target.migrations} migrations (last ${target.lastTag ?? target.lastMigration})`;
  if (manifest.schema.migrations !== target.migrations || manifest.schema.lastMigration !== target.lastMigration) {
    throw new BackupError(
      'schema',
      `the backup was made at ${mine}, this installation is at ${theirs}. Restore with the ipstation version that made the backup, then upgrade.`,
    );
  }
  const byName = new Map(tables.map((t) => [t.name, t]));
  const problems: string[] = [];
  for (const t of manifest.tables) {
    const target = byName.get(t.name);
    if (!target) problems.push(`table ${t.name} does not exist here`);
    else if (dumpedColumns(target).join(',') !== t.columns.join(',')) problems.push(`table ${t.name} has columns (${dumpedColumns(target).join(', ')}), the backup (${t.columns.join(', ')})`);
  }
  for (const t of tables) if (!manifest.tables.some((m) => m.name === t.name)) problems.push(`table ${t.name} is not in the backup`);
  if (problems.length) throw new BackupError('schema', `the backup does not match this database's tables:\n  ${problems.join('\n  ')}`);
}

async function* lines(file: string): AsyncGenerator<string> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield line;
}

async function insertBatch(tx: DbOrTx, t: Table, columns: string[], batch: string[]) {
  if (!batch.length) return;
  const cols = sql.join(columns.map((c) => ident(c)), sql`, `);
  const overriding = t.columns.some((c) => c.identityAlways) ? sql` overriding system value` : sql``;
  await tx.execute(
    sql`insert into ${ident(t.name)} (${cols})${overriding} select ${cols} from json_populate_recordset(null::${ident(t.name)}, ${`[${batch.join(',')}]`}::json)`,
  );
}

/**
 * Rows of a table that references itself, parents before children: a row goes in once every row it
 * points to is in (or it points nowhere).
 */
function parentsFirst(t: Table, rows: string[]): string[] {
  const parsed = rows.map((text) => ({ text, row: JSON.parse(text) as Record<string, unknown> }));
  const keyOf = (row: Record<string, unknown>, cols: string[]) => JSON.stringify(cols.map((c) => row[c]));
  const placed = new Set<string>();
  const out: string[] = [];
  let pending = parsed;
  while (pending.length) {
    const next: typeof pending = [];
    for (const p of pending) {
      const ready = t.selfReferences.every((ref) => ref.columns.some((c) => p.row[c] === null || p.row[c] === undefined) || placed.has(`${ref.referenced.join(',')}=${keyOf(p.row, ref.columns)}`));
      if (ready) {
        out.push(p.text);
        for (const ref of t.selfReferences) placed.add(`${ref.referenced.join(',')}=${keyOf(p.row, ref.referenced)}`);
      } else next.push(p);
    }
    if (next.length === pending.length) {
      // What is left points at rows that are not in the backup: let the database name the problem.
      out.push(...next.map((p) => p.text));
      break;
    }
    pending = next;
  }
  return out;
}

export interface RestoreResult {
  tables: number;
  rows: number;
  files: number;
  replaced: string[];
}

/**
 * Loads a verified backup into `db` (already migrated to the same schema) in one transaction, then
 * copies the stored files into `filesDir`. A database in use is refused unless `replace` is set,
 * in which case every table is emptied first. Sequences are moved past the loaded ids.
 */
export async function restoreDatabase(
  handle: { db: Db },
  opts: { dir: string; filesDir: string; replace?: boolean; onTable?: (name: string, rows: number) => void },
): Promise<RestoreResult> {
  const dir = path.resolve(opts.dir);
  const manifest = await verifyBackup(dir);
  const catalog = await readCatalog(handle.db);
  assertSameSchema(manifest, catalog, await migrationState(handle.db));
  const inUse = await tablesInUse(handle.db);
  if (inUse.length && !opts.replace) {
    throw new BackupError(
      'not_empty',
      `the target database already holds data (${inUse.slice(0, 6).join(', ')}${inUse.length > 6 ? ', …' : ''}); restore into an empty database, or pass --replace to delete what is there`,
    );
  }
  const byName = new Map(catalog.map((t) => [t.name, t]));
  const ordered = loadOrder(catalog);
  let total = 0;
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    await tx.execute(sql`truncate table ${sql.join(ordered.map((t) => ident(t.name)), sql`, `)} restart identity cascade`);
    for (const t of ordered) {
      const entry = manifest.tables.find((m) => m.name === t.name)!;
      const file = path.join(dir, entry.file);
      let count = 0;
      if (t.selfReferences.length) {
        const all: string[] = [];
        for await (const line of lines(file)) all.push(line);
        const rows = parentsFirst(t, all);
        for (let i = 0; i < rows.length; i += INSERT_ROWS) await insertBatch(tx, t, entry.columns, rows.slice(i, i + INSERT_ROWS));
        count = rows.length;
      } else {
        let batch: string[] = [];
        for await (const line of lines(file)) {
          batch.push(line);
          if (batch.length >= INSERT_ROWS) {
            await insertBatch(tx, t, entry.columns, batch);
            count += batch.length;
            batch = [];
          }
        }
        await insertBatch(tx, t, entry.columns, batch);
        count += batch.length;
      }
      total += count;
      opts.onTable?.(t.name, count);
    }
    for (const t of ordered) {
      for (const s of byName.get(t.name)!.sequences) {
        await tx.execute(
          sql`select setval(${`public."${s.sequence.replace(/"/g, '""')}"`}::regclass,
                coalesce((select max(${ident(s.column)}) from ${ident(t.name)}), 1),
                (select max(${ident(s.column)}) from ${ident(t.name)}) is not null)`,
        );
      }
    }
  });

  // The files: their names are random storage keys, so copying never overwrites another upload.
  for (const f of manifest.files) {
    const to = path.join(opts.filesDir, f.path);
    if (fs.existsSync(to) && (await sha256File(to)) === f.sha256) continue;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(dir, 'files', f.path), `${to}.part`);
    fs.renameSync(`${to}.part`, to);
  }
  return { tables: ordered.length, rows: total, files: manifest.files.length, replaced: opts.replace ? inUse : [] };
}
