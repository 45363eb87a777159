import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { sqlState } from '../db/errors';
import { AppError } from '../errors';
import { localeFrom, translate } from '../i18n/messages';
import type { AppEnv } from './types';
import { validationError } from './validation';

/**
 * Class 22 is "data exception": a value the database cannot take (a NUL character in text, an
 * integer beyond its column, an impossible date). It comes from what the client sent, so it is a
 * 400, not a 500; the handler still logs it, since a server-made value could be the cause.
 */
export const isDataException = (err: unknown) => sqlState(err)?.startsWith('22') ?? false;

/**
 * Integrity violations the services did not turn into their own error (an id that names no row, a
 * duplicate that slipped past a check): the request is wrong or lost a race, so 400 or 409.
 */
function fromIntegrityViolation(err: unknown): AppError | undefined {
  const state = sqlState(err);
  if (state === '23505') return new AppError('CONFLICT');
  if (state === '23503' || state === '23502' || state === '23514') return new AppError('VALIDATION');
  return undefined;
}

/** The one place an error becomes a response: `{ error: { code, message, details?, requestId } }`. */
export function toAppError(err: unknown, c: Context<AppEnv>): AppError {
  const locale = c.get('ctx')?.locale ?? localeFrom(c.req.header('accept-language'));
  if (err instanceof AppError) return err;
  if (isDataException(err)) return new AppError('VALIDATION');
  const integrity = fromIntegrityViolation(err);
  if (integrity) return integrity;
  if (err instanceof z.ZodError) return validationError(err, locale);
  if (err instanceof HTTPException) {
    // Raised by Hono's own middleware and validators; a client mistake must never read as a 500.
    const status = err.status;
    if (status === 400) return new AppError('VALIDATION', { messageKey: /json/i.test(err.message) ? 'MALFORMED_JSON' : 'VALIDATION' });
    if (status === 401) return new AppError('UNAUTHENTICATED');
    if (status === 403) return new AppError('FORBIDDEN');
    if (status === 404 || status === 405) return new AppError('NOT_FOUND', { messageKey: 'ROUTE_NOT_FOUND' });
    if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', { params: { limit: '1 MB' } });
    if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
    if (status === 429) return new AppError('RATE_LIMITED', { params: { seconds: 60 }, retryAfterSeconds: 60 });
    if (status >= 400 && status < 500) return new AppError('VALIDATION');
  }
  return new AppError('INTERNAL');
}

export function errorResponse(err: unknown, c: Context<AppEnv>) {
  const appError = toAppError(err, c);
  const locale = c.get('ctx')?.locale ?? localeFrom(c.req.header('accept-language'));
  if (appError.code === 'INTERNAL') {
    c.get('deps')?.log.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
  } else if (!(err instanceof AppError) && sqlState(err)) {
    c.get('deps')?.log.warn({ err, requestId: c.get('requestId'), path: c.req.path }, 'the database refused the request (answered 4xx)');
  }
  if (appError.options.retryAfterSeconds !== undefined) c.header('Retry-After', String(appError.options.retryAfterSeconds));
  const message = appError.render(locale);
  const details = appError.options.details?.map((d) => (d.message ? d : { ...d, message }));
  return c.json(
    {
      error: {
        code: appError.code,
        message,
        ...(details && details.length ? { details } : {}),
        requestId: c.get('requestId') ?? null,
      },
    },
    appError.status,
  );
}

export const routeNotFound = (c: Context<AppEnv>) =>
  errorResponse(new AppError('NOT_FOUND', { messageKey: 'ROUTE_NOT_FOUND' }), c);

export { translate };
