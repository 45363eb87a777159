import { OpenAPIHono } from '@hono/zod-openapi';
import { CLUSTER_CODES_ANY } from '../../../../shared/src/clusters';
import { DISTRICT_CODES, DISTRICTS } from '../../../../shared/src/districts';
import { defineRoute, json, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pageEnvelope, pagingQuery } from '../../lib/paging';
import { publicWorkstationView } from '../workstations/workstations.presenter';
import { publicDirectory } from '../workstations/workstations.service';
import { listClusters } from './reference.service';

const routes = {
  clusters: defineRoute({
    method: 'get', path: '/api/reference/clusters', anonymous: true, tags: ['reference'], summary: 'The "20+8" industry clusters, by version',
    request: { query: z.object({ version: z.string().regex(/^\d{4}$/).optional() }) },
    responses: { 200: json(z.object({ items: z.array(z.object({ code: z.string(), version: z.string(), kind: z.string(), name: z.string(), confirmed: z.boolean(), validFrom: z.string(), supersededBy: z.string().nullable() })) })) },
  }),
  districts: defineRoute({
    method: 'get', path: '/api/reference/districts', anonymous: true, tags: ['reference'], summary: 'Shenzhen districts and functional areas',
    responses: { 200: json(z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), kind: z.string() })) })) },
  }),
  directory: defineRoute({
    method: 'get', cache: true, path: '/api/public/workstations', anonymous: true, tags: ['public'], summary: 'Public directory: active workstations (no login)',
    request: { query: z.object({ ...pagingQuery, cluster: z.enum(CLUSTER_CODES_ANY).optional(), district: z.enum(DISTRICT_CODES).optional(), q: z.string().trim().max(100).optional() }) },
    responses: { 200: json(pageEnvelope(publicWorkstationView)) },
  }),
};

export function referenceRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.clusters, async (c) => c.json({ items: await listClusters(c.get('deps'), c.req.valid('query').version) }, 200));
  app.openapi(routes.districts, (c) => c.json({ items: DISTRICTS.map((d) => ({ ...d })) }, 200));
  app.openapi(routes.directory, async (c) => c.json(await publicDirectory(c.get('deps'), c.req.valid('query')), 200));
  return app;
}
