import { OpenAPIHono } from '@hono/zod-openapi';
import { CLUSTER_CODES_ANY } from '../../../../shared/src/clusters';
import { DISTRICT_CODES } from '../../../../shared/src/districts';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, jsonBody, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pagingQuery, queryBool, sortParam } from '../../lib/paging';
import { isValidUscc, normalizeUscc } from '../../lib/uscc';
import * as service from './cases.service';
import { caseNotice, NOTICE_KINDS } from './cases.notices';
import { casesWorkbook } from './cases.export';
import { ledgerWorkbook } from './ledger.export';
import { attachmentName, XLSX_TYPE } from '../../lib/xlsx';
import { CASE_TYPE_NAMES } from './types';
import { caseDocumentView, mountCaseDocumentRoutes } from './cases.documents.routes';
import { LINK_KINDS, linkCase, unlinkCase } from './cases.links';

const usccField = z.string().max(40).transform(normalizeUscc).refine(isValidUscc, 'validation.uscc');
const channels = ['online', 'walk_in', 'phone', 'onsite_visit', 'campaign_event'] as const;
const caseView = z.object({
  id: z.string(),
  caseNo: z.string(),
  type: z.string(),
  workstationId: z.string(),
  /** The branch (分站) of the workstation serving the case, when its staff chose one. */
  branchId: z.string().nullable(),
  branchName: z.string().nullable(),
  status: z.string(),
  title: z.string(),
  form: z.record(z.string(), z.unknown()),
  channel: z.string(),
  version: z.number(),
  dueAt: z.string().nullable(),
  dueState: z.enum(['none', 'due', 'due_soon', 'overdue']),
  clock: z.unknown(),
  countedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  rating: z.number().nullable(),
  ratingComment: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  parties: z.array(z.object({ id: z.string(), enterpriseId: z.string().nullable(), uscc: z.string(), name: z.string(), side: z.enum(['client', 'adverse']) })),
  assignments: z.array(z.object({ id: z.string(), userId: z.string(), name: z.string(), role: z.string(), active: z.boolean() })),
  timeline: z.array(z.object({ id: z.number(), action: z.string(), from: z.string().nullable(), to: z.string(), actor: z.string().nullable(), reason: z.string().nullable(), at: z.string() })),
  messages: z.array(z.object({ id: z.string(), kind: z.string(), author: z.string().nullable(), body: z.string(), at: z.string() })),
  documents: z.array(caseDocumentView),
  /** Links to cases the caller may also open; links to any other case are left out. */
  links: z.array(z.object({ id: z.string(), kind: z.enum(LINK_KINDS), case: z.object({ id: z.string(), caseNo: z.string(), title: z.string(), type: z.string(), status: z.string() }) })),
});
const single = z.object({
  data: caseView,
  abilities: z.object({
    actions: z.array(z.string()),
    inputs: z.record(z.string(), z.array(z.enum(['reason', 'assignee', 'answer', 'outcome']))).openapi({ description: 'The fields each action in `actions` asks for (from the case type\'s table)' }),
    addParty: z.boolean(), note: z.boolean(), message: z.boolean(), rate: z.boolean(), uploadDocument: z.boolean(), link: z.boolean(), edit: z.boolean() }),
});
const listItem = caseView.pick({ id: true, caseNo: true, type: true, workstationId: true, branchId: true, branchName: true, status: true, title: true, channel: true, dueAt: true, dueState: true, version: true, createdAt: true });
const tag = ['cases'];
const ledgerFilters = {
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  type: z.string().max(40).optional(),
  workstationId: z.uuid().optional(),
  branchId: z.uuid().optional(),
  channel: z.enum(channels).optional(),
  cluster: z.enum(CLUSTER_CODES_ANY).optional(),
  district: z.enum(DISTRICT_CODES).optional(),
};

const caseFilters = {
  type: z.enum(CASE_TYPE_NAMES).optional(),
  status: z.string().max(40).optional(),
  overdue: queryBool.optional(),
  dueState: z.enum(['due', 'due_soon', 'overdue']).optional(),
  assignee: z.union([z.literal('me'), z.uuid()]).optional(),
  unassigned: queryBool.optional(),
  workstationId: z.uuid().optional(),
  /** A branch (分站) of the caller's workstation; another workstation's branch matches none of the caller's cases. */
  branchId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
  sort: sortParam(['dueAt', 'createdAt', 'updatedAt'] as const, '-createdAt'),
};

