import type { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors';
import { actorOf } from '../../http/auth';
import { defineRoute, errorBody, idParam, json, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import * as documents from './cases.documents';

export const caseDocumentView = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  confidentiality: z.enum(documents.CONFIDENTIALITY),
  sharedWithEnterprise: z.boolean(),
  /** Uploaded by a user of a client enterprise of the case. */
  fromEnterprise: z.boolean(),
  uploader: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  createdAt: z.string(),
  /** The users named on a trade-secret document; only for those who may change it, otherwise null. */
  namedUsers: z.array(z.object({ userId: z.string(), name: z.string() })).nullable(),
  abilities: z.object({ canDownload: z.boolean(), canDelete: z.boolean(), canManageAccess: z.boolean() }),
});

const tag = ['cases'];
const docParams = z.object({ id: z.uuid(), documentId: z.uuid() });
const one = z.object({ data: caseDocumentView });

const routes = {
  list: defineRoute({
    method: 'get', path: '/api/cases/{id}/documents', tags: tag,
    summary: 'The documents of a case the caller may see, with who may be named on trade-secret ones',
    request: { params: idParam },
    responses: {
      200: json(
        z.object({
          items: z.array(caseDocumentView),
          candidates: z.array(z.object({ userId: z.string(), name: z.string(), kind: z.enum(['staff', 'assignee', 'enterprise']) })),
          abilities: z.object({ upload: z.boolean() }),
        }),
      ),
    },
  }),
  upload: defineRoute({
    method: 'post', path: '/api/cases/{id}/documents', tags: tag,
    summary: 'Add a document (multipart: file, confidentiality, sharedWithEnterprise); PDF, PNG or JPEG by content, at most 10 MB',
    request: {
      params: idParam,
      body: {
        content: {
          'multipart/form-data': {
            schema: z.object({
              // Checked in the handler, so a missing file gets its own message (FILE_MISSING).
              file: z.any().optional().openapi({ type: 'string', format: 'binary' }),
              confidentiality: z.enum(documents.CONFIDENTIALITY),
              sharedWithEnterprise: z.enum(['true', 'false']).optional(),
            }),
          },
        },
      },
    },
    responses: {
      201: json(one, 'Stored'),
      413: json(errorBody, 'FILE_TOO_LARGE: more than 10 MB'),
      415: json(errorBody, 'FILE_TYPE: not a PDF, PNG or JPEG by content'),
    },
  }),
  download: defineRoute({
    method: 'get', path: '/api/cases/{id}/documents/{documentId}', tags: tag,
    summary: 'Download a document (confidential and trade-secret downloads are audited)',
    request: { params: docParams },
    responses: { 200: { description: 'The file' } },
  }),
  remove: defineRoute({
    method: 'delete', path: '/api/cases/{id}/documents/{documentId}', tags: tag,
    summary: 'Delete a document (its uploader or the workstation admin)',
    request: { params: docParams },
    responses: { 204: { description: 'Deleted' } },
  }),
  grant: defineRoute({
    method: 'put', path: '/api/cases/{id}/documents/{documentId}/access/{userId}', tags: tag,
    summary: 'Name a user on a trade-secret document (someone who can open the case)',
    request: { params: docParams.extend({ userId: z.uuid() }) },
    responses: { 200: json(one) },
  }),
  revoke: defineRoute({
    method: 'delete', path: '/api/cases/{id}/documents/{documentId}/access/{userId}', tags: tag,
    summary: 'Remove a named user from a trade-secret document',
    request: { params: docParams.extend({ userId: z.uuid() }) },
    responses: { 200: json(one) },
  }),
};

const fileMissing = () => new AppError('VALIDATION', { messageKey: 'FILE_MISSING', details: [{ path: 'file', message: '' }] });

/** The document endpoints of a case, mounted on the cases app. */
export function mountCaseDocumentRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.list, async (c) => c.json(await documents.listCaseDocuments(c.get('deps'), actorOf(c), c.req.valid('param').id), 200));
  app.openapi(routes.upload, async (c) => {
    const form = c.req.valid('form');
    const file = (form as { file?: unknown }).file;
    if (!(file instanceof File)) throw fileMissing();
    const data = Buffer.from(await file.arrayBuffer());
    const doc = await documents.uploadCaseDocument(c.get('deps'), actorOf(c), c.req.valid('param').id, {
      filename: file.name || 'file',
      data,
      confidentiality: form.confidentiality,
      sharedWithEnterprise: form.sharedWithEnterprise === 'true',
    });
    return c.json({ data: doc }, 201);
  });
  app.openapi(routes.download, async (c) => {
    const p = c.req.valid('param');
    const { doc, data } = await documents.downloadCaseDocument(c.get('deps'), actorOf(c), p.id, p.documentId);
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': doc.contentType,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    }) as never;
  });
  app.openapi(routes.remove, async (c) => {
    const p = c.req.valid('param');
    await documents.deleteCaseDocument(c.get('deps'), actorOf(c), p.id, p.documentId);
    return c.body(null, 204) as never;
  });
  app.openapi(routes.grant, async (c) => {
    const p = c.req.valid('param');
    return c.json({ data: await documents.grantDocumentAccess(c.get('deps'), actorOf(c), p.id, p.documentId, p.userId) }, 200);
  });
  app.openapi(routes.revoke, async (c) => {
    const p = c.req.valid('param');
    return c.json({ data: await documents.revokeDocumentAccess(c.get('deps'), actorOf(c), p.id, p.documentId, p.userId) }, 200);
  });
}
