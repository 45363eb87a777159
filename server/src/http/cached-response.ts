import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './types';

interface CachedPage {
  body: string;
  contentType: string;
  bytes: number;
}

/** How long a cached page may be shown at most: lists show due and overdue, which move with time. */
const LIST_TTL_MS = 10_000;

/**
 * Serves a GET list page from the read cache (lib/read-cache.ts) when the same caller asked for the
 * same page in the same language and nothing the page reads has been written since; otherwise runs
 * the route and keeps its 200 answer. The key holds the caller, so a page is never shown to anyone
 * else, and a change of the caller's roles is a write that ends it.
 */
export const cachedResponse: MiddlewareHandler<AppEnv> = async (c, next) => {
  const cache = c.get('deps').caches?.lists;
  if (!cache || c.req.method !== 'GET') return next();
  const ctx = c.get('ctx');
  const key = `${ctx.actor?.userId ?? 'anonymous'}|${ctx.locale}|${c.req.url}`;
  let ran = false;
  const page = await cache.through<CachedPage | null>(key, { now: c.get('deps').clock().getTime(), ttlMs: LIST_TTL_MS, keep: (p) => p !== null }, async () => {
    ran = true;
    await next();
    const res = c.res;
    const contentType = res.headers.get('content-type');
    if (res.status !== 200 || !contentType?.startsWith('application/json')) return null;
    const body = await res.clone().text();
    return { body, contentType, bytes: body.length * 2 + 256 };
  });
  if (ran) return;
  if (!page) return next();
  // Only the body and its type are kept: the headers of this request (its request id, the security
  // headers) are set on it by the middleware as on any other.
  return c.body(page.body, 200, { 'Content-Type': page.contentType });
};
