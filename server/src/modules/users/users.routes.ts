import { OpenAPIHono } from '@hono/zod-openapi';
import { displayNameField, emailField, localeField, passwordField, usernameField } from '../../../../shared/src/account.schemas';
import { roleNames } from '../../db/schema';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, jsonBody, versionBody, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pageEnvelope, pagingQuery, queryBool, sortParam } from '../../lib/paging';
import { userAbilities, userView } from './users.presenter';
import * as service from './users.service';

/** A new account's own fields; POST /api/professionals takes them for a new expert or mediator. */
export const newAccountFields = {
  username: usernameField,
  displayName: displayNameField,
  email: emailField.nullable().optional(),
  password: passwordField,
};

const single = z.object({ data: userView, abilities: userAbilities });
const tag = ['users'];

const routes = {
  list: defineRoute({
    method: 'get', path: '/api/users', tags: tag, summary: 'Users the caller manages (bureau: all; workstation admin: own staff)',
    request: {
      query: z.object({
        ...pagingQuery,
        organizationId: z.uuid().optional(),
        role: z.enum(roleNames).optional(),
        q: z.string().trim().max(100).optional(),
        active: queryBool.optional(),
        sort: sortParam(['displayName', 'username', 'createdAt'] as const, 'displayName'),
      }),
    },
    responses: { 200: json(pageEnvelope(userView.extend({ abilities: userAbilities }))) },
  }),
  create: defineRoute({
    method: 'post', path: '/api/users', tags: tag, summary: 'Create an account with its first role',
    request: {
      body: jsonBody(
        z.strictObject({ ...newAccountFields, organizationId: z.uuid(), role: z.enum(roleNames) }),
      ),
    },
    responses: { 201: json(single, 'Created') },
  }),
  get: defineRoute({ method: 'get', path: '/api/users/{id}', tags: tag, summary: 'One user', request: { params: idParam }, responses: { 200: json(single) } }),
  update: defineRoute({
    method: 'patch', path: '/api/users/{id}', tags: tag, summary: 'Edit a user',
    request: {
      params: idParam,
      body: jsonBody(
        z.strictObject({
          version: z.number().int().min(1),
          displayName: displayNameField.optional(),
          email: emailField.nullable().optional(),
          locale: localeField.optional(),
        }),
      ),
    },
    responses: { 200: json(single) },
  }),
  deactivate: defineRoute({
    method: 'post', path: '/api/users/{id}/deactivate', tags: tag, summary: 'Deactivate an account (ends its sessions)',
    request: { params: idParam, body: jsonBody(versionBody) }, responses: { 200: json(single) },
  }),
  activate: defineRoute({
    method: 'post', path: '/api/users/{id}/activate', tags: tag, summary: 'Reactivate an account',
    request: { params: idParam, body: jsonBody(versionBody) }, responses: { 200: json(single) },
  }),
  resetPassword: defineRoute({
    method: 'post', path: '/api/users/{id}/reset-password', tags: tag, summary: 'Reset a password (temporary password shown once)',
    // No body; one sent must be empty, so a client cannot believe it chose the new password.
    request: { params: idParam, body: { required: false, content: { 'application/json': { schema: z.strictObject({}) } } } },
    responses: { 200: json(z.object({ temporaryPassword: z.string() })) },
  }),
  grantRole: defineRoute({
    method: 'post', path: '/api/users/{id}/roles', tags: tag, summary: 'Give a user a role in an organization',
    request: { params: idParam, body: jsonBody(z.strictObject({ organizationId: z.uuid(), role: z.enum(roleNames) })) },
    responses: { 201: json(single, 'Granted') },
  }),
  revokeRole: defineRoute({
    method: 'delete', path: '/api/users/{id}/roles/{membershipId}', tags: tag, summary: 'Take a role away',
    request: { params: z.object({ id: z.uuid(), membershipId: z.uuid() }) },
    responses: { 200: json(single) },
  }),
};

export function userRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.list, async (c) => c.json(await service.listUsers(c.get('deps'), actorOf(c), c.req.valid('query')), 200));
  app.openapi(routes.create, async (c) => {
    const out = await service.createUser(c.get('deps'), actorOf(c), c.req.valid('json'));
    return c.json(out as z.infer<typeof single>, 201);
  });
  app.openapi(routes.get, async (c) => c.json(await service.getUser(c.get('deps'), actorOf(c), c.req.valid('param').id), 200));
  app.openapi(routes.update, async (c) => c.json(await service.updateUser(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(routes.deactivate, async (c) =>
    c.json(await service.setUserActive(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json').version, false), 200),
  );
  app.openapi(routes.activate, async (c) =>
    c.json(await service.setUserActive(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json').version, true), 200),
  );
  app.openapi(routes.resetPassword, async (c) => c.json(await service.resetPassword(c.get('deps'), actorOf(c), c.req.valid('param').id), 200));
  app.openapi(routes.grantRole, async (c) => c.json(await service.grantRole(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(routes.revokeRole, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.revokeRole(c.get('deps'), actorOf(c), p.id, p.membershipId), 200);
  });
  return app;
}
