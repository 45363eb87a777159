import { OpenAPIHono } from '@hono/zod-openapi';
import { CLUSTER_CODES_ANY } from '../../../../shared/src/clusters';
import { DISTRICT_CODES } from '../../../../shared/src/districts';
import { enterpriseFlags } from '../../db/schema';
import { AppError } from '../../errors';
import { actorOf } from '../../http/auth';
import { defineRoute, errorBody, json, z } from '../../http/route';
import type { AppEnv } from '../../http/types';
import { translate } from '../../i18n/messages';
import { sortParam } from '../../lib/paging';
import { XLSX_TYPE } from '../../lib/xlsx';
import { exportEnterprises, reportWorkbook, templateWorkbook } from './enterprises.export';
import { IMPORT_MODES, importReport, startImport, type ImportMode } from './enterprises.import';

/**
 * Spreadsheet import and export of the enterprise registry. Mount before enterpriseRoutes(): its
 * `/api/enterprises/{id}` would otherwise take `/api/enterprises/export`.
 */

const counts = z.object({ total: z.number(), valid: z.number(), invalid: z.number(), new: z.number(), joined: z.number(), unchanged: z.number() });
const reportLine = z.object({ row: z.number(), column: z.string(), value: z.string(), reason: z.string() });
const importResult = z.object({
  mode: z.enum(IMPORT_MODES),
  outcome: z.enum(['dry_run', 'imported', 'refused']),
  counts,
  report: z.array(reportLine),
  reportLines: z.number(),
  reportTruncated: z.boolean(),
  sha256: z.string(),
});
const xlsx = (description: string) => ({ description, content: { [XLSX_TYPE]: { schema: z.any() } } });
const tag = ['enterprises'];

const routes = {
  template: defineRoute({
    method: 'get', path: '/api/enterprises/import-template', tags: tag, summary: 'The import template (.xlsx, Chinese headers, with a sheet of district and cluster codes)',
    responses: { 200: xlsx('The template') },
  }),
  import: defineRoute({
    method: 'post', path: '/api/enterprises/imports', tags: tag,
    summary: 'Import enterprises from .xlsx or .csv (multipart: file, mode, workstationId). Up to 2,000 rows: 200 with the row report; more: 202 with a job to poll at /api/jobs/{id}',
    request: {
      body: {
        content: {
          'multipart/form-data': {
            schema: z.object({
              file: z.any(),
              mode: z.enum(IMPORT_MODES).default('dry_run'),
              workstationId: z.uuid({ message: 'validation.invalid_id' }).optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: json(z.object({ data: importResult }), 'Checked (dry_run) or imported'),
      202: json(z.object({ jobId: z.string() }), 'A large file: imported by a job'),
      400: json(errorBody.extend({ data: importResult.optional() }), 'VALIDATION: a bad file, or (mode all) rows refused, with the report in data'),
    },
  }),
  report: defineRoute({
    method: 'get', path: '/api/enterprises/imports/{jobId}/report', tags: tag, summary: 'The full row report of an import job (.xlsx)',
    request: { params: z.object({ jobId: z.uuid({ message: 'validation.invalid_id' }) }) },
    responses: { 200: xlsx('The report') },
  }),
  export: defineRoute({
    method: 'get', path: '/api/enterprises/export', tags: tag, summary: 'The enterprises the caller may see, with the filters of GET /api/enterprises (.xlsx)',
    request: {
      query: z.object({
        cluster: z.enum(CLUSTER_CODES_ANY).optional(),
        district: z.enum(DISTRICT_CODES).optional(),
        flag: z.enum(enterpriseFlags).optional(),
        workstationId: z.uuid().optional(),
        q: z.string().trim().max(100).optional(),
        sort: sortParam(['name', 'uscc', 'createdAt'] as const, 'name'),
      }),
    },
    responses: { 200: xlsx('The list') },
  }),
};

const attachment = (ascii: string, name: string) => ({
  'Content-Type': XLSX_TYPE,
  'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  'X-Content-Type-Options': 'nosniff',
});

export function enterpriseImportRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const today = (c: { get(k: 'deps'): AppEnv['Variables']['deps'] }) => new Date(c.get('deps').clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

  app.openapi(routes.template, async (c) => {
    actorOf(c);
    return c.body(new Uint8Array(await templateWorkbook()), 200, attachment('enterprise-import-template.xlsx', '企业导入模板.xlsx')) as never;
  });

  app.openapi(routes.import, async (c) => {
    const ctx = actorOf(c);
    const form = c.req.valid('form');
    const file = form.file;
    if (!(file instanceof File)) throw new AppError('VALIDATION', { messageKey: 'FILE_MISSING', details: [{ path: 'file', message: '' }] });
    const started = await startImport(c.get('deps'), ctx, {
      data: Buffer.from(await file.arrayBuffer()),
      filename: file.name || '',
      mode: (form.mode ?? 'dry_run') as ImportMode,
      workstationId: form.workstationId ?? null,
    });
    if ('jobId' in started) return c.json({ jobId: started.jobId }, 202);
    const data = started.result;
    if (data.outcome === 'refused') {
      const message = translate(ctx.locale, 'errors.IMPORT_HAS_ERRORS', { invalid: data.counts.invalid });
      const details = data.report.slice(0, 100).map((l) => ({ path: `rows.${l.row}.${l.column}`, message: l.reason }));
      return c.json({ error: { code: 'VALIDATION', message, details, requestId: c.get('requestId') ?? null }, data }, 400);
    }
    return c.json({ data }, 200);
  });

  app.openapi(routes.report, async (c) => {
    const ctx = actorOf(c);
    const { jobId } = c.req.valid('param');
    const lines = await importReport(c.get('deps'), ctx, jobId);
    return c.body(reportWorkbook(c.get('deps'), lines, ctx.locale), 200, attachment(`import-report-${jobId.slice(0, 8)}.xlsx`, `导入报告-${jobId.slice(0, 8)}.xlsx`)) as never;
  });

  app.openapi(routes.export, async (c) => {
    const ctx = actorOf(c);
    const stream = await exportEnterprises(c.get('deps'), ctx, c.req.valid('query'));
    return c.body(stream, 200, attachment(`enterprises-${today(c)}.xlsx`, `企业名单-${today(c)}.xlsx`)) as never;
  });

  return app;
}
