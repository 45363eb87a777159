import { OpenAPIHono } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import { sql } from 'drizzle-orm';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from './deps';
import { AppError } from './errors';
import { localeFrom } from './i18n/messages';
import { mountApiDocs } from './http/api-docs';
import { resolveActor } from './http/auth';
import { errorResponse, routeNotFound } from './http/error-handler';
import { createMetrics } from './http/metrics';
import { userRateLimit } from './http/rate-limit';
import type { AppEnv } from './http/types';
import { validationError } from './http/validation';
import { mountWeb } from './http/web-static';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { jobRoutes } from './modules/jobs/jobs.routes';
import { notificationRoutes } from './modules/notifications/notifications.routes';
import { organizationRoutes } from './modules/organizations/organizations.routes';
import { userRoutes } from './modules/users/users.routes';
import { referenceRoutes } from './modules/reference/reference.routes';
import { workstationRoutes } from './modules/workstations/workstations.routes';
import { enterpriseRoutes } from './modules/enterprises/enterprises.routes';
import { enterpriseImportRoutes } from './modules/enterprises/enterprises-import.routes';
import { patentRoutes } from './modules/patents/patents.routes';
import { savedSearchRoutes } from './modules/patents/saved-searches.routes';
import { trademarkRoutes } from './modules/trademarks/trademarks.routes';
import { professionalRoutes } from './modules/professionals/professionals.routes';
import { invitationRoutes } from './modules/invitations/invitations.routes';
import { calendarRoutes } from './calendar/calendar.routes';
import { caseRoutes } from './modules/cases/cases.routes';

export const BODY_LIMIT_BYTES = 1024 * 1024;
export const UPLOAD_LIMIT_BYTES = 11 * 1024 * 1024;

function clientIp(c: Parameters<typeof getConnInfo>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // in-process requests (tests) have no socket
  }
}

/**
 * What the process tells the app while it stops: `draining` refuses new requests (503, the
 * connection closed) and `inflight` counts those still running, so the database closes only after
 * them (main.ts shutdown). Requests can keep arriving on open keep-alive connections after the
 * listener closes; they must not reach a closed pool.
 */
export interface Lifecycle {
  draining: boolean;
  inflight: number;
}

/** The Hono app with every module mounted. Tests call this directly with their own deps. */
export function createApp(deps: AppDeps, opts: { defaultMetrics?: boolean; lifecycle?: Lifecycle } = {}) {
  const lifecycle = opts.lifecycle ?? { draining: false, inflight: 0 };
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) throw validationError(result.error, c.get('ctx').locale);
    },
  });
  const metrics = createMetrics({ defaults: opts.defaultMetrics, caches: () => deps.caches });

  app.use('*', requestId({ headerName: 'X-Request-Id', limitLength: 100 }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('ctx', { actor: null, locale: localeFrom(c.req.header('accept-language')), requestId: c.get('requestId'), ip: clientIp(c) });
    const start = performance.now();
    await next();
    deps.log.info({
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      userId: c.get('ctx').actor?.userId ?? null,
    });
  });
  app.use('*', async (c, next) => {
    if (lifecycle.draining) {
      c.header('Connection', 'close');
      throw new AppError('UNAVAILABLE', { retryAfterSeconds: 5 });
    }
    lifecycle.inflight++;
    try {
      await next();
    } finally {
      lifecycle.inflight--;
    }
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'strict-origin-when-cross-origin',
      strictTransportSecurity: deps.env.IPSTATION_PUBLIC_URL?.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use('*', metrics.middleware);
  // JSON bodies stop at 1 MB; file uploads (multipart, to a `/documents` or `/imports` path) at 11 MB.
  const jsonLimit = bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', { params: { limit: '1 MB' } });
    },
  });
  const uploadLimit = bodyLimit({
    maxSize: UPLOAD_LIMIT_BYTES,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', { params: { limit: '10 MB' } });
    },
  });
  const isUpload = (path: string, type: string | undefined) =>
    /\/(documents|imports)$/.test(path) && !!type && type.toLowerCase().startsWith('multipart/form-data');
  app.use('/api/*', (c, next) => (isUpload(c.req.path, c.req.header('content-type')) ? uploadLimit(c, next) : jsonLimit(c, next)));
  app.use('/api/*', async (c, next) => {
    const type = c.req.header('content-type');
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && type && !type.toLowerCase().startsWith('application/json') && !isUpload(c.req.path, type)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    }
    await next();
  });
  app.use('/api/*', resolveActor);
  app.use('/api/*', userRateLimit(() => deps.env.IPSTATION_API_RATE_PER_MIN));

  app.get('/healthz', async (c) => {
    try {
      await deps.db.execute(sql`select 1`);
      return c.json({ status: 'ok', db: 'ok' });
    } catch {
      return c.json({ status: 'error', db: 'unreachable' }, 503);
    }
  });
  app.get('/metrics', async (c) => c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }));

  app.route('/', authRoutes());
  app.route('/', organizationRoutes());
  app.route('/', userRoutes());
  app.route('/', auditRoutes());
  app.route('/', jobRoutes());
  app.route('/', notificationRoutes());
  app.route('/', workstationRoutes());
  app.route('/', referenceRoutes());
  // Import/export paths (/api/enterprises/imports, /export, /import-template) before /api/enterprises/{id}.
  app.route('/', enterpriseImportRoutes());
  app.route('/', enterpriseRoutes());
  app.route('/', patentRoutes());
  app.route('/', savedSearchRoutes());
  app.route('/', trademarkRoutes());
  app.route('/', professionalRoutes());
  app.route('/', invitationRoutes());
  app.route('/', calendarRoutes());
  app.route('/', caseRoutes());

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'ipstation_session' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'ipstation API',
      version: '0.1.0',
      description: '知保站 — the platform of the IP-protection workstation network. Errors: { error: { code, message, details?, requestId } }.',
    },
  });
  mountApiDocs(app);

  app.all('/api/*', (c) => routeNotFound(c));
  mountWeb(app as never);
  app.notFound((c) => routeNotFound(c));
  app.onError((err, c) => errorResponse(err, c));
  return app;
}

export type App = ReturnType<typeof createApp>;
