import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * Where attachment bytes live. Local disk by default; an S3-compatible store implements the same
 * three calls, so app processes stay stateless once it is configured.
 */
export interface Storage {
  put(data: Buffer, hint: string): Promise<string>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

export class LocalDiskStorage implements Storage {
  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  private resolve(key: string) {
    if (!/^[a-z0-9-]+\/[0-9a-f-]{36}$/.test(key)) throw new Error('bad storage key');
    return path.join(this.root, key);
  }

  async put(data: Buffer, hint: string) {
    const key = `${hint.replace(/[^a-z0-9-]/g, '').slice(0, 40) || 'file'}/${randomUUID()}`;
    const file = this.resolve(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a crash never leaves half a file under a live key.
    await fs.promises.writeFile(`${file}.part`, data);
    await fs.promises.rename(`${file}.part`, file);
    return key;
  }

  get(key: string) {
    return fs.promises.readFile(this.resolve(key));
  }

  async remove(key: string) {
    await fs.promises.rm(this.resolve(key), { force: true });
  }
}
