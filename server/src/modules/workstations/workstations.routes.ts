import { OpenAPIHono } from '@hono/zod-openapi';
import { CLUSTER_CODES_ANY, CLUSTER_CODES_CURRENT } from '../../../../shared/src/clusters';
import { DISTRICT_CODES } from '../../../../shared/src/districts';
import { filingStates, serviceKinds } from '../../db/schema';
import { AppError } from '../../errors';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, jsonBody, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pageEnvelope, pagingQuery, sortParam } from '../../lib/paging';
import { attachmentName, XLSX_TYPE } from '../../lib/xlsx';
import { workstationsWorkbook } from './workstations.export';
import { workstationAbilitiesView, workstationView } from './workstations.presenter';
import * as service from './workstations.service';
import { FILING_ACTIONS } from './workstations.workflow';

const text = (max: number) => z.string().trim().max(max);
const profileFields = {
  address: text(200).nullable().optional(),
  contactPhone: z.string().regex(/^[0-9+\-() ]{5,30}$/).nullable().optional(),
  contactEmail: z.email().max(254).nullable().optional(),
  clusters: z.array(z.enum(CLUSTER_CODES_CURRENT)).max(CLUSTER_CODES_CURRENT.length).optional(),
  districts: z.array(z.enum(DISTRICT_CODES)).max(11).optional(),
  services: z.array(z.enum(serviceKinds)).max(8).optional(),
  premises: z.strictObject({ area: z.number().min(0).max(1_000_000).optional(), facilities: text(500).optional() }).optional(),
  funding: z.strictObject({ description: text(500).optional(), annualBudget: z.number().min(0).max(1e10).optional() }).optional(),
  leader: z.strictObject({ name: text(50).optional(), title: text(50).optional(), qualifications: z.array(text(50)).max(10).optional() }).optional(),
  partnerAgencyIds: z.array(z.uuid()).max(50).optional(),
  allianceMember: z.boolean().optional(),
  selfDisciplineSigned: z.boolean().optional(),
};

const documentView = z.object({ id: z.string(), kind: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), createdAt: z.string() });
const staffView = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  fullTime: z.boolean(),
  qualifications: z.array(z.string()),
  training: z.array(z.object({ date: z.string(), topic: z.string(), hours: z.number() })),
  userId: z.string().nullable(),
  active: z.boolean(),
  version: z.number(),
});
const branchView = z.object({ id: z.string(), name: z.string(), hostUnit: z.string().nullable(), address: z.string().nullable(), version: z.number() });
const detailView = z.object({
  data: workstationView.extend({
    missing: z.array(z.string()),
    documents: z.array(documentView),
    staff: z.array(staffView),
    branches: z.array(branchView),
    /** The partner agencies that are still active agencies, with their names, in the filing's order. */
    partnerAgencies: z.array(z.object({ id: z.string(), name: z.string() })),
    pendingChange: z.object({ id: z.string(), changes: z.unknown(), createdAt: z.string() }).nullable(),
    history: z.array(z.object({ id: z.number(), action: z.string(), from: z.string().nullable(), to: z.string(), actorId: z.string().nullable(), reason: z.string().nullable(), at: z.string() })),
  }),
  abilities: workstationAbilitiesView,
});
const staffBody = z.strictObject({
  name: text(50).min(1),
  title: text(50).nullable().optional(),
  fullTime: z.boolean().default(true),
  qualifications: z.array(text(50).min(1)).max(10).default([]),
  training: z.array(z.strictObject({ date: z.iso.date(), topic: text(200).min(1), hours: z.number().min(0).max(1000) })).max(200).default([]),
  userId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});
const tag = ['workstations'];
const wsParam = z.object({ id: z.uuid() });

const listFilters = {
  status: z.enum(filingStates).optional(),
  cluster: z.enum(CLUSTER_CODES_ANY).optional(),
  district: z.enum(DISTRICT_CODES).optional(),
  hostId: z.uuid().optional(),
  q: text(100).optional(),
  sort: sortParam(['name', 'filingNumber', 'createdAt'] as const, 'name'),
};

