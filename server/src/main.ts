import { serve } from '@hono/node-server';
import { createApp, type Lifecycle } from './app';
import { boot } from './boot';
import { DataDirLockedError, DatabaseUnreachableError } from './db/client';
import { assertServerDurability, EnvError, parseEnv } from './env';
import { ensureWebBuilt } from './http/web-static';
import { registerScheduledJobs } from './jobs/schedules';
import { startReadCaches } from './lib/read-cache';
import { warmDateOrder } from './modules/patents/patents.repository';
import { DEMO_USERNAMES, newDemoPassword, seedDemo } from './seed/demo';
import { closeWorkers } from './workers/pool';

/** Boot: parse env, open the database, migrate, seed on first start, start HTTP. Nothing else. */
async function main() {
  const started = Date.now();
  const env = parseEnv();
  assertServerDurability(env);
  const { deps, handle } = await boot(env, { command: 'ipstation server' });
  const stopCaches = startReadCaches(deps, handle.generation, env.DATABASE_URL);
  const say = (line: string) => process.stdout.write(`${line}\n`);

  let closing = false;
  const running: { server?: ReturnType<typeof serve> } = {};
  const lifecycle: Lifecycle = { draining: false, inflight: 0 };
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal} received, shutting down`);
    // No new connections, none kept open, new requests on open ones answered 503; the requests
    // already running finish (10 s at most) before the database closes under them.
    lifecycle.draining = true;
    running.server?.close();
    (running.server as { closeIdleConnections?: () => void } | undefined)?.closeIdleConnections?.();
    const deadline = Date.now() + 10_000;
    while (lifecycle.inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await deps.jobs.stop();
    await stopCaches();
    await closeWorkers();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  if (env.IPSTATION_SEED === 'demo') {
    const password = env.IPSTATION_DEMO_PASSWORD ?? newDemoPassword();
    const { seeded, counts } = await seedDemo(deps, password);
    if (seeded) {
      say('');
      say(`Demo network created: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}.`);
      say('Demo accounts (one password for all):');
      say(`  ${DEMO_USERNAMES.join(', ')}`);
      say(`  password: ${password}${env.IPSTATION_DEMO_PASSWORD ? ' (from IPSTATION_DEMO_PASSWORD)' : ' (generated now; shown only at this first start)'}`);
    }
  }
  registerScheduledJobs(deps);
  deps.jobs.start();

  const app = createApp(deps, { defaultMetrics: true, lifecycle });
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const host = env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST;
    say(`ipstation listening on http://${host}:${info.port} (${handle.describe}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    say(`  API docs: http://${host}:${info.port}/api/docs`);
    // The API serves at once; on a fresh clone the web UI is built meanwhile and served when ready.
    void ensureWebBuilt(say);
    // The patents' date order (search/doc-order.ts) is read now rather than by the first search.
    warmDateOrder(deps.db).catch((e: unknown) => deps.log.warn({ err: e }, 'patent date order not read ahead'));
  });
  // An idle kept-alive connection stays open a minute (Node's default is 5 s), longer than a load
  // balancer's usual idle timeout (60 s): a client that reuses a connection the moment the server
  // closes it gets a reset instead of an answer (seen in a browser test after 5 s of page work).
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  }
  running.server = server;
}

const KEEP_ALIVE_MS = 65_000;

main().catch((err) => {
  // Configuration, lock and connection problems carry their own explanation; nothing prints a stack.
  const known = err instanceof EnvError || err instanceof DataDirLockedError || err instanceof DatabaseUnreachableError;
  process.stderr.write(`ipstation cannot start: ${known ? err.message : err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
