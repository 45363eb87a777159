import { Readable } from 'node:stream';
import type { AppDeps } from '../../deps';
import { AppError, notFound } from '../../errors';
import { translate, type Locale } from '../../i18n/messages';
import type { Actor, RequestContext } from '../../policy/actor';
import { authorize } from '../../policy/authorize';
import { passageOf } from '../../search/snippet';
import { presentJob } from '../jobs/jobs.service';
import { formatOf, ImportStopped, type ImportFormat } from '../patents/patents.readers';
import { parseOrReject } from '../patents/patents.service';
import { presentRefusedRows, stoppedMessage } from '../../i18n/row-problems';
import { importTrademarks, type TrademarkImportCounts } from './trademarks.import';
import { trademarkPolicy } from './trademarks.policy';
import { trademarkDialect, type TrademarkQuery } from './trademarks.query';
import * as repo from './trademarks.repository';

type Ctx = RequestContext & { actor: Actor };
export const TRADEMARK_IMPORT_JOB = 'trademarks.import';

export interface TrademarkSearchInput {
  q: string;
  niceClass?: number;
  page: number;
  pageSize: number;
  sort: 'relevance' | 'date';
}

/** The goods/services passage around the first match, else the mark name with its match marked. */
const snippetOf = (r: repo.SearchRow, q: TrademarkQuery) =>
  passageOf(
    [
      [r.goodsServices, ['all', 'gs']],
      [r.markName, ['all', 'tm']],
    ],
    q,
  );

export async function searchTrademarks(deps: Pick<AppDeps, 'db'>, ctx: Pick<Ctx, 'locale'>, input: TrademarkSearchInput) {
  const query = parseOrReject(input.q, ctx.locale, 'q', trademarkDialect);
  const { rows, total, totalIsEstimate } = await repo.search(deps.db, query, {
    sort: input.sort,
    niceClass: input.niceClass,
    limit: input.pageSize,
    offset: (input.page - 1) * input.pageSize,
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      registrationNumber: r.registrationNumber,
      markName: r.markName,
      niceClasses: r.niceClasses,
      applicants: r.applicants,
      status: r.status,
      filingDate: r.filingDate,
      registrationDate: r.registrationDate,
      expiryDate: r.expiryDate,
      snippet: snippetOf(r, query),
    })),
    total,
    totalIsEstimate,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** The first `limit` matches of a search, in the order the search page shows them (the export). */
export async function trademarkRows(deps: Pick<AppDeps, 'db'>, locale: Locale, input: { q: string; niceClass?: number; sort: 'relevance' | 'date' }, limit: number) {
  const query = parseOrReject(input.q, locale, 'q', trademarkDialect);
  return repo.search(deps.db, query, { sort: input.sort, niceClass: input.niceClass, limit, offset: 0 });
}

export const presentTrademark = (r: repo.TrademarkRow) => ({
  id: r.id,
  registrationNumber: r.registrationNumber,
  markName: r.markName,
  niceClasses: r.niceClasses,
  similarGroups: r.similarGroups,
  goodsServices: r.goodsServices,
  applicants: r.applicants,
  filingDate: r.filingDate,
  registrationDate: r.registrationDate,
  expiryDate: r.expiryDate,
  status: r.status,
  version: r.version,
  updatedAt: r.updatedAt.toISOString(),
});

export async function getTrademark(deps: Pick<AppDeps, 'db'>, id: string) {
  const row = await repo.findById(deps.db, id);
  if (!row) throw notFound();
  return { data: presentTrademark(row) };
}

/**
 * An uploaded file is kept in storage and imported by the job runner, which reports progress
 * (bytes read of the file) and ends with the counts and the refused rows in the uploader's language.
 */
export async function startTrademarkImport(deps: AppDeps, ctx: Ctx, input: { filename: string; data: Buffer; format?: ImportFormat }) {
  authorize(trademarkPolicy, ctx.actor, 'import', null);
  const format = input.format ?? formatOf(input.filename);
  if (!format) throw new AppError('VALIDATION', { messageKey: 'IMPORT_FORMAT', details: [{ path: 'file', message: '' }] });
  const storageKey = await deps.storage.put(input.data, 'trademark-imports');
  const payload: ImportJobPayload = { storageKey, format, filename: input.filename, size: input.data.length, requestId: ctx.requestId, locale: ctx.locale };
  // One attempt: a rerun would count the first attempt's rows as unchanged.
  const job = await deps.jobs.enqueue(TRADEMARK_IMPORT_JOB, payload, { createdBy: ctx.actor.userId, maxAttempts: 1 });
  return { data: presentJob(job) };
}

interface ImportJobPayload {
  storageKey: string;
  format: ImportFormat;
  filename: string;
  size: number;
  requestId?: string | null;
  locale: Locale;
}

const progressMessage = (locale: Locale, c: TrademarkImportCounts) => translate(locale, 'trademark.progress', { ...c });

/** The import job's handler, for every process that runs jobs (boot registers it). */
export function registerTrademarkJobs(deps: AppDeps) {
  deps.jobs.register(TRADEMARK_IMPORT_JOB, async (job, helpers) => {
    const p = job.payload as ImportJobPayload;
    const data = await deps.storage.get(p.storageKey);
    try {
      const result = await importTrademarks(deps, Readable.from([data]), p.format, {
        actorId: job.createdBy,
        requestId: p.requestId ?? null,
        onProgress: (c, bytes) => helpers.progress(bytes, p.size, progressMessage(p.locale, c)),
      });
      return {
        counts: result.counts,
        rejectedRows: presentRefusedRows(result.rejectedRows, p.locale),
        rejectedRowsTruncated: result.counts.rejected > result.rejectedRows.length,
        batchId: result.batchId,
        sha256: result.sha256,
        ignoredColumns: result.ignoredColumns,
        alerts: result.alerts,
      };
    } catch (err) {
      if (err instanceof ImportStopped) throw new Error(stoppedMessage(p.locale, err.line, translate(p.locale, 'trademark.progress', { ...err.counts })), { cause: err });
      throw err;
    } finally {
      await deps.storage.remove(p.storageKey);
    }
  });
}
