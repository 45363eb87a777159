import fs from 'node:fs';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { migrationsFolder } from '../db/migrate';

/**
 * What a logical backup needs to know about the database, read from the PostgreSQL catalog so that
 * every table a migration adds is covered without a list to keep up to date. The same queries run on
 * PGlite and on a PostgreSQL server.
 */

export interface Column {
  name: string;
  /** Written by the database (GENERATED ALWAYS AS ... STORED): neither dumped nor loaded. */
  generated: boolean;
  identityAlways: boolean;
}

export interface Table {
  name: string;
  columns: Column[];
  /** Primary key columns in key order, each marked when it needs the "C" collation to order the same everywhere. */
  primaryKey: { name: string; collatable: boolean }[];
  /** Tables this one references (other than itself). */
  dependsOn: string[];
  /** Foreign keys from this table to itself (e.g. organizations.parent_id -> organizations.id). */
  selfReferences: { columns: string[]; referenced: string[] }[];
  /** Sequences owned by a column (bigserial, identity), to be moved past the loaded rows. */
  sequences: { column: string; sequence: string }[];
}

export const rowsOf = async <T>(db: DbOrTx, query: SQL): Promise<T[]> => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

export const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

export async function readCatalog(db: DbOrTx): Promise<Table[]> {
  const tables = await rowsOf<{ oid: number; name: string }>(
    db,
    sql`select c.oid::int as oid, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`,
  );
  const columns = await rowsOf<{ oid: number; name: string; generated: string; identity: string }>(
    db,
    sql`select a.attrelid::int as oid, a.attname as name, a.attgenerated::text as generated, a.attidentity::text as identity
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped order by a.attrelid, a.attnum`,
  );
  const keys = await rowsOf<{ oid: number; name: string; collatable: boolean; position: number }>(
    db,
    sql`select i.indrelid::int as oid, a.attname as name, t.typcollation <> 0 as collatable,
          array_position(i.indkey::int2[], a.attnum) as position
        from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        join pg_type t on t.oid = a.atttypid
        join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and i.indisprimary order by i.indrelid, position`,
  );
  const fks = await rowsOf<{ table: string; referenced: string; columns: string[]; refColumns: string[] }>(
    db,
    sql`select c.relname as table, r.relname as referenced,
          array(select attname from pg_attribute where attrelid = k.conrelid and attnum = any(k.conkey) order by array_position(k.conkey, attnum))::text[] as columns,
          array(select attname from pg_attribute where attrelid = k.confrelid and attnum = any(k.confkey) order by array_position(k.confkey, attnum))::text[] as "refColumns"
        from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class r on r.oid = k.confrelid
        join pg_namespace n on n.oid = k.connamespace
        where n.nspname = 'public' and k.contype = 'f'`,
  );
  const sequences = await rowsOf<{ table: string; column: string; sequence: string }>(
    db,
    sql`select c.relname as table, a.attname as column, s.relname as sequence
        from pg_depend d join pg_class s on s.oid = d.objid and s.relkind = 'S'
        join pg_class c on c.oid = d.refobjid join pg_attribute a on a.attrelid = c.oid and a.attnum = d.refobjsubid
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and d.deptype in ('a', 'i')`,
  );
  return tables.map((t) => ({
    name: t.name,
    columns: columns.filter((c) => c.oid === t.oid).map((c) => ({ name: c.name, generated: c.generated === 's', identityAlways: c.identity === 'a' })),
    primaryKey: keys.filter((k) => k.oid === t.oid).map((k) => ({ name: k.name, collatable: k.collatable })),
    dependsOn: [...new Set(fks.filter((f) => f.table === t.name && f.referenced !== t.name).map((f) => f.referenced))].sort(),
    selfReferences: fks.filter((f) => f.table === t.name && f.referenced === t.name).map((f) => ({ columns: f.columns, referenced: f.refColumns })),
    sequences: sequences.filter((s) => s.table === t.name).map((s) => ({ column: s.column, sequence: s.sequence })),
  }));
}

/** Tables in an order that loads without breaking a foreign key: referenced tables first, then by name. */
export function loadOrder(tables: Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: Table[] = [];
  while (out.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t.name) && t.dependsOn.every((d) => done.has(d) || !byName.has(d)));
    if (!ready.length) {
      const left = tables.filter((t) => !done.has(t.name)).map((t) => t.name);
      throw new Error(`foreign keys form a cycle between tables ${left.join(', ')}; a logical backup cannot order them`);
    }
    for (const t of ready) {
      done.add(t.name);
      out.push(t);
    }
  }
  return out;
}

/** The migrations applied to this database: how many, and the last one's timestamp (drizzle's journal `when`). */
export async function migrationState(db: DbOrTx): Promise<{ migrations: number; lastMigration: number | null; lastTag: string | null }> {
  const rows = await rowsOf<{ n: number; last: string | null }>(db, sql`select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`);
  const last = rows[0].last === null ? null : Number(rows[0].last);
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number; tag: string }[] };
  return { migrations: rows[0].n, lastMigration: last, lastTag: journal.entries.find((e) => e.when === last)?.tag ?? null };
}

/** Tables the migrations themselves fill (reference data): their rows do not make a database "in use". */
export function tablesFilledByMigrations(): Set<string> {
  const names = new Set<string>();
  for (const file of fs.readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql'))) {
    const text = fs.readFileSync(path.join(migrationsFolder, file), 'utf8');
    for (const m of text.matchAll(/insert\s+into\s+(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi)) names.add(m[1].toLowerCase());
  }
  return names;
}
