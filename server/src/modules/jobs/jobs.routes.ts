import { OpenAPIHono } from '@hono/zod-openapi';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import * as service from './jobs.service';

const jobView = z.object({
  id: z.string(),
  type: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  progress: z.number(),
  progressTotal: z.number().nullable(),
  progressMessage: z.string().nullable(),
  attempts: z.number(),
  result: z.unknown(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const get = defineRoute({
  method: 'get', path: '/api/jobs/{id}', tags: ['jobs'], summary: 'Poll a background job (its creator or the bureau)',
  request: { params: idParam }, responses: { 200: json(z.object({ data: jobView })) },
});

const mine = defineRoute({
  method: 'get', path: '/api/jobs', tags: ['jobs'], summary: 'The caller\'s own latest jobs of one type (at most 20, newest first)',
  request: { query: z.object({ type: z.string().trim().regex(/^[a-z_]+\.[a-z_]+$/, 'a job type such as enterprises.import') }) },
  responses: { 200: json(z.object({ items: z.array(jobView.extend({ filename: z.string().nullable() })) })) },
});

export function jobRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(mine, async (c) => c.json(await service.listMyJobs(c.get('deps'), actorOf(c).actor, c.req.valid('query').type), 200));
  app.openapi(get, async (c) => c.json(await service.getJobFor(c.get('deps'), actorOf(c).actor, c.req.valid('param').id), 200));
  return app;
}
