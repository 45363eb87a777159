import { OpenAPIHono } from '@hono/zod-openapi';
import { CLUSTER_CODES_ANY } from '../../../../shared/src/clusters';
import { DISTRICT_CODES } from '../../../../shared/src/districts';
import { enterpriseFlags } from '../../db/schema';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, jsonBody, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pageEnvelope, pagingQuery, sortParam } from '../../lib/paging';
import { isValidUscc, normalizeUscc } from '../../lib/uscc';
import * as service from './enterprises.service';

export const usccInput = z.string().max(40).transform(normalizeUscc).refine(isValidUscc, 'validation.uscc');
const text = (max: number) => z.string().trim().max(max);
const contact = z.strictObject({
  name: text(50).min(1),
  phone: z.string().regex(/^[0-9+\-() ]{5,30}$/).optional(),
  email: z.email().max(254).optional(),
  /** Why this contact may be kept (PIPL Art. 13): stored with the time of consent. */
  consentPurpose: text(200).min(1),
});
const fields = {
  name: text(200).min(1),
  clusters: z.array(z.string().max(10)).max(28).optional(),
  districtCode: z.enum(DISTRICT_CODES).nullable().optional(),
  address: text(200).nullable().optional(),
  flags: z.array(z.enum(enterpriseFlags)).max(3).optional(),
  contacts: z.array(contact).max(10).optional(),
};
const enterpriseView = z.object({
  id: z.string(),
  uscc: z.string(),
  name: z.string(),
  districtCode: z.string().nullable(),
  address: z.string().nullable(),
  clusterVersion: z.string(),
  clusters: z.array(z.string()),
  flags: z.array(z.string()),
  contacts: z.array(z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional(), consent: z.object({ at: z.string(), purpose: z.string() }) })),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const single = z.object({
  data: enterpriseView.extend({ memberships: z.array(z.object({ workstationId: z.string(), workstationName: z.string(), joinedOn: z.string(), source: z.string() })) }),
  abilities: z.object({ update: z.boolean() }),
});
const tag = ['enterprises'];

const routes = {
  list: defineRoute({
    method: 'get', cache: true, path: '/api/enterprises', tags: tag, summary: 'Enterprises the caller may see (a workstation: its members)',
    request: {
      query: z.object({
        ...pagingQuery,
        cluster: z.enum(CLUSTER_CODES_ANY).optional(),
        district: z.enum(DISTRICT_CODES).optional(),
        flag: z.enum(enterpriseFlags).optional(),
        workstationId: z.uuid().optional(),
        q: text(100).optional(),
        sort: sortParam(['name', 'uscc', 'createdAt'] as const, 'name'),
      }),
    },
    responses: { 200: json(pageEnvelope(enterpriseView.extend({ abilities: z.object({ update: z.boolean() }) })).extend({ totalIsEstimate: z.boolean() })) },
  }),
  create: defineRoute({
    method: 'post', path: '/api/enterprises', tags: tag,
    summary: 'Register an enterprise by 统一社会信用代码 (201), or join an existing one to the caller\'s workstation (200)',
    request: { body: jsonBody(z.strictObject({ uscc: usccInput, workstationId: z.uuid().nullable().optional(), ...fields })) },
    responses: { 201: json(single, 'Created'), 200: json(single, 'Joined the workstation') },
  }),
  get: defineRoute({ method: 'get', path: '/api/enterprises/{id}', tags: tag, summary: 'One enterprise', request: { params: idParam }, responses: { 200: json(single) } }),
  update: defineRoute({
    method: 'patch', path: '/api/enterprises/{id}', tags: tag, summary: 'Edit an enterprise',
    request: { params: idParam, body: jsonBody(z.strictObject({ version: z.number().int().min(1), ...fields, name: fields.name.optional() })) },
    responses: { 200: json(single) },
  }),
};

export function enterpriseRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.list, async (c) => c.json(await service.listEnterprises(c.get('deps'), actorOf(c), c.req.valid('query')), 200));
  app.openapi(routes.create, async (c) => {
    const { created, ...out } = await service.createEnterprise(c.get('deps'), actorOf(c), c.req.valid('json'));
    return created ? c.json(out, 201) : c.json(out, 200);
  });
  app.openapi(routes.get, async (c) => c.json(await service.getEnterprise(c.get('deps'), actorOf(c), c.req.valid('param').id), 200));
  app.openapi(routes.update, async (c) => c.json(await service.updateEnterprise(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
  return app;
}
