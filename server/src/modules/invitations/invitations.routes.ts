import { OpenAPIHono } from '@hono/zod-openapi';
import { displayNameField, emailField, passwordField, usernameField } from '../../../../shared/src/account.schemas';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, jsonBody, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import * as service from './invitations.service';

const invitationView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  workstationId: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  status: z.enum(['pending', 'registered', 'approved', 'rejected', 'revoked']),
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  reason: z.string().nullable(),
});
const tag = ['invitations'];

const routes = {
  create: defineRoute({
    method: 'post', path: '/api/enterprises/{id}/invitations', tags: tag,
    summary: 'Invite a contact of a member enterprise: a one-time code (shown once), e-mailed when SMTP is configured',
    request: { params: idParam, body: jsonBody(z.strictObject({ email: emailField.nullable().optional(), name: z.string().trim().max(50).nullable().optional(), workstationId: z.uuid().nullable().optional() })) },
    responses: { 201: json(z.object({ data: invitationView, code: z.string(), emailed: z.boolean() }), 'Created') },
  }),
  list: defineRoute({
    method: 'get', path: '/api/invitations', tags: tag, summary: 'Invitations of my workstations (e.g. status=registered: waiting for approval)',
    request: { query: z.object({ enterpriseId: z.uuid().optional(), status: z.enum(['pending', 'registered', 'approved', 'rejected', 'revoked']).optional() }) },
    responses: { 200: json(z.object({ items: z.array(invitationView) })) },
  }),
  decide: defineRoute({
    method: 'post', path: '/api/invitations/{id}/decision', tags: tag, summary: 'Approve or reject a registration, or revoke a pending invitation',
    request: { params: idParam, body: jsonBody(z.strictObject({ decision: z.enum(['approve', 'reject', 'revoke']), reason: z.string().trim().max(500).nullable().optional() })) },
    responses: { 200: json(z.object({ data: invitationView })) },
  }),
  register: defineRoute({
    method: 'post', path: '/api/registrations', anonymous: true, tags: tag,
    summary: 'Register an enterprise account with an invitation code and the enterprise\'s 统一社会信用代码 (waits for the workstation\'s approval)',
    request: {
      body: jsonBody(
        z.strictObject({
          code: z.string().trim().min(8).max(20),
          uscc: z.string().max(40),
          username: usernameField,
          displayName: displayNameField,
          email: emailField.nullable().optional(),
          password: passwordField,
        }),
      ),
    },
    responses: { 201: json(z.object({ status: z.literal('registered'), username: z.string() }), 'Registered; waiting for approval') },
  }),
  resetRequest: defineRoute({
    method: 'post', path: '/api/auth/password-reset/request', anonymous: true, tags: ['auth'],
    summary: 'Self-service password reset: e-mails a link when SMTP is configured (always 202)',
    request: { body: jsonBody(z.strictObject({ login: z.string().trim().min(1).max(254) })) },
    responses: { 202: { description: 'Accepted' } },
  }),
  resetConfirm: defineRoute({
    method: 'post', path: '/api/auth/password-reset/confirm', anonymous: true, tags: ['auth'],
    summary: 'Set a new password with the e-mailed token',
    request: { body: jsonBody(z.strictObject({ token: z.string().min(10).max(200), newPassword: passwordField })) },
    responses: { 204: { description: 'Password changed' } },
  }),
};

export function invitationRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.create, async (c) => c.json(await service.createInvitation(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(routes.list, async (c) => c.json(await service.listInvitations(c.get('deps'), actorOf(c), c.req.valid('query')), 200));
  app.openapi(routes.decide, async (c) => c.json(await service.decideInvitation(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(routes.register, async (c) => c.json(await service.register(c.get('deps'), c.get('ctx'), c.req.valid('json')), 201));
  app.openapi(routes.resetRequest, async (c) => {
    await service.requestPasswordReset(c.get('deps'), c.req.valid('json').login);
    return c.body(null, 202);
  });
  app.openapi(routes.resetConfirm, async (c) => {
    await service.confirmPasswordReset(c.get('deps'), c.get('ctx'), c.req.valid('json'));
    return c.body(null, 204);
  });
  return app;
}