const routes = {
  create: defineRoute({
    method: 'post', path: '/api/cases', tags: tag,
    summary:
      'Submit a request (an enterprise user for its own enterprise; staff on an enterprise\'s behalf). Idempotency-Key honoured. Without workstationId: staff, their only workstation; an enterprise, its only workstation, or, a member of none, the active workstation for its cluster and district, then for its cluster (else 400).',
    request: {
      headers: z.object({ 'idempotency-key': z.string().min(8).max(100).optional() }),
      body: jsonBody(
        z.strictObject({
          type: z.enum(CASE_TYPE_NAMES),
          /** Optional: see the summary for where the request then goes. */
          workstationId: z.uuid().nullable().optional(),
          enterpriseId: z.uuid().nullable().optional(),
          /** Staff only: a branch (分站) of the workstation the request goes to. */
          branchId: z.uuid().nullable().optional(),
          channel: z.enum(channels).optional(),
          adverse: z.array(z.strictObject({ uscc: usccField, name: z.string().trim().min(1).max(200) })).max(20).optional(),
          form: z.record(z.string(), z.unknown()),
        }),
      ),
    },
    responses: { 201: json(single, 'Created (the same response again for a repeated Idempotency-Key)') },
  }),
  quick: defineRoute({
    method: 'post', path: '/api/cases/quick-consultation', tags: tag,
    summary: 'Quick entry of a walk-in or phone consultation: opened and answered at once',
    request: {
      body: jsonBody(
        z.strictObject({
          workstationId: z.uuid(),
          enterpriseId: z.uuid(),
          branchId: z.uuid().nullable().optional(),
          channel: z.enum(['walk_in', 'phone', 'onsite_visit', 'campaign_event']),
          form: z.record(z.string(), z.unknown()),
          answer: z.string().trim().min(1).max(10_000),
        }),
      ),
    },
    responses: { 201: json(single, 'Created') },
  }),
  export: defineRoute({
    method: 'get', path: '/api/cases/export', tags: tag, summary: 'The filtered list of cases the caller may see, as .xlsx',
    request: { query: z.object(caseFilters) },
    responses: { 200: { description: 'xlsx', content: { [XLSX_TYPE]: { schema: z.string() } } } },
  }),
  list: defineRoute({
    method: 'get', cache: true, path: '/api/cases', tags: tag, summary: 'Cases the caller may see (staff: their workstation; enterprise: its own; assignees: theirs)',
    request: {
      query: z.object({ ...pagingQuery, ...caseFilters }),
    },
    responses: { 200: json(z.object({ items: z.array(listItem), total: z.number(), totalIsEstimate: z.boolean(), page: z.number(), pageSize: z.number() })) },
  }),
  get: defineRoute({ method: 'get', path: '/api/cases/{id}', tags: tag, summary: 'A case with parties, assignments, timeline and messages', request: { params: idParam }, responses: { 200: json(single) } }),
  update: defineRoute({
    method: 'patch', path: '/api/cases/{id}', tags: tag,
    summary: 'Edit the case itself (the workstation\'s staff): its branch (分站), one of the workstation\'s own or null; `version` as last read. The case\'s ledger rows take the branch',
    request: { params: idParam, body: jsonBody(z.strictObject({ version: z.number().int().min(1), branchId: z.uuid().nullable() })) },
    responses: { 200: json(single) },
  }),
  transition: defineRoute({
    method: 'post', path: '/api/cases/{id}/transitions', tags: tag, summary: 'Take an action of the case type\'s workflow',
    request: {
      params: idParam,
      body: jsonBody(
        z.strictObject({
          action: z.string().min(1).max(40),
          version: z.number().int().min(1),
          reason: z.string().trim().max(2000).nullable().optional(),
          assigneeId: z.uuid().nullable().optional(),
          overrideReason: z.string().trim().max(1000).nullable().optional(),
          answer: z.string().trim().max(20_000).nullable().optional(),
          outcome: z.string().trim().max(40).nullable().optional(),
        }),
      ),
    },
    responses: { 200: json(single) },
  }),
  parties: defineRoute({
    method: 'post', path: '/api/cases/{id}/parties', tags: tag, summary: 'Add a party (client or adverse)',
    request: {
      params: idParam,
      body: jsonBody(z.strictObject({ enterpriseId: z.uuid().nullable().optional(), uscc: usccField.nullable().optional(), name: z.string().trim().min(1).max(200).nullable().optional(), side: z.enum(['client', 'adverse']) })),
    },
    responses: { 201: json(single, 'Added') },
  }),
  messages: defineRoute({
    method: 'post', path: '/api/cases/{id}/messages', tags: tag, summary: 'An internal note, or a message between the enterprise and the staff',
    request: { params: idParam, body: jsonBody(z.strictObject({ kind: z.enum(['note', 'message']), body: z.string().trim().min(1).max(10_000) })) },
    responses: { 201: json(single, 'Posted') },
  }),
  rating: defineRoute({
    method: 'post', path: '/api/cases/{id}/rating', tags: tag, summary: 'The enterprise rates the delivered service (1–5)',
    request: { params: idParam, body: jsonBody(z.strictObject({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).nullable().optional() })) },
    responses: { 200: json(single) },
  }),
  link: defineRoute({
    method: 'post', path: '/api/cases/{id}/links', tags: tag,
    summary: 'Link another case (staff of both cases\' workstation): kind says what the other case is to this one. 400 linking a case to itself; 409 a second link of the same pair, a second parent, a cycle of parents; 404 a case outside scope',
    request: { params: idParam, body: jsonBody(z.strictObject({ caseId: z.uuid(), kind: z.enum(LINK_KINDS) })) },
    responses: { 201: json(single, 'Linked') },
  }),
  unlink: defineRoute({
    method: 'delete', path: '/api/cases/{id}/links/{linkId}', tags: tag, summary: 'Remove a link between two cases (the same people who may make it)',
    request: { params: z.object({ id: z.uuid(), linkId: z.uuid() }) },
    responses: { 200: json(single, 'Unlinked') },
  }),
  notice: defineRoute({
    method: 'get', path: '/api/cases/{id}/notices/{kind}', tags: tag, summary: 'Printed documents: acceptance or refusal notice, consultation record (PDF with embedded CJK font)',
    request: { params: z.object({ id: z.uuid(), kind: z.enum(NOTICE_KINDS) }) },
    responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string() } } } },
  }),
  reassign: defineRoute({
    method: 'post', path: '/api/cases/reassign', tags: tag, summary: 'Hand a user\'s open cases to another (workstation admin), e.g. when an account is deactivated',
    request: { body: jsonBody(z.strictObject({ fromUserId: z.uuid(), toUserId: z.uuid(), reason: z.string().trim().min(1).max(500) })) },
    responses: { 200: json(z.object({ moved: z.array(z.string()), skipped: z.array(z.object({ caseId: z.string(), reason: z.string() })) })) },
  }),
  ledgerExport: defineRoute({
    method: 'get', path: '/api/ledger/export', tags: ['ledger'], summary: 'The filtered ledger as .xlsx in the columns a workstation keeps',
    request: { query: z.object(ledgerFilters) },
    responses: { 200: { description: 'xlsx', content: { [XLSX_TYPE]: { schema: z.string() } } } },
  }),
  ledger: defineRoute({
    method: 'get', cache: true, path: '/api/ledger', tags: ['ledger'], summary: 'The service ledger (台账) with enterprise-times by the counting rule',
    request: {
      query: z.object({ ...pagingQuery, ...ledgerFilters }),
    },
    responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())), total: z.number(), enterpriseTimes: z.number(), page: z.number(), pageSize: z.number() })) },
  }),
};

