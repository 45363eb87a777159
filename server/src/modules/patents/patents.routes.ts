import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../errors';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pagingQuery } from '../../lib/paging';
import { legalStatuses, patentTypes } from '../../search/query-parser';
import { PATENT_SHEET, patentSheetValues, recordsWorkbook } from './patents.export';
import type { ImportFormat } from './patents.readers';
import * as service from './patents.service';

const tag = ['patents'];
/** The parser counts characters and names the position past 500; this only bounds the request. */
const qParam = z.string().trim().min(1, 'validation.required').max(2000);
const sortParam = z.enum(['relevance', 'date']).default('relevance');

const item = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  publicationNumber: z.string().nullable(),
  applicationNumber: z.string().nullable(),
  title: z.string(),
  applicants: z.array(z.string()),
  ipc: z.array(z.string()),
  publicationDate: z.string().nullable(),
  snippet: z.string().openapi({ description: 'HTML: matched text in <mark>…</mark>, everything else escaped' }),
});
const bucket = z.object({ value: z.string(), count: z.number().int() });
const patentView = z.object({
  id: z.string(),
  applicationNumber: z.string().nullable(),
  publicationNumber: z.string().nullable(),
  kindCode: z.string().nullable(),
  grantNumber: z.string().nullable(),
  type: z.enum(patentTypes).nullable(),
  title: z.string(),
  abstract: z.string(),
  mainClaim: z.string(),
  claims: z.string(),
  applicants: z.array(z.string()),
  inventors: z.array(z.string()),
  agency: z.string().nullable(),
  mainIpc: z.string().nullable(),
  ipc: z.array(z.string()),
  filingDate: z.string().nullable(),
  publicationDate: z.string().nullable(),
  grantDate: z.string().nullable(),
  priority: z.array(z.object({ number: z.string(), date: z.string().nullable(), country: z.string().nullable() })),
  legalStatus: z.string().nullable().openapi({ description: legalStatuses.join(' | ') }),
  externalId: z.string().nullable(),
  publications: z.array(z.object({ number: z.string(), kind: z.string().nullable(), date: z.string().nullable() })),
  version: z.number(),
  updatedAt: z.string(),
});
export const jobView = z.object({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  progress: z.number(),
  progressTotal: z.number().nullable(),
  progressMessage: z.string().nullable(),
  attempts: z.number(),
  result: z.unknown(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The body of an import upload (multipart: `file`, optional `format`), shared by the record imports. */
export const importUploadBody = { content: { 'multipart/form-data': { schema: z.object({ file: z.any(), format: z.enum(['jsonl', 'csv', 'xlsx']).optional() }) } } };

const SEARCH_HELP =
  'Terms separated by spaces must all match. A run of Chinese characters matches as a substring of title, abstract or claims ' +
  '(电池 finds 锂电池); Latin words and numbers match whole tokens in any letter case (5G, OLED), full-width forms as half-width (５Ｇ = 5G); H01M* matches a prefix; ' +
  'CN113914863A or 201710117081.7 match the number fields in any usual spelling. "quoted text", a OR b (binds tighter than the ' +
  'implicit AND), -a or NOT a, (groups). Fields: ti: ab: cl: ap: in: ipc:H01M pd:2020..2023 type:invention status:granted_valid. ' +
  'At most 500 characters; a malformed query answers 400 VALIDATION with details[0].path = "q" naming the position.';

const routes = {
  search: defineRoute({
    method: 'get', path: '/api/patents/search', tags: tag, summary: 'Search patent records', description: SEARCH_HELP,
    request: { query: z.object({ q: qParam, ...pagingQuery, sort: sortParam }) },
    responses: { 200: json(z.object({ items: z.array(item), total: z.number().int(), totalIsEstimate: z.boolean(), page: z.number().int(), pageSize: z.number().int() })) },
  }),
  facets: defineRoute({
    method: 'get', path: '/api/patents/facets', tags: tag, summary: 'Facets of a search: IPC sections and subclasses, top applicants, publication years',
    request: { query: z.object({ q: qParam }) },
    responses: { 200: json(z.object({ sampled: z.boolean(), sections: z.array(bucket), subclasses: z.array(bucket), applicants: z.array(bucket), years: z.array(bucket) })) },
  }),
  export: defineRoute({
    method: 'get', path: '/api/patents/export.xlsx', tags: tag, summary: 'The first 5,000 results of a search as .xlsx',
    request: { query: z.object({ q: qParam, sort: sortParam }) },
    responses: { 200: { description: 'An .xlsx workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.any() } } } },
  }),
  import: defineRoute({
    method: 'post', path: '/api/patents/imports', tags: tag,
    summary: 'Import patent records (multipart: file = .jsonl, .csv or .xlsx, at most 10 MB); answers the job to follow at /api/jobs/{id}',
    request: { body: importUploadBody },
    responses: { 202: json(z.object({ data: jobView }), 'Accepted: the import runs as a job') },
  }),
  get: defineRoute({
    method: 'get', path: '/api/patents/{id}', tags: tag, summary: 'One patent record', request: { params: idParam },
    responses: { 200: json(z.object({ data: patentView })) },
  }),
};

/** Reads an import upload: the file (400 naming `file` when there is none) and the format, when given. */
export async function readImportUpload(c: Context<AppEnv>): Promise<{ filename: string; data: Buffer; format?: ImportFormat }> {
  const missing = () => new AppError('VALIDATION', { messageKey: 'FILE_MISSING', details: [{ path: 'file', message: '' }] });
  const form = await c.req.parseBody().catch(() => {
    throw missing();
  });
  const file = form.file;
  if (!(file instanceof File)) throw missing();
  const format = typeof form.format === 'string' && ['jsonl', 'csv', 'xlsx'].includes(form.format) ? (form.format as ImportFormat) : undefined;
  return { filename: file.name || 'upload', data: Buffer.from(await file.arrayBuffer()), format };
}

export const EXPORT_LIMIT = 5000;
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function patentRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.search, async (c) => c.json(await service.searchPatents(c.get('deps'), c.get('ctx'), c.req.valid('query')), 200));
  app.openapi(routes.facets, async (c) => c.json(await service.patentFacets(c.get('deps'), c.get('ctx'), c.req.valid('query')), 200));
  app.openapi(routes.export, async (c) => {
    const q = c.req.valid('query');
    const { rows } = await service.searchRows(c.get('deps'), c.get('ctx').locale, q.q, q.sort, EXPORT_LIMIT);
    const data = await recordsWorkbook('检索结果', PATENT_SHEET, rows, patentSheetValues);
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': `attachment; filename="patents.xlsx"; filename*=UTF-8''${encodeURIComponent('检索结果.xlsx')}`,
    }) as never;
  });
  app.openapi(routes.import, async (c) => c.json(await service.startImport(c.get('deps'), actorOf(c), await readImportUpload(c)), 202));
  app.openapi(routes.get, async (c) => c.json(await service.getPatent(c.get('deps'), c.req.valid('param').id), 200));
  return app;
}
