import { OpenAPIHono } from '@hono/zod-openapi';
import { orgNameField } from '../../../../shared/src/account.schemas';
import { DISTRICT_CODES } from '../../../../shared/src/districts';
import { hostKinds, organizationTypes } from '../../db/schema';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, jsonBody, versionBody, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pageEnvelope, pagingQuery, queryBool, sortParam } from '../../lib/paging';
import { isValidUscc, normalizeUscc } from '../../lib/uscc';
import { organizationAbilitiesView, organizationView } from './organizations.presenter';
import * as service from './organizations.service';

export const usccField = z
  .string()
  .max(40)
  .transform(normalizeUscc)
  .refine(isValidUscc, 'validation.uscc');

/** A new organization's fields besides its type; POST /api/professionals takes them for a new agency. */
export const newOrganizationFields = {
  name: orgNameField,
  parentId: z.uuid().nullable().optional(),
  uscc: usccField.nullable().optional(),
  districtCode: z.enum(DISTRICT_CODES).nullable().optional(),
  foundedOn: z.iso.date().nullable().optional(),
  hostKind: z.enum(hostKinds).nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  contactPhone: z.string().regex(/^[0-9+\-() ]{5,30}$/).nullable().optional(),
  contactEmail: z.email().max(254).nullable().optional(),
};

const single = z.object({ data: organizationView, abilities: organizationAbilitiesView });
const tag = ['organizations'];

const routes = {
  list: defineRoute({
    method: 'get', path: '/api/organizations', tags: tag, summary: 'Organizations the caller may see',
    request: {
      query: z.object({
        ...pagingQuery,
        type: z.enum(organizationTypes).optional(),
        parentId: z.uuid().optional(),
        districtCode: z.enum(DISTRICT_CODES).optional(),
        q: z.string().trim().max(100).optional(),
        active: queryBool.optional(),
        sort: sortParam(['name', 'type', 'createdAt', 'updatedAt'] as const, 'name'),
      }),
    },
    responses: { 200: json(pageEnvelope(organizationView.extend({ abilities: organizationAbilitiesView }))) },
  }),
  create: defineRoute({
    method: 'post', path: '/api/organizations', tags: tag, summary: 'Create an organization (bureau)',
    request: {
      body: jsonBody(
        z.strictObject({ type: z.enum(organizationTypes), ...newOrganizationFields }),
      ),
    },
    responses: { 201: json(single, 'Created') },
  }),
  get: defineRoute({
    method: 'get', path: '/api/organizations/{id}', tags: tag, summary: 'One organization',
    request: { params: idParam }, responses: { 200: json(single) },
  }),
  update: defineRoute({
    method: 'patch', path: '/api/organizations/{id}', tags: tag, summary: 'Edit an organization',
    request: {
      params: idParam,
      body: jsonBody(
        z.strictObject({
          version: z.number().int().min(1),
          name: orgNameField.optional(),
          parentId: z.uuid().nullable().optional(),
          uscc: usccField.nullable().optional(),
          districtCode: z.enum(DISTRICT_CODES).nullable().optional(),
          foundedOn: z.iso.date().nullable().optional(),
          hostKind: z.enum(hostKinds).nullable().optional(),
          address: z.string().trim().max(200).nullable().optional(),
          contactPhone: z.string().regex(/^[0-9+\-() ]{5,30}$/).nullable().optional(),
          contactEmail: z.email().max(254).nullable().optional(),
        }),
      ),
    },
    responses: { 200: json(single) },
  }),
  deactivate: defineRoute({
    method: 'post', path: '/api/organizations/{id}/deactivate', tags: tag, summary: 'Deactivate an organization',
    request: { params: idParam, body: jsonBody(versionBody) }, responses: { 200: json(single) },
  }),
  activate: defineRoute({
    method: 'post', path: '/api/organizations/{id}/activate', tags: tag, summary: 'Reactivate an organization',
    request: { params: idParam, body: jsonBody(versionBody) }, responses: { 200: json(single) },
  }),
};

export function organizationRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.list, async (c) => c.json(await service.listOrganizations(c.get('deps'), actorOf(c), c.req.valid('query')), 200));
  app.openapi(routes.create, async (c) => c.json(await service.createOrganization(c.get('deps'), actorOf(c), c.req.valid('json')), 201));
  app.openapi(routes.get, async (c) => c.json(await service.getOrganization(c.get('deps'), actorOf(c), c.req.valid('param').id), 200));
  app.openapi(routes.update, async (c) =>
    c.json(await service.updateOrganization(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(routes.deactivate, async (c) =>
    c.json(await service.setOrganizationActive(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json').version, false), 200),
  );
  app.openapi(routes.activate, async (c) =>
    c.json(await service.setOrganizationActive(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json').version, true), 200),
  );
  return app;
}