export function caseRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.create, async (c) => {
    const { replayed: _replayed, ...out } = await service.createCase(c.get('deps'), actorOf(c), { ...c.req.valid('json'), idempotencyKey: c.req.valid('header')['idempotency-key'] });
    return c.json(out as never, 201);
  });
  app.openapi(routes.quick, async (c) => c.json((await service.quickConsultation(c.get('deps'), actorOf(c), c.req.valid('json'))) as never, 201));
  app.openapi(routes.list, async (c) => c.json(await service.listCases(c.get('deps'), actorOf(c), c.req.valid('query')), 200));
  // Before GET /api/cases/{id}, so "export" is never read as an id.
  app.openapi(routes.export, async (c) => {
    // Refuse before the first byte: once the stream has begun, an error can only break the file off.
    await service.listCases(c.get('deps'), actorOf(c), { ...c.req.valid('query'), page: 1, pageSize: 1 });
    const body = casesWorkbook(c.get('deps'), actorOf(c), c.req.valid('query'));
    return c.body(body, 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachmentName('案件列表.xlsx') }) as never;
  });
  app.openapi(routes.get, async (c) => c.json((await service.getCase(c.get('deps'), actorOf(c), c.req.valid('param').id)) as never, 200));
  app.openapi(routes.update, async (c) => c.json((await service.updateCase(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json'))) as never, 200));
  app.openapi(routes.transition, async (c) => c.json((await service.transitionCase(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json'))) as never, 200));
  app.openapi(routes.parties, async (c) => c.json((await service.addParty(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json'))) as never, 201));
  app.openapi(routes.messages, async (c) => c.json((await service.addMessage(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json'))) as never, 201));
  app.openapi(routes.rating, async (c) => c.json((await service.rateCase(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json'))) as never, 200));
  app.openapi(routes.link, async (c) => c.json((await linkCase(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json'))) as never, 201));
  app.openapi(routes.unlink, async (c) => {
    const p = c.req.valid('param');
    return c.json((await unlinkCase(c.get('deps'), actorOf(c), p.id, p.linkId)) as never, 200);
  });
  app.openapi(routes.notice, async (c) => {
    const p = c.req.valid('param');
    const { pdf, filename } = await caseNotice(c.get('deps'), actorOf(c), p.id, p.kind);
    return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(filename)}` }) as never;
  });
  app.openapi(routes.reassign, async (c) => c.json(await service.reassignOpenCases(c.get('deps'), actorOf(c), c.req.valid('json')), 200));
  app.openapi(routes.ledgerExport, async (c) => {
    // Refuse before the first byte: once the stream has begun, a 403 can only break the file off.
    await service.listLedger(c.get('deps'), actorOf(c), { ...c.req.valid('query'), page: 1, pageSize: 1 });
    const body = ledgerWorkbook(c.get('deps'), actorOf(c), c.req.valid('query'));
    return c.body(body, 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachmentName('服务台账.xlsx') }) as never;
  });
  app.openapi(routes.ledger, async (c) => c.json(await service.listLedger(c.get('deps'), actorOf(c), c.req.valid('query')), 200));
  mountCaseDocumentRoutes(app);
  return app;
}
