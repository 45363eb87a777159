import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import { requireActor } from './auth';
import { cachedResponse } from './cached-response';

export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string().nullable(),
    }),
  })
  .openapi('Error');

const err = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } });
export const errorResponses = {
  400: err('VALIDATION: details name each bad field'),
  401: err('UNAUTHENTICATED or BAD_CREDENTIALS'),
  403: err('FORBIDDEN, CSRF, PASSWORD_CHANGE_REQUIRED or MFA_ENROLMENT_REQUIRED'),
  404: err('NOT_FOUND (also for records outside the caller scope)'),
  409: err('CONFLICT, VERSION_CONFLICT or INVALID_TRANSITION'),
  429: err('RATE_LIMITED, with Retry-After'),
} as const;

export const json = <T extends z.ZodTypeAny>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/**
 * Every route is declared here-through: a route needs a signed-in caller unless it says
 * `anonymous: true`, so no endpoint appears without a decision about auth. A list that many people
 * page through says `cache: true` to be served from the read cache while nothing it reads changes
 * (http/cached-response.ts; it must not read the tables in lib/read-cache.ts NOT_READ_BY_LISTS).
 */
export function defineRoute<const R extends Omit<RouteConfig, 'middleware'> & { anonymous?: boolean; cache?: boolean }>(config: R) {
  const { anonymous, cache, ...rest } = config;
  const middleware = [...(anonymous ? [] : [requireActor]), ...(cache ? [cachedResponse] : [])];
  return createRoute({
    ...rest,
    middleware,
    security: anonymous ? [] : [{ session: [] }, { bearer: [] }],
    responses: { ...errorResponses, ...rest.responses },
  } as unknown as R & { middleware: [] });
}

export const idParam = z.object({ id: z.uuid({ message: 'validation.invalid_id' }) });
export const versionBody = z.strictObject({ version: z.number().int().min(1) });
export { z };
