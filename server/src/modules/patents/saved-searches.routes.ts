import { OpenAPIHono } from '@hono/zod-openapi';
import { shanghaiDate } from '../../calendar/working-days';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, jsonBody, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pageEnvelope, pagingQuery } from '../../lib/paging';
import { AppError } from '../../errors';
import { CONFIDENTIALITY, uploadCaseDocument } from '../cases/cases.documents';
import { getCase } from '../cases/cases.service';
import { recordsWorkbook, type SheetColumn } from './patents.export';
import { renderReport } from './patents.report';
import { XLSX_TYPE } from './patents.routes';
import { CATEGORIES, SEARCH_KINDS } from './saved-searches.kinds';
import * as service from './saved-searches.service';

const tag = ['patents'];
const text = (max: number) => z.string().trim().max(max);
/** A chosen record: `patentId` in a patent search, `trademarkId` in a trademark search. */
const chosen = z.strictObject({
  patentId: z.uuid({ message: 'validation.invalid_id' }).optional(),
  trademarkId: z.uuid({ message: 'validation.invalid_id' }).optional(),
  category: z.enum(CATEGORIES).nullable().optional().openapi({ description: 'X | Y | A in a patent search (the report\'s categories); same | similar in a trademark search' }),
  note: text(2000).optional(),
});
const NICE = 'validation.nice_class';
const fields = {
  name: text(200).min(1),
  query: text(2000).min(1),
  niceClass: z.number({ error: NICE }).int(NICE).min(1, NICE).max(45, NICE).nullable().optional(),
  sort: z.enum(['relevance', 'date']).optional(),
  enterpriseId: z.uuid().nullable().optional(),
  workstationId: z.uuid().nullable().optional(),
  watch: z.boolean().optional(),
  purpose: text(5000).optional(),
  technicalSolution: text(20_000).optional(),
  databases: z.array(text(200).min(1)).max(20).optional(),
  searchElements: z.array(text(500).min(1)).max(50).optional(),
  extraQueries: z.array(text(2000).min(1)).max(30).optional(),
  reviewer: text(100).optional(),
  conclusion: text(20_000).optional(),
  results: z.array(chosen).max(200).optional(),
};
/** A record as a saved search lists it: a patent or, in a trademark search, a trademark (`title` is its mark name). */
const patentRecord = z.object({
  patentId: z.string(),
  publicationNumber: z.string().nullable(),
  applicationNumber: z.string().nullable(),
  title: z.string(),
  applicants: z.array(z.string()),
  publicationDate: z.string().nullable(),
});
const trademarkRecord = z.object({
  trademarkId: z.string(),
  registrationNumber: z.string(),
  title: z.string(),
  markName: z.string(),
  niceClasses: z.array(z.number().int()),
  applicants: z.array(z.string()),
  filingDate: z.string().nullable(),
  status: z.string().nullable(),
});
const kind = z.enum(SEARCH_KINDS).openapi({ description: 'patent: searches patents; trademark: searches trademarks (with niceClass)' });
const view = z.object({
  id: z.string(),
  kind,
  name: z.string(),
  query: z.string(),
  niceClass: z.number().int().nullable(),
  sort: z.string(),
  enterpriseId: z.string().nullable(),
  workstationId: z.string().nullable(),
  watch: z.boolean(),
  purpose: z.string(),
  technicalSolution: z.string(),
  databases: z.array(z.string()),
  searchElements: z.array(z.string()),
  queries: z.array(z.object({ q: z.string(), hits: z.number(), at: z.string() })),
  reviewer: z.string(),
  conclusion: z.string(),
  results: z.array(z.union([patentRecord, trademarkRecord]).and(z.object({ category: z.string().nullable(), note: z.string() }))),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const summary = z.object({ id: z.string(), kind, name: z.string(), query: z.string(), niceClass: z.number().int().nullable(), watch: z.boolean(), enterpriseId: z.string().nullable(), workstationId: z.string().nullable(), updatedAt: z.string(), version: z.number() });

const routes = {
  list: defineRoute({
    method: 'get', path: '/api/saved-searches', tags: tag, summary: 'The caller\'s saved searches and watches',
    request: { query: z.object(pagingQuery) }, responses: { 200: json(pageEnvelope(summary)) },
  }),
  create: defineRoute({
    method: 'post', path: '/api/saved-searches', tags: tag,
    summary: 'Save a search (query, report fields, chosen results with notes); watch = alert the owner about records later imports bring',
    request: { body: jsonBody(z.strictObject({ kind: kind.optional(), ...fields })) }, responses: { 201: json(z.object({ data: view }), 'Created') },
  }),
  get: defineRoute({ method: 'get', path: '/api/saved-searches/{id}', tags: tag, summary: 'One saved search', request: { params: idParam }, responses: { 200: json(z.object({ data: view })) } }),
  update: defineRoute({
    method: 'patch', path: '/api/saved-searches/{id}', tags: tag, summary: 'Edit a saved search (results, when given, replace the chosen list)',
    request: { params: idParam, body: jsonBody(z.strictObject({ version: z.number().int().min(1), ...fields, name: fields.name.optional(), query: fields.query.optional() })) },
    responses: { 200: json(z.object({ data: view })) },
  }),
  addResults: defineRoute({
    method: 'post', path: '/api/saved-searches/{id}/results', tags: tag,
    summary: 'Add chosen results (with category and note) to a saved search; a record already chosen takes the new category and note',
    request: { params: idParam, body: jsonBody(z.strictObject({ results: z.array(chosen).min(1).max(200) })) },
    responses: { 200: json(z.object({ data: view })) },
  }),
  alerts: defineRoute({
    method: 'get', path: '/api/saved-searches/{id}/alerts', tags: tag,
    summary: 'The alerts of a watch, newest first: each import run that alerted, with the new hits it listed (its owner; while it watches, also the staff of the workstation and the users of the enterprise it is kept for; 404 for anyone else)',
    request: { params: idParam },
    responses: {
      200: json(
        z.object({
          kind,
          items: z.array(z.object({ alertedAt: z.string(), count: z.number().int(), hits: z.array(z.union([patentRecord, trademarkRecord])) })),
          truncated: z.boolean().openapi({ description: 'Only the newest 1,000 alerted records are listed' }),
        }),
      ),
    },
  }),
  remove: defineRoute({
    method: 'delete', path: '/api/saved-searches/{id}', tags: tag, summary: 'Delete a saved search', request: { params: idParam },
    responses: { 204: { description: 'Deleted' } },
  }),
  report: defineRoute({
    method: 'get', path: '/api/saved-searches/{id}/report.pdf', tags: tag, summary: 'The retrieval report (专利检索报告, or 商标检索报告 for a trademark search) as PDF, with embedded Chinese fonts',
    request: { params: idParam }, responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.any() } } } },
  }),
  attachReport: defineRoute({
    method: 'post', path: '/api/saved-searches/{id}/report/attach', tags: tag,
    summary: 'Attach the retrieval report (PDF) to a retrieval case as a case document; by default shared with the client enterprise',
    request: {
      params: idParam,
      body: jsonBody(z.strictObject({ caseId: z.uuid(), confidentiality: z.enum(CONFIDENTIALITY).default('internal'), sharedWithEnterprise: z.boolean().default(true) })),
    },
    responses: { 201: json(z.object({ data: z.object({ id: z.string(), filename: z.string(), size: z.number(), confidentiality: z.string() }).passthrough() }), 'Attached') },
  }),
  results: defineRoute({
    method: 'get', path: '/api/saved-searches/{id}/results.xlsx', tags: tag, summary: 'The chosen results with their notes as .xlsx',
    request: { params: idParam }, responses: { 200: { description: 'An .xlsx workbook', content: { [XLSX_TYPE]: { schema: z.any() } } } },
  }),
};

