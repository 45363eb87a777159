import { OpenAPIHono } from '@hono/zod-openapi';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pagingQuery, queryBool } from '../../lib/paging';
import * as service from './notifications.service';

const item = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  data: z.unknown(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});

const routes = {
  list: defineRoute({
    method: 'get', path: '/api/notifications', tags: ['notifications'], summary: 'My notifications',
    request: { query: z.object({ ...pagingQuery, unread: queryBool.optional() }) },
    responses: { 200: json(z.object({ items: z.array(item), total: z.number(), unread: z.number(), page: z.number(), pageSize: z.number() })) },
  }),
  read: defineRoute({
    method: 'post', path: '/api/notifications/{id}/read', tags: ['notifications'], summary: 'Mark one as read',
    request: { params: idParam }, responses: { 200: json(z.object({ updated: z.number() })) },
  }),
  readAll: defineRoute({
    method: 'post', path: '/api/notifications/read-all', tags: ['notifications'], summary: 'Mark all as read',
    responses: { 200: json(z.object({ updated: z.number() })) },
  }),
};

export function notificationRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.list, async (c) => c.json(await service.listMine(c.get('deps'), actorOf(c).actor.userId, c.req.valid('query')), 200));
  app.openapi(routes.read, async (c) => c.json(await service.markRead(c.get('deps'), actorOf(c).actor.userId, c.req.valid('param').id), 200));
  app.openapi(routes.readAll, async (c) => c.json(await service.markRead(c.get('deps'), actorOf(c).actor.userId, null), 200));
  return app;
}
