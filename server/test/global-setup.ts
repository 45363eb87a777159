import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openMemoryDatabase } from '../src/db/client';
import { migrate } from '../src/db/migrate';

/**
 * Migrates one template database per run. On PGlite (the default) the migrated data directory is
 * dumped to a file each test file loads; with DATABASE_URL a template database is created on the
 * server and each test file gets `CREATE DATABASE ... TEMPLATE` of it.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `ipstation_tmpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const tmplUrl = new URL(url);
    tmplUrl.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: tmplUrl.toString(), max: 2 });
    const { drizzle } = await import('drizzle-orm/node-postgres');
    await migrate({ db: drizzle(pool) as never, engine: 'postgres' });
    await pool.end();
    project.provide('pgTemplate', name);
    project.provide('templateFile', '');
    return async () => {
      // Databases made by test files are dropped by them; the template goes last.
      const stale = await admin.query(`select datname from pg_database where datname like 'ipstation_t_${process.pid}_%'`);
      for (const r of stale.rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const handle = await openMemoryDatabase();
  await migrate(handle);
  const dump = await handle.client.dumpDataDir('none');
  const dir = path.resolve('.tmp');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `test-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('pgTemplate', '');
  project.provide('templateFile', file);
  return () => fs.rmSync(file, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    templateFile: string;
  }
}