/** Report dates are Shenzhen dates. */

export function savedSearchRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.list, async (c) => c.json(await service.listSavedSearches(c.get('deps'), actorOf(c), c.req.valid('query')), 200));
  app.openapi(routes.create, async (c) => c.json(await service.createSavedSearch(c.get('deps'), actorOf(c), c.req.valid('json')), 201));
  app.openapi(routes.get, async (c) => c.json(await service.getSavedSearch(c.get('deps'), actorOf(c), c.req.valid('param').id), 200));
  app.openapi(routes.update, async (c) => c.json(await service.updateSavedSearch(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(routes.addResults, async (c) => c.json(await service.addSavedSearchResults(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(routes.alerts, async (c) => c.json(await service.listSavedSearchAlerts(c.get('deps'), actorOf(c), c.req.valid('param').id), 200));
  app.openapi(routes.remove, async (c) => {
    await service.deleteSavedSearch(c.get('deps'), actorOf(c), c.req.valid('param').id);
    return c.body(null, 204) as never;
  });
  app.openapi(routes.report, async (c) => {
    const deps = c.get('deps');
    const ctx = actorOf(c);
    const { row, ops, cited } = await service.savedSearchForReport(deps, ctx, c.req.valid('param').id);
    const pdf = await renderReport({ search: row, kind: ops.report, searcher: ctx.actor.displayName, date: shanghaiDate(deps.clock()), cited });
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="report.pdf"; filename*=UTF-8''${encodeURIComponent(`${ops.report.title}-${row.name}.pdf`)}`,
    }) as never;
  });
  app.openapi(routes.attachReport, async (c) => {
    const deps = c.get('deps');
    const ctx = actorOf(c);
    const body = c.req.valid('json');
    const { row, ops, cited } = await service.savedSearchForReport(deps, ctx, c.req.valid('param').id);
    // The case must be one the caller can open, and a retrieval request: a report answers one.
    const target = await getCase(deps, ctx, body.caseId);
    if (target.data.type !== 'retrieval') throw new AppError('VALIDATION', { messageKey: 'REPORT_CASE_TYPE', details: [{ path: 'caseId', message: '' }] });
    const pdf = await renderReport({ search: row, kind: ops.report, searcher: ctx.actor.displayName, date: shanghaiDate(deps.clock()), cited });
    const doc = await uploadCaseDocument(deps, ctx, body.caseId, {
      filename: `${ops.report.title}-${row.name}.pdf`,
      data: pdf,
      confidentiality: body.confidentiality,
      sharedWithEnterprise: body.sharedWithEnterprise && body.confidentiality !== 'trade_secret',
    });
    return c.json({ data: doc }, 201);
  });
  app.openapi(routes.results, async (c) => {
    const { ops, cited } = await service.savedSearchForReport(c.get('deps'), actorOf(c), c.req.valid('param').id);
    type Row = (typeof cited)[number];
    const notes: SheetColumn<Row>[] = [
      { header: ops.report.category, width: 12, value: (r) => (r.category ? (ops.report.cells?.[r.category] ?? ops.report.categories[r.category] ?? r.category) : '') },
      { header: '相关性说明', width: 40, value: (r) => r.note },
    ];
    const data = await recordsWorkbook(ops.report.cited, ops.sheet, cited, (r) => r.sheet, notes);
    return c.body(new Uint8Array(data), 200, { 'Content-Type': XLSX_TYPE, 'Content-Disposition': `attachment; filename="results.xlsx"` }) as never;
  });
  return app;
}