const routes = {
  export: defineRoute({
    method: 'get', path: '/api/workstations/export', tags: tag, summary: 'The filtered list of workstations the caller may see, as .xlsx',
    request: { query: z.object(listFilters) },
    responses: { 200: { description: 'xlsx', content: { [XLSX_TYPE]: { schema: z.string() } } } },
  }),
  list: defineRoute({
    method: 'get', cache: true, path: '/api/workstations', tags: tag, summary: 'Workstations and their filings (bureau, district, alliance: all; staff: their own)',
    request: {
      query: z.object({ ...pagingQuery, ...listFilters }),
    },
    responses: { 200: json(pageEnvelope(workstationView.extend({ abilities: workstationAbilitiesView }))) },
  }),
  create: defineRoute({
    method: 'post', path: '/api/workstations', tags: tag, summary: 'Open a workstation filing as a draft (host association admin or bureau)',
    request: { body: jsonBody(z.strictObject({ hostId: z.uuid(), name: text(200).min(1), ...profileFields })) },
    responses: { 201: json(detailView, 'Created') },
  }),
  get: defineRoute({ method: 'get', path: '/api/workstations/{id}', tags: tag, summary: 'A workstation with its filing, documents, staff, branches and history', request: { params: idParam }, responses: { 200: json(detailView) } }),
  update: defineRoute({
    method: 'patch', path: '/api/workstations/{id}', tags: tag, summary: 'Edit a filing (an active workstation\'s host files a change for the bureau to approve)',
    request: { params: idParam, body: jsonBody(z.strictObject({ version: z.number().int().min(1), name: text(200).min(1).optional(), ...profileFields })) },
    responses: { 200: json(detailView) },
  }),
  transition: defineRoute({
    method: 'post', path: '/api/workstations/{id}/transitions', tags: tag, summary: 'Take a filing step: submit, begin_check, request_correction, pass_check, approve, register_by_bureau, suspend, reinstate, revoke, withdraw',
    request: { params: idParam, body: jsonBody(z.strictObject({ action: z.enum(FILING_ACTIONS), version: z.number().int().min(1), reason: text(1000).nullable().optional() })) },
    responses: { 200: json(detailView) },
  }),
  decideChange: defineRoute({
    method: 'post', path: '/api/workstations/{id}/changes/{changeId}/decision', tags: tag, summary: 'Approve or reject a change filing (bureau)',
    request: { params: z.object({ id: z.uuid(), changeId: z.uuid() }), body: jsonBody(z.strictObject({ decision: z.enum(['approve', 'reject']), reason: text(1000).nullable().optional() })) },
    responses: { 200: json(detailView) },
  }),
  upload: defineRoute({
    method: 'post', path: '/api/workstations/{id}/documents', tags: tag, summary: 'Upload a supporting document (multipart: file, kind); PDF, PNG or JPEG by content, at most 10 MB',
    request: {
      params: wsParam,
      body: { content: { 'multipart/form-data': { schema: z.object({ file: z.any(), kind: z.enum(['registration_certificate', 'premises_proof', 'funding_proof', 'other']) }) } } },
    },
    responses: { 201: json(z.object({ data: documentView }), 'Stored') },
  }),
  download: defineRoute({
    method: 'get', path: '/api/workstations/{id}/documents/{documentId}', tags: tag, summary: 'Download a supporting document',
    request: { params: z.object({ id: z.uuid(), documentId: z.uuid() }) },
    responses: { 200: { description: 'The file' } },
  }),
  staff: defineRoute({ method: 'get', path: '/api/workstations/{id}/staff', tags: tag, summary: 'Staff of a workstation', request: { params: idParam }, responses: { 200: json(z.object({ items: z.array(staffView) })) } }),
  addStaff: defineRoute({
    method: 'post', path: '/api/workstations/{id}/staff', tags: tag, summary: 'Add a staff member (qualifications, training records)',
    request: { params: idParam, body: jsonBody(staffBody) }, responses: { 201: json(z.object({ data: staffView }), 'Added') },
  }),
  updateStaff: defineRoute({
    method: 'patch', path: '/api/workstations/{id}/staff/{staffId}', tags: tag, summary: 'Edit a staff member',
    request: { params: z.object({ id: z.uuid(), staffId: z.uuid() }), body: jsonBody(staffBody.extend({ version: z.number().int().min(1) })) },
    responses: { 200: json(z.object({ data: staffView })) },
  }),
  addBranch: defineRoute({
    method: 'post', path: '/api/workstations/{id}/branches', tags: tag, summary: 'Add a branch (分站)',
    request: { params: idParam, body: jsonBody(z.strictObject({ name: text(200).min(1), hostUnit: text(200).nullable().optional(), address: text(200).nullable().optional() })) },
    responses: { 201: json(z.object({ data: branchView }), 'Added') },
  }),
  updateBranch: defineRoute({
    method: 'patch', path: '/api/workstations/{id}/branches/{branchId}', tags: tag, summary: 'Edit a branch (分站) with the version last read',
    request: {
      params: z.object({ id: z.uuid(), branchId: z.uuid() }),
      body: jsonBody(z.strictObject({ version: z.number().int().min(1), name: text(200).min(1), hostUnit: text(200).nullable().optional(), address: text(200).nullable().optional() })),
    },
    responses: { 200: json(z.object({ data: branchView })) },
  }),
  removeBranch: defineRoute({
    method: 'delete', path: '/api/workstations/{id}/branches/{branchId}', tags: tag, summary: 'Close a branch (分站); `version` as last read',
    request: { params: z.object({ id: z.uuid(), branchId: z.uuid() }), query: z.object({ version: z.coerce.number().int().min(1) }) },
    responses: { 204: { description: 'Removed' } },
  }),
};

