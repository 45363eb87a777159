import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { serverNodeArgs } from '../server/src/start-args';

/** The repository root, where the benchmarks start the server from. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A TCP port nothing listens on now. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/**
 * Starts the real server (`server/src/main.ts`, as `npm start` does) on a free port with the given
 * environment and waits for /healthz. The server is stopped when the benchmark's process exits, so
 * a failed run does not leave it running.
 */
export async function startServer(env: NodeJS.ProcessEnv, opts: { output?: 'inherit' | 'ignore'; waitSeconds?: number } = {}) {
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, serverNodeArgs(process.env.IPSTATION_HEAP_MB), {
    cwd: ROOT,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', opts.output ?? 'inherit', 'inherit'],
  });
  process.on('exit', () => server.kill('SIGTERM'));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.waitSeconds ?? 120) * 1000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || server.exitCode !== null) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  return { base, port, server };
}

/**
 * Writes to the registry from outside the server (another process, as a second app server or the
 * command line would) at `perSecond`, for as long as the returned stop function is not called: each
 * write ends every cached list page of the server under test, so the lists are measured as they
 * would be while the network works. 0: no writes.
 */
export async function backgroundWrites(databaseUrl: string, perSecond: number) {
  if (!perSecond) return { stop: async () => 0 };
  const { default: pg } = await import('pg');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query(`select id from organizations where type = 'workstation' order by id limit 1`);
  let writes = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    db.query('update organizations set name = name where id = $1', [rows[0].id]).then(
      () => {
        writes++;
        busy = false;
      },
      () => (busy = false),
    );
  }, 1000 / perSecond);
  return {
    stop: async () => {
      clearInterval(timer);
      await db.end();
      return writes;
    },
  };
}
