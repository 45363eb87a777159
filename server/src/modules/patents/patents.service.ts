import { Readable } from 'node:stream';
import type { AppDeps } from '../../deps';
import { AppError, notFound } from '../../errors';
import { translate, type Locale } from '../../i18n/messages';
import { presentRefusedRows, stoppedMessage } from '../../i18n/row-problems';
import { presentJob } from '../jobs/jobs.service';
import type { Actor, RequestContext } from '../../policy/actor';
import { authorize } from '../../policy/authorize';
import { parseQuery, patentDialect, QuerySyntaxError, type QueryDialect, type QueryNode } from '../../search/query-parser';
import { snippetOf } from '../../search/snippet';
import { importPatents, MAX_BAD_ROWS, type ImportResult } from './patents.import';
import { patentPolicy } from './patents.policy';
import { formatOf, ImportStopped, type ImportFormat } from './patents.readers';
import * as repo from './patents.repository';

type Ctx = RequestContext & { actor: Actor };
export const IMPORT_JOB = 'patents.import';

/**
 * Parses a query (patents, or the dialect given) or answers 400 VALIDATION with `q` and the
 * position of the problem, in the caller's language.
 */
export function parseOrReject(q: string, locale: Locale, path?: string): QueryNode;
export function parseOrReject<F extends string>(q: string, locale: Locale, path: string, dialect: QueryDialect<F>): QueryNode<F>;
export function parseOrReject(q: string, locale: Locale, path = 'q', dialect: QueryDialect<string> = patentDialect): QueryNode<string> {
  try {
    return parseQuery(q, dialect);
  } catch (e) {
    if (!(e instanceof QuerySyntaxError)) throw e;
    const message = translate(locale, e.messageKey, { ...e.params, position: e.position });
    throw new AppError('VALIDATION', { messageKey: 'SEARCH_QUERY', params: { position: e.position }, details: [{ path, message }] });
  }
}

export interface SearchInput {
  q: string;
  page: number;
  pageSize: number;
  sort: 'relevance' | 'date';
}

export async function searchPatents(deps: Pick<AppDeps, 'db'>, ctx: Pick<Ctx, 'locale'>, input: SearchInput) {
  const query = parseOrReject(input.q, ctx.locale);
  const { rows, total, totalIsEstimate } = await repo.search(deps.db, query, { sort: input.sort, limit: input.pageSize, offset: (input.page - 1) * input.pageSize });
  return {
    items: rows.map((r) => ({
      id: r.id,
      externalId: r.externalId,
      publicationNumber: r.publicationNumber,
      applicationNumber: r.applicationNumber,
      title: r.title,
      applicants: r.applicants,
      ipc: r.ipc,
      publicationDate: r.publicationDate,
      snippet: snippetOf(r, query),
    })),
    total,
    totalIsEstimate,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** Hit count of a query (saved searches keep it with each query string). */
export async function patentFacets(deps: Pick<AppDeps, 'db'>, ctx: Pick<Ctx, 'locale'>, input: { q: string }) {
  return repo.facets(deps.db, parseOrReject(input.q, ctx.locale));
}

export const presentPatent = (r: repo.PatentRow) => ({
  id: r.id,
  applicationNumber: r.applicationNumber,
  publicationNumber: r.publicationNumber,
  kindCode: r.kindCode,
  grantNumber: r.grantNumber,
  type: r.type,
  title: r.title,
  abstract: r.abstract,
  mainClaim: r.mainClaim,
  claims: r.claims,
  applicants: r.applicants,
  inventors: r.inventors,
  agency: r.agency,
  mainIpc: r.mainIpc,
  ipc: r.ipc,
  filingDate: r.filingDate,
  publicationDate: r.publicationDate,
  grantDate: r.grantDate,
  priority: r.priority.map((p) => ({ number: p.number, date: p.date ?? null, country: p.country ?? null })),
  legalStatus: r.legalStatus,
  externalId: r.externalId,
  publications: r.publications,
  version: r.version,
  updatedAt: r.updatedAt.toISOString(),
});

export async function getPatent(deps: Pick<AppDeps, 'db'>, id: string) {
  const row = await repo.findById(deps.db, id);
  if (!row) throw notFound();
  return { data: presentPatent(row) };
}

/** The records of the given ids, in that order (saved-search results, reports). */
export async function patentsByIds(deps: Pick<AppDeps, 'db'>, ids: string[]) {
  const rows = await repo.findByIds(deps.db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => !!r);
}

/** The matches of a query in order, at most `limit` (exports). */
export async function searchRows(deps: Pick<AppDeps, 'db'>, locale: Locale, q: string, sort: 'relevance' | 'date', limit: number) {
  const query = parseOrReject(q, locale);
  return repo.search(deps.db, query, { sort, limit, offset: 0 });
}

/**
 * An uploaded file is kept in storage and imported by the job runner, which reports progress
 * (bytes read of the file) and ends with the counts and the refused rows in the uploader's language.
 */
export async function startImport(deps: AppDeps, ctx: Ctx, input: { filename: string; data: Buffer; format?: ImportFormat }) {
  authorize(patentPolicy, ctx.actor, 'import', null);
  const format = input.format ?? formatOf(input.filename);
  if (!format) throw new AppError('VALIDATION', { messageKey: 'IMPORT_FORMAT', details: [{ path: 'file', message: '' }] });
  const storageKey = await deps.storage.put(input.data, 'patent-imports');
  const payload: ImportJobPayload = { storageKey, format, filename: input.filename, size: input.data.length, requestId: ctx.requestId, locale: ctx.locale };
  const job = await deps.jobs.enqueue(IMPORT_JOB, payload, { createdBy: ctx.actor.userId, maxAttempts: 1 });
  return { data: presentJob(job) };
}

interface ImportJobPayload {
  storageKey: string;
  format: ImportFormat;
  filename: string;
  size: number;
  requestId?: string | null;
  /** The uploader's language, for the progress line and the refused rows (jobs queued before it: zh-CN). */
  locale?: Locale;
}

export function registerPatentJobs(deps: AppDeps) {
  deps.jobs.register(IMPORT_JOB, async (job, helpers) => {
    const p = job.payload as ImportJobPayload;
    const locale = p.locale ?? 'zh-CN';
    const data = await deps.storage.get(p.storageKey);
    try {
      const result: ImportResult = await importPatents(deps, Readable.from([data]), p.format, {
        actorId: job.createdBy,
        requestId: p.requestId ?? null,
        onProgress: (c, bytes) => helpers.progress(bytes, p.size, translate(locale, 'patent.progress', { ...c })),
      });
      return { ...result, badRows: presentRefusedRows(result.badRows.slice(0, MAX_BAD_ROWS), locale) };
    } catch (err) {
      if (err instanceof ImportStopped) throw new Error(stoppedMessage(locale, err.line, translate(locale, 'patent.progress', { ...err.counts })), { cause: err });
      throw err;
    } finally {
      await deps.storage.remove(p.storageKey);
    }
  });
}
