import { OpenAPIHono } from '@hono/zod-openapi';
import { listEvents, type AuditFilter } from '../../audit/audit.repository';
import { AppError } from '../../errors';
import { actorOf } from '../../http/auth';
import { defineRoute, json, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { csvCell } from '../../lib/csv';
import { offsetOf, pageEnvelope, pagingQuery } from '../../lib/paging';
import { hasRole, type Actor } from '../../policy/actor';

const item = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  type: z.string(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  organizationId: z.string().nullable(),
  requestId: z.string().nullable(),
  data: z.unknown(),
});

const filters = {
  actorId: z.uuid().optional(),
  type: z.string().max(100).optional(),
  recordType: z.string().max(50).optional(),
  recordId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
};

/** The calendar date in China (UTC+8, no daylight saving) of an instant, as YYYY-MM-DD. */
const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The bureau reads the whole log; a workstation admin the events of their own workstations (a
 * workstation_admin role held in another kind of organization opens nothing).
 */
function scopeFor(actor: Actor): Pick<AuditFilter, 'organizationIds'> {
  if (hasRole(actor, 'bureau_admin')) return {};
  const ws = [...new Set(actor.roles.filter((r) => r.role === 'workstation_admin' && r.organizationType === 'workstation').map((r) => r.organizationId))];
  if (ws.length) return { organizationIds: ws };
  throw new AppError('FORBIDDEN');
}

function toFilter(q: { actorId?: string; type?: string; recordType?: string; recordId?: string; from?: string; to?: string }): AuditFilter {
  const to = q.to ? new Date(q.to.length === 10 ? `${q.to}T23:59:59.999+08:00` : q.to) : undefined;
  const from = q.from ? new Date(q.from.length === 10 ? `${q.from}T00:00:00+08:00` : q.from) : undefined;
  return { actorId: q.actorId, type: q.type, recordType: q.recordType, recordId: q.recordId, from, to };
}

const present = (r: Awaited<ReturnType<typeof listEvents>>['rows'][number]) => ({ ...r, at: r.at.toISOString() });

const routes = {
  list: defineRoute({
    method: 'get', path: '/api/audit', tags: ['audit'], summary: 'The audit log, newest first',
    request: { query: z.object({ ...pagingQuery, ...filters }) },
    responses: { 200: json(pageEnvelope(item)) },
  }),
  export: defineRoute({
    method: 'get', path: '/api/audit/export', tags: ['audit'], summary: 'The filtered audit log as CSV (at most 100,000 rows)',
    request: { query: z.object(filters) },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
  }),
};

export function auditRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.list, async (c) => {
    const { actor } = actorOf(c);
    const q = c.req.valid('query');
    const { rows, total } = await listEvents(c.get('deps').db, { ...toFilter(q), ...scopeFor(actor) }, offsetOf(q));
    return c.json({ items: rows.map(present), total, page: q.page, pageSize: q.pageSize }, 200);
  });
  app.openapi(routes.export, async (c) => {
    const { actor } = actorOf(c);
    const { rows } = await listEvents(c.get('deps').db, { ...toFilter(c.req.valid('query')), ...scopeFor(actor) }, { limit: 100_000, offset: 0 });
    const header = ['id', 'at', 'actorId', 'actorName', 'type', 'recordType', 'recordId', 'organizationId', 'requestId', 'data'];
    const lines = [header.join(',')];
    for (const r of rows) {
      lines.push(
        [r.id, r.at.toISOString(), r.actorId, r.actorName, r.type, r.recordType, r.recordId, r.organizationId, r.requestId, JSON.stringify(r.data)]
          .map(csvCell)
          .join(','),
      );
    }
    c.header('Content-Disposition', `attachment; filename="audit-${chinaDate(c.get('deps').clock())}.csv"`);
    return c.body('\uFEFF' + lines.join('\r\n') + '\r\n', 200, { 'Content-Type': 'text/csv; charset=utf-8' }) as never;
  });
  return app;
}