export function workstationRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const deps = (c: { get(k: 'deps'): AppEnv['Variables']['deps'] }) => c.get('deps');
  app.openapi(routes.list, async (c) => c.json(await service.listWorkstations(deps(c), actorOf(c), c.req.valid('query')), 200));
  // Before GET /api/workstations/{id}, so "export" is never read as an id.
  app.openapi(routes.export, async (c) => {
    // Refuse before the first byte: once the stream has begun, an error can only break the file off.
    await service.listWorkstations(deps(c), actorOf(c), { ...c.req.valid('query'), page: 1, pageSize: 1 });
    const body = workstationsWorkbook(deps(c), actorOf(c), c.req.valid('query'));
    return c.body(body, 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachmentName('工作站名单.xlsx') }) as never;
  });
  app.openapi(routes.create, async (c) => c.json(await service.createWorkstation(deps(c), actorOf(c), c.req.valid('json')), 201));
  app.openapi(routes.get, async (c) => c.json(await service.getWorkstation(deps(c), actorOf(c), c.req.valid('param').id), 200));
  app.openapi(routes.update, async (c) => c.json(await service.updateWorkstation(deps(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(routes.transition, async (c) => c.json(await service.transitionWorkstation(deps(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(routes.decideChange, async (c) => {
    const p = c.req.valid('param');
    return c.json(await service.decideChange(deps(c), actorOf(c), p.id, p.changeId, c.req.valid('json')), 200);
  });
  app.openapi(routes.upload, async (c) => {
    const form = await c.req.parseBody().catch(() => {
      throw new AppError('VALIDATION', { messageKey: 'FILE_MISSING', details: [{ path: 'file', message: '' }] });
    });
    const file = form.file;
    const kind = String(form.kind ?? '');
    if (!(file instanceof File)) throw new AppError('VALIDATION', { messageKey: 'FILE_MISSING', details: [{ path: 'file', message: '' }] });
    const kinds = ['registration_certificate', 'premises_proof', 'funding_proof', 'other'];
    if (!kinds.includes(kind)) throw new AppError('VALIDATION', { details: [{ path: 'kind', message: kinds.join(' | ') }] });
    const data = Buffer.from(await file.arrayBuffer());
    const doc = await service.uploadDocument(deps(c), actorOf(c), c.req.valid('param').id, { kind, filename: file.name || 'file', data });
    return c.json({ data: doc }, 201);
  });
  app.openapi(routes.download, async (c) => {
    const p = c.req.valid('param');
    const { doc, data } = await service.downloadDocument(deps(c), actorOf(c), p.id, p.documentId);
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': doc.contentType,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
      'X-Content-Type-Options': 'nosniff',
    }) as never;
  });
  app.openapi(routes.staff, async (c) => c.json({ items: await service.listStaff(deps(c), actorOf(c), c.req.valid('param').id) }, 200));
  app.openapi(routes.addStaff, async (c) => c.json({ data: await service.saveStaff(deps(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')) }, 201));
  app.openapi(routes.updateStaff, async (c) => {
    const p = c.req.valid('param');
    return c.json({ data: await service.saveStaff(deps(c), actorOf(c), p.id, { ...c.req.valid('json'), staffId: p.staffId }) }, 200);
  });
  app.openapi(routes.addBranch, async (c) => c.json({ data: await service.addBranch(deps(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')) }, 201));
  app.openapi(routes.updateBranch, async (c) => {
    const p = c.req.valid('param');
    return c.json({ data: await service.updateBranch(deps(c), actorOf(c), p.id, p.branchId, c.req.valid('json')) }, 200);
  });
  app.openapi(routes.removeBranch, async (c) => {
    const p = c.req.valid('param');
    await service.removeBranch(deps(c), actorOf(c), p.id, p.branchId, c.req.valid('query').version);
    return c.body(null, 204) as never;
  });
  return app;
}
