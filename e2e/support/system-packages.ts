import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const INSTALL = 'apt-get install -y chromium fonts-noto-cjk';

function hasCjkFont(): boolean {
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return r.status === 0 && /Noto Sans CJK|Noto Serif CJK/i.test(r.stdout);
}

/**
 * The browser tests need Debian's Chromium and CJK fonts. When they are missing: install them as
 * root on Debian, or stop with the one command that does; never skip the browser tests silently.
 */
export function ensureBrowserPackages(log: (msg: string) => void = console.log) {
  const missing = !existsSync('/usr/bin/chromium') || !hasCjkFont();
  if (!missing) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    log(`Browser tests: installing Chromium and CJK fonts (${INSTALL})`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  throw new Error(`The browser tests need Chromium and CJK fonts. Install them with: sudo ${INSTALL}`);
}
