import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../search/sql';
import { DataDirLockedError, openDatabase, type DbHandle } from './client';

/**
 * The embedded database's data directory is one process's alone (db/client.ts). These open a real
 * file-backed PGlite directory, whatever DATABASE_URL says: the lock exists only for PGlite. One
 * directory serves every test (creating one costs seconds); each test leaves it closed and unlocked.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-lock-'));
const open = new Set<DbHandle>();
afterEach(async () => {
  for (const h of open) await closeDir(h);
  fs.rmSync(lockFile(dir), { force: true });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const lockFile = (dataDir: string) => path.join(dataDir, 'ipstation.lock');
const writeLock = (dataDir: string, pid: number) =>
  fs.writeFileSync(lockFile(dataDir), JSON.stringify({ pid, host: os.hostname(), startedAt: new Date().toISOString(), command: 'ipstation server' }));

async function openDir(dataDir: string) {
  const h = await openDatabase({ dataDir, command: 'lock test' });
  open.add(h);
  return h;
}
async function closeDir(h: DbHandle) {
  open.delete(h);
  await h.close();
}

describe('data directory lock', () => {
  it('refuses a second open in the same process, naming the holder, and allows it again after close', { timeout: 120_000 }, async () => {
    const first = await openDir(dir);
    const err = await openDatabase({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as Error).message).toContain(`in use by process ${process.pid} on ${os.hostname()} (lock test`);

    await closeDir(first);
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    await openDir(dir);
  });

  it('starts the embedded database with the buffer pool asked for, and says so', { timeout: 120_000 }, async () => {
    const h = await openDatabase({ dataDir: dir, command: 'lock test', pgliteBuffersMb: 64 });
    open.add(h);
    const [row] = rowsOf<{ shared_buffers: string }>(await h.db.execute(sql`show shared_buffers`));
    expect(row.shared_buffers).toBe('64MB');
    expect(h.describe).toContain('buffer pool 64 MB');
    await closeDir(h);
    const auto = await openDir(dir);
    const [dflt] = rowsOf<{ shared_buffers: string }>(await auto.db.execute(sql`show shared_buffers`));
    expect(dflt.shared_buffers).toBe('128MB');
  });
  it('takes over a stale lock file whose process is gone, and removes it on close', { timeout: 120_000 }, async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeLock(dir, gone);
    const h = await openDir(dir);
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
    await closeDir(h);
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it('takes over a lock file with its own pid that it does not hold (a restarted container is pid 1 again)', { timeout: 120_000 }, async () => {
    writeLock(dir, process.pid);
    await openDir(dir);
  });

  it('refuses while another live process holds the lock', { timeout: 120_000 }, async () => {
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeLock(dir, holder.pid!);
      const err = await openDatabase({ dataDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as Error).message).toContain(`in use by process ${holder.pid} `);
      expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')).pid).toBe(holder.pid);
    } finally {
      holder.kill();
    }
  });
});
