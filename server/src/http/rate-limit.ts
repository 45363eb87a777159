import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';
import type { AppEnv } from './types';

/**
 * API calls per signed-in user per minute, counted in this process (a fixed one-minute window).
 * With several processes behind a balancer each enforces the limit on its own share.
 */
export function userRateLimit(perMinute: () => number): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const actor = c.get('ctx').actor;
    if (actor) {
      const now = Date.now();
      let w = windows.get(actor.userId);
      if (!w || now - w.start >= 60_000) {
        w = { start: now, count: 0 };
        windows.set(actor.userId, w);
        if (windows.size > 50_000) windows.clear();
      }
      w.count++;
      if (w.count > perMinute()) {
        const seconds = Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
        throw new AppError('RATE_LIMITED', { params: { seconds }, retryAfterSeconds: seconds });
      }
    }
    await next();
  };
}
