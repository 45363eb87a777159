import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteBuffersMb } from './client';

const MB = 2 ** 20;
const GB = 2 ** 30;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A data directory whose files under base/ take `sizes` bytes (sparse files: nothing is written). */
function dataDir(...sizes: number[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-buffers-'));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, 'base', '5'), { recursive: true });
  const sparse = (file: string, size: number) => {
    fs.writeFileSync(file, '');
    fs.truncateSync(file, size);
  };
  sizes.forEach((s, i) => sparse(path.join(dir, 'base', '5', `1600${i}`), s));
  // Files outside base/ (the WAL) do not count.
  fs.mkdirSync(path.join(dir, 'pg_wal'));
  sparse(path.join(dir, 'pg_wal', 'seg'), 4 * GB);
  return dir;
}

describe('the embedded database\'s buffer pool, sized automatically', () => {
  it('keeps PostgreSQL\'s default 128 MB for a new or small database', () => {
    expect(pgliteBuffersMb(path.join(os.tmpdir(), 'ipstation-no-such-dir'), 24 * GB)).toBe(128);
    expect(pgliteBuffersMb(dataDir(100 * MB, 50 * MB), 24 * GB)).toBe(128);
  });
  it('takes half the size of the database files between the bounds', () => {
    expect(pgliteBuffersMb(dataDir(600 * MB, 400 * MB), 24 * GB)).toBe(500);
  });
  it('takes at most 1 GB, and at most an eighth of the machine\'s memory', () => {
    expect(pgliteBuffersMb(dataDir(3 * GB, 2 * GB), 24 * GB)).toBe(1024);
    expect(pgliteBuffersMb(dataDir(3 * GB, 2 * GB), 4 * GB)).toBe(512);
    expect(pgliteBuffersMb(dataDir(3 * GB), 512 * MB)).toBe(128);
  });
});
