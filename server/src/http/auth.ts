import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../errors';
import { sha256, safeEqual } from '../lib/crypto';
import * as auth from '../modules/auth/auth.service';
import type { Actor, RequestContext } from '../policy/actor';
import type { AppEnv } from './types';

export const SESSION_COOKIE = 'ipstation_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The only calls a user who must change their password may make. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['GET /api/auth/me', 'POST /api/auth/password', 'POST /api/auth/logout']);
/** The only calls a bureau administrator without a second factor may make: enrolling it. */
const ALLOWED_BEFORE_MFA_ENROLMENT = new Set(['GET /api/auth/me', 'POST /api/auth/totp/setup', 'POST /api/auth/totp/enable', 'POST /api/auth/logout']);

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date) {
  const secure = c.get('deps').env.IPSTATION_PUBLIC_URL?.startsWith('https:') ?? false;
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', expires: expiresAt });
}

export const clearSessionCookie = (c: Context<AppEnv>) => deleteCookie(c, SESSION_COOKIE, { path: '/' });

/**
 * Resolves the caller (session cookie or `Authorization: Bearer` API token) and enforces CSRF for
 * state-changing requests that ride on the cookie. Never rejects an anonymous call by itself:
 * routes that need a user say so through `requireActor` (see http/route.ts).
 */
export const resolveActor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get('deps');
  const ctx = c.get('ctx');
  const bearer = c.req.header('authorization');
  if (bearer?.toLowerCase().startsWith('bearer ')) {
    ctx.actor = await auth.actorFromToken(deps, bearer.slice(7).trim());
    if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const hash = sha256(cookie);
      const found = await auth.actorFromSession(deps, hash);
      if (found) {
        c.set('sessionHash', hash);
        if (UNSAFE.has(c.req.method)) {
          const sent = c.req.header('x-csrf-token') ?? '';
          if (!safeEqual(sent, found.csrfToken)) throw new AppError('CSRF');
        }
        ctx.actor = found.actor;
        c.set('csrfToken', found.csrfToken);
      } else {
        clearSessionCookie(c);
      }
    }
  }
  await next();
};

/** Route-level guard added to every route not declared anonymous. */
export const requireActor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.get('ctx').actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (actor.mustChangePassword) {
    const key = `${c.req.method} ${c.req.routePath}`;
    if (!ALLOWED_BEFORE_PASSWORD_CHANGE.has(key)) throw new AppError('PASSWORD_CHANGE_REQUIRED');
  } else if (actor.mfaEnrolmentRequired) {
    if (!ALLOWED_BEFORE_MFA_ENROLMENT.has(`${c.req.method} ${c.req.routePath}`)) throw new AppError('MFA_ENROLMENT_REQUIRED');
  }
  await next();
};

export function actorOf(c: Context<AppEnv>): RequestContext & { actor: Actor } {
  const ctx = c.get('ctx');
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx as RequestContext & { actor: Actor };
}

export const csrfTokenOf = (c: Context<AppEnv>) => c.get('csrfToken') ?? null;
