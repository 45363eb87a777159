import type { MiddlewareHandler } from 'hono';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ReadCache } from '../lib/read-cache';
import type { AppEnv } from './types';

/** Prometheus metrics for one app instance (a registry per app keeps tests independent). */
export function createMetrics(opts: { defaults?: boolean; caches?: () => Record<string, ReadCache> | undefined } = {}) {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry, prefix: 'ipstation_' });
  // The read caches' answers so far (lib/read-cache.ts): a low hit share means writes end the
  // cached pages about as fast as they are read.
  for (const [name, help, field] of [
    ['ipstation_read_cache_hits', 'Reads answered from a read cache, by cache', 'hits'],
    ['ipstation_read_cache_misses', 'Reads a read cache had to load, by cache', 'misses'],
    ['ipstation_read_cache_entries', 'Values kept in a read cache, by cache', 'size'],
  ] as const) {
    new Gauge({
      name,
      help,
      labelNames: ['cache'] as const,
      registers: [registry],
      collect() {
        for (const [cache, c] of Object.entries(opts.caches?.() ?? {})) this.set({ cache }, c[field]);
      },
    });
  }
  const requests = new Counter({
    name: 'ipstation_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'ipstation_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const start = performance.now();
    await next();
    const route = c.req.routePath || 'unmatched';
    requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    duration.observe({ method: c.req.method, route }, (performance.now() - start) / 1000);
  };
  return { registry, middleware };
}
