import { OpenAPIHono } from '@hono/zod-openapi';
import { actorOf } from '../../http/auth';
import { defineRoute, idParam, json, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { pagingQuery } from '../../lib/paging';
import { recordsWorkbook } from '../patents/patents.export';
import { EXPORT_LIMIT, importUploadBody, jobView, readImportUpload, XLSX_TYPE } from '../patents/patents.routes';
import { TRADEMARK_SHEET, trademarkSheetValues } from './trademarks.export';
import { trademarkStatuses } from './trademarks.record';
import * as service from './trademarks.service';

const tag = ['trademarks'];
/** The parser counts characters and names the position past 500; this only bounds the request. */
const qParam = z.string().trim().min(1, 'validation.required').max(2000);
const NICE = 'validation.nice_class';
/** An empty `niceClass=` is no filter; anything else must be a class 1–45. */
const niceClassParam = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.coerce.number({ error: NICE }).int(NICE).min(1, NICE).max(45, NICE).optional(),
);

const item = z.object({
  id: z.string(),
  registrationNumber: z.string(),
  markName: z.string(),
  niceClasses: z.array(z.number().int()),
  applicants: z.array(z.string()),
  status: z.string().nullable().openapi({ description: trademarkStatuses.join(' | ') }),
  filingDate: z.string().nullable(),
  registrationDate: z.string().nullable(),
  expiryDate: z.string().nullable(),
  snippet: z.string().openapi({ description: 'HTML: matched text in <mark>…</mark>, everything else escaped' }),
});
const trademarkView = z.object({
  id: z.string(),
  registrationNumber: z.string(),
  markName: z.string(),
  niceClasses: z.array(z.number().int()),
  similarGroups: z.array(z.string()),
  goodsServices: z.string(),
  applicants: z.array(z.string()),
  filingDate: z.string().nullable(),
  registrationDate: z.string().nullable(),
  expiryDate: z.string().nullable(),
  status: z.string().nullable().openapi({ description: trademarkStatuses.join(' | ') }),
  version: z.number(),
  updatedAt: z.string(),
});

const SEARCH_HELP =
  'The patent search language on trademark records. Terms separated by spaces must all match. A run of Chinese characters matches ' +
  'as a substring of the mark name or goods/services (华为 finds 小华为); Latin words and numbers match whole tokens in any letter case; ' +
  'HUA* matches a prefix; a registration number (12345678, G1234567) finds that registration. "quoted text", a OR b (binds tighter than ' +
  'the implicit AND), -a or NOT a, (groups). Fields: tm: or mn: (mark name), gs: (goods/services), ap: (applicant), nc:9 (Nice class), ' +
  `status:registered (${trademarkStatuses.join(' ')}, or the Chinese status words such as 已注册). niceClass=1..45 filters by class. ` +
  'Relevance puts mark-name hits above goods/services-only hits; sort=date puts the newest filings first. At most 500 characters; a ' +
  'malformed query answers 400 VALIDATION with details[0].path = "q" naming the position.';

const routes = {
  search: defineRoute({
    method: 'get', path: '/api/trademarks/search', tags: tag, summary: 'Search trademark records', description: SEARCH_HELP,
    request: { query: z.object({ q: qParam, niceClass: niceClassParam, ...pagingQuery, sort: z.enum(['relevance', 'date']).default('relevance') }) },
    responses: { 200: json(z.object({ items: z.array(item), total: z.number().int(), totalIsEstimate: z.boolean(), page: z.number().int(), pageSize: z.number().int() })) },
  }),
  export: defineRoute({
    method: 'get', path: '/api/trademarks/export.xlsx', tags: tag, summary: 'The first 5,000 results of a search as .xlsx, in the order of the search page',
    request: { query: z.object({ q: qParam, niceClass: niceClassParam, sort: z.enum(['relevance', 'date']).default('relevance') }) },
    responses: { 200: { description: 'An .xlsx workbook', content: { [XLSX_TYPE]: { schema: z.any() } } } },
  }),
  import: defineRoute({
    method: 'post', path: '/api/trademarks/imports', tags: tag,
    summary: 'Import trademark records (multipart: file = .jsonl, .csv or .xlsx, at most 10 MB; lists ;-separated in CSV and .xlsx); answers the job to follow at /api/jobs/{id}',
    request: { body: importUploadBody },
    responses: { 202: json(z.object({ data: jobView }), 'Accepted: the import runs as a job; its result has the counts and the refused rows with their problems') },
  }),
  get: defineRoute({
    method: 'get', path: '/api/trademarks/{id}', tags: tag, summary: 'One trademark record', request: { params: idParam },
    responses: { 200: json(z.object({ data: trademarkView })) },
  }),
};

export function trademarkRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.search, async (c) => c.json(await service.searchTrademarks(c.get('deps'), c.get('ctx'), c.req.valid('query')), 200));
  app.openapi(routes.export, async (c) => {
    const { rows } = await service.trademarkRows(c.get('deps'), c.get('ctx').locale, c.req.valid('query'), EXPORT_LIMIT);
    const data = await recordsWorkbook('检索结果', TRADEMARK_SHEET, rows, trademarkSheetValues);
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': `attachment; filename="trademarks.xlsx"; filename*=UTF-8''${encodeURIComponent('商标检索结果.xlsx')}`,
    }) as never;
  });
  app.openapi(routes.import, async (c) => c.json(await service.startTrademarkImport(c.get('deps'), actorOf(c), await readImportUpload(c)), 202));
  app.openapi(routes.get, async (c) => c.json(await service.getTrademark(c.get('deps'), c.req.valid('param').id), 200));
  return app;
}
