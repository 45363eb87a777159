import type { AppDeps } from '../../deps';
import type { DbOrTx } from '../../db/client';
import type { Locale } from '../../i18n/messages';
import type { QueryNode } from '../../search/query-parser';
import { trademarkDialect, type TrademarkQuery } from '../trademarks/trademarks.query';
import { statusLabel, TRADEMARK_SHEET, trademarkSheetValues } from '../trademarks/trademarks.export';
import * as trademarkRepo from '../trademarks/trademarks.repository';
import { PATENT_SHEET, patentSheetValues, type RecordSheet } from './patents.export';
import * as patentRepo from './patents.repository';
import { parseOrReject, patentsByIds } from './patents.service';

/**
 * What a saved search needs of the records it searches, per kind: patents, or trademarks with a
 * Nice-class filter. One saved-search service (saved-searches.service.ts) keeps both; only this
 * table says how a kind's query is read and counted, which records a watch finds after an import,
 * and how a chosen record is shown, cited in the report and exported.
 */

export const SEARCH_KINDS = ['patent', 'trademark'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
/** Every judgement a chosen record may carry, of either kind (each kind allows its own: `report.categories`). */
export const CATEGORIES = ['X', 'Y', 'A', 'same', 'similar'] as const;
export type Category = (typeof CATEGORIES)[number];

/** A chosen record as the saved search shows it (the API's result item, beside category and note). */
export type Presented =
  | { patentId: string; publicationNumber: string | null; applicationNumber: string | null; title: string; applicants: string[]; publicationDate: string | null }
  | {
      trademarkId: string;
      registrationNumber: string;
      title: string;
      markName: string;
      niceClasses: number[];
      applicants: string[];
      filingDate: string | null;
      status: string | null;
    };

/** A cited record in the report: its heading line and its facts. */
export interface Citation {
  heading: string;
  facts: string[];
}

export interface KindOps {
  /** The results' and alerts' column naming the record. */
  column: 'patentId' | 'trademarkId';
  /**
   * The report's title and the headings that differ by kind; `categories`: the judgements a cited
   * record may carry (patents: X / Y / A; trademarks: the same or a similar mark), with the words the
   * report gives them, under `category`; `cells`: the results sheet's words, where they are shorter.
   */
  report: { title: string; subject: string; cited: string; category: string; categories: Record<string, string>; cells?: Record<string, string> };
  /** The chosen results' sheet (results.xlsx): its columns by the keys of `byIds`' `sheet`. */
  sheet: RecordSheet;
  databases: string[];
  /** The query parsed, or 400 VALIDATION naming `path` and the position. */
  parse(q: string, locale: Locale, path: string): QueryNode<string>;
  count(deps: Pick<AppDeps, 'db'>, q: QueryNode<string>, niceClass: number | null): Promise<number>;
  /** The records that exist among `ids`, in the order given, presented; with their citation for the report and export. */
  byIds(db: DbOrTx, ids: string[]): Promise<{ id: string; presented: Presented; citation: Citation; sheet: Record<string, string>; line: string }[]>;
  /** The records one import run created or changed that match (a watch's new hits), newest first. */
  matchingInBatch(db: DbOrTx, q: QueryNode<string>, batchId: string, niceClass: number | null): Promise<string[]>;
}

const inOrder = <T extends { id: string }>(ids: string[], rows: T[]) => {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is T => !!r);
};

const patentOps: KindOps = {
  column: 'patentId',
  report: {
    title: '专利检索报告',
    subject: '技术方案',
    cited: '对比文件',
    category: '相关性类别',
    categories: { X: 'X（单独影响新颖性或创造性）', Y: 'Y（与其他文件结合影响创造性）', A: 'A（背景技术）' },
    cells: { X: 'X', Y: 'Y', A: 'A' },
  },
  sheet: PATENT_SHEET,
  databases: ['ipstation 专利数据库（中国专利）'],
  parse: (q, locale, path) => parseOrReject(q, locale, path),
  count: async (deps, q) => (await patentRepo.search(deps.db, q as QueryNode, { sort: 'date', limit: 1, offset: 0 })).total,
  async byIds(db, ids) {
    return (await patentsByIds({ db }, ids)).map((p) => ({
      id: p.id,
      presented: {
        patentId: p.id,
        publicationNumber: p.publicationNumber ?? null,
        applicationNumber: p.applicationNumber ?? null,
        title: p.title,
        applicants: p.applicants,
        publicationDate: p.publicationDate ?? null,
      },
      line: `${p.publicationNumber ?? p.applicationNumber ?? p.externalId ?? ''} ${p.title}`.trim(),
      citation: {
        heading: `${p.publicationNumber ?? p.applicationNumber ?? p.externalId ?? ''}  ${p.title}`,
        facts: [
          p.applicationNumber ? `申请号 ${p.applicationNumber}` : null,
          p.publicationDate ? `公开日 ${p.publicationDate}` : null,
          p.applicants.length ? `申请人 ${p.applicants.join('、')}` : null,
          p.mainIpc ? `主分类号 ${p.mainIpc}` : null,
        ].filter((f): f is string => !!f),
      },
      sheet: patentSheetValues(p),
    }));
  },
  matchingInBatch: (db, q, batchId) => patentRepo.matchingIds(db, q as QueryNode, patentRepo.inBatch(batchId)),
};

const trademarkOps: KindOps = {
  column: 'trademarkId',
  report: {
    title: '商标检索报告',
    subject: '检索商标及指定商品/服务',
    cited: '在先商标',
    category: '近似判断',
    categories: { same: '相同商标', similar: '近似商标' },
  },
  sheet: TRADEMARK_SHEET,
  databases: ['ipstation 商标数据库（中国商标）'],
  parse: (q, locale, path) => parseOrReject(q, locale, path, trademarkDialect),
  count: async (deps, q, niceClass) => (await trademarkRepo.search(deps.db, q as TrademarkQuery, { sort: 'date', limit: 1, offset: 0, niceClass: niceClass ?? undefined })).total,
  async byIds(db, ids) {
    return inOrder(ids, await trademarkRepo.findByIds(db, ids)).map((m) => ({
      id: m.id,
      presented: {
        trademarkId: m.id,
        registrationNumber: m.registrationNumber,
        title: m.markName,
        markName: m.markName,
        niceClasses: m.niceClasses,
        applicants: m.applicants,
        filingDate: m.filingDate ?? null,
        status: m.status ?? null,
      },
      line: `${m.registrationNumber} ${m.markName}`,
      citation: {
        heading: `${m.registrationNumber}  ${m.markName}`,
        facts: [
          m.niceClasses.length ? `国际分类 ${m.niceClasses.map((n) => `第 ${n} 类`).join('、')}` : null,
          m.applicants.length ? `申请人 ${m.applicants.join('、')}` : null,
          m.filingDate ? `申请日 ${m.filingDate}` : null,
          m.registrationDate ? `注册日 ${m.registrationDate}` : null,
          m.status ? `商标状态 ${statusLabel(m.status)}` : null,
          m.goodsServices ? `商品/服务 ${m.goodsServices}` : null,
        ].filter((f): f is string => !!f),
      },
      sheet: trademarkSheetValues(m),
    }));
  },
  matchingInBatch: (db, q, batchId, niceClass) => trademarkRepo.matchingInBatch(db, q as TrademarkQuery, batchId, niceClass),
};

export const KINDS: Record<SearchKind, KindOps> = { patent: patentOps, trademark: trademarkOps };
