// Serves the built web UI (web/dist) from the API process: hashed assets cached for a year,
// index.html for every other page address so the browser router can take over.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';

const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

/** Paths the API process answers itself; the web fallback never shadows them. */
const SERVER_PREFIXES = ['/api/', '/healthz', '/metrics'];

export function webDistDir(): string {
  return fileURLToPath(new URL('../../../web/dist', import.meta.url));
}

function indexFile(): string {
  return `${webDistDir()}/index.html`;
}

/**
 * Builds the web UI with Vite when web/dist is missing (a fresh clone's first `npm start`), in a
 * child process: a build in the server's own process left it holding its memory (the server started
 * at ~340 MB instead of ~220, and a first import right after it peaked near 900 MB; bench/README.md).
 */
export async function ensureWebBuilt(log: (msg: string) => void): Promise<void> {
  if (existsSync(indexFile())) return;
  log('Building the web UI (first start only; takes a few seconds)...');
  const started = Date.now();
  try {
    const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [vite, 'build', '--config', `${WEB_ROOT}vite.config.ts`, '--logLevel', 'warn'], {
        cwd: path.join(WEB_ROOT, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
      child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`vite build exited with ${code}: ${output.join('').trim().slice(-500)}`);
    log(`Web UI built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    // The API still serves; `/` explains that the UI is missing.
    log(`The web UI could not be built (${err instanceof Error ? err.message : String(err)}); run: npx vite build --config web/vite.config.ts`);
  }
}

function isServerPath(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix));
}

/** A page address (no file extension in the last segment) rather than a file. */
function isPageAddress(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

const NOT_BUILT_PAGE =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>ipstation</title>' +
  '<p>ipstation API is running. The web UI is being built on this first start; reload in a moment. ' +
  '(If it does not appear, run <code>npx vite build --config web/vite.config.ts</code>.) API docs: <a href="/api/docs">/api/docs</a>.</p></html>';

export function mountWeb(app: Hono<any>): void {
  const root = webDistDir();
  // On a fresh clone the UI is built while the API already serves: check until the build lands.
  let built = existsSync(indexFile());
  const isBuilt = () => built || (built = existsSync(indexFile()));

  const setCacheHeaders = (path: string, c: Context) => {
    // Vite puts content-hashed files under /assets/; everything else may change between releases.
    c.header('Cache-Control', path.startsWith(`${root}/assets/`) ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
  const files = serveStatic({ root, onFound: setCacheHeaders });
  const index = serveStatic({ path: indexFile(), onFound: setCacheHeaders });

  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    if (isServerPath(c.req.path)) return next();
    if (!isBuilt()) return isPageAddress(c.req.path) ? c.html(NOT_BUILT_PAGE, 503, { 'Retry-After': '10' }) : next();
    const served = await files(c, async () => {});
    if (served) return served;
    if (isPageAddress(c.req.path)) return index(c, next);
    return next();
  });
}
