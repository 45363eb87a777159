import { OpenAPIHono } from '@hono/zod-openapi';
import { actorOf } from '../http/auth';
import { defineRoute, json, jsonBody, z } from '../http/route';
import type { AppEnv } from '../http/types';
import * as service from './calendar.service';

const day = z.iso.date();
const overrideView = z.object({ date: z.string(), workday: z.boolean(), note: z.string().nullable() });
const tag = ['calendar'];

const routes = {
  add: defineRoute({
    method: 'get', path: '/api/calendar/working-days/add', tags: tag,
    summary: 'Add N working days (the start day does not count), by the same function every clock uses',
    request: { query: z.object({ from: day, days: z.coerce.number().int().min(0).max(3650) }) },
    responses: { 200: json(z.object({ date: z.string() })) },
  }),
  list: defineRoute({ method: 'get', path: '/api/calendar/overrides', tags: tag, summary: 'Local calendar overrides', responses: { 200: json(z.object({ items: z.array(overrideView) })) } }),
  put: defineRoute({
    method: 'put', path: '/api/calendar/overrides/{date}', tags: tag, summary: 'Mark a day a working day or a holiday (bureau)',
    request: { params: z.object({ date: day }), body: jsonBody(z.strictObject({ workday: z.boolean(), note: z.string().trim().max(200).nullable().optional() })) },
    responses: { 200: json(z.object({ items: z.array(overrideView) })) },
  }),
  del: defineRoute({
    method: 'delete', path: '/api/calendar/overrides/{date}', tags: tag, summary: 'Remove an override (bureau)',
    request: { params: z.object({ date: day }) }, responses: { 200: json(z.object({ items: z.array(overrideView) })) },
  }),
};

export function calendarRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.add, async (c) => {
    const q = c.req.valid('query');
    return c.json({ date: await service.addWorkingDaysFor(c.get('deps'), q.from, q.days) }, 200);
  });
  app.openapi(routes.list, async (c) => c.json({ items: await service.listOverrides(c.get('deps')) }, 200));
  app.openapi(routes.put, async (c) => c.json({ items: await service.setOverride(c.get('deps'), actorOf(c), c.req.valid('param').date, c.req.valid('json')) }, 200));
  app.openapi(routes.del, async (c) => c.json({ items: await service.setOverride(c.get('deps'), actorOf(c), c.req.valid('param').date, null) }, 200));
  return app;
}
