import fs from 'node:fs';
import path from 'node:path';
import { randomToken } from './lib/crypto';

/**
 * The server secret (audit checkpoint signatures). IPSTATION_SECRET when set; otherwise a key file
 * made once in DATA_DIR. It is never stored in the database, so SQL access alone cannot forge it.
 */
export function loadSecret(envSecret: string | undefined, dataDir: string): string {
  if (envSecret) return envSecret;
  const file = path.resolve(dataDir, 'secret.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomToken(32);
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
