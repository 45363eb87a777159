import ExcelJS from 'exceljs';
import { CLUSTER_VERSION_CURRENT, CLUSTER_VERSIONS } from '../../../../shared/src/clusters';
import { DISTRICTS } from '../../../../shared/src/districts';
import type { DbOrTx } from '../../db/client';
import type { AppDeps } from '../../deps';
import { translate, type Locale } from '../../i18n/messages';
import { parseSort } from '../../lib/paging';
import { safeCell, xlsxStream } from '../../lib/xlsx';
import type { Actor, RequestContext } from '../../policy/actor';
import * as repo from './enterprises.repository';
import { visibleContacts } from './enterprises.service';
import { enterpriseScope } from './enterprises.policy';
import { IMPORT_COLUMNS, presentLine, type ReportLine } from './enterprises.import';

/**
 * Spreadsheets of the registry: the import template, the scoped list with the list's filters, and
 * an import's row report. Large ones are streamed: rows are read a page at a time and written as
 * the zip is produced, so an export of 100,000 enterprises holds one page in memory.
 */

const PAGE = 1_000;
const JOINED_HEADER = '加入工作站日期';

const header = (ws: ExcelJS.Worksheet, columns: { header: string; key: string; width: number }[]) => {
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
};

// ---------------------------------------------------------------------------------------------
// Template

const NOTES: Partial<Record<string, string>> = {
  统一社会信用代码: '18 位，必填；同一代码在文件中只能出现一次',
  企业名称: '必填',
  所属区: '区划代码（如 440305）或区名（如 南山区）；不填则按信用代码第 3–8 位判断',
  产业集群: '集群代码，多个用 ; 分隔，如 C13;C04（见“填写说明”）',
  联系人同意用途: '填写联系人时必填：联系人同意其信息被保存的用途，如“维权援助服务联络”',
};

export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  header(ws, IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width })));
  IMPORT_COLUMNS.forEach((c, i) => {
    const note = NOTES[c.header];
    if (note) ws.getRow(1).getCell(i + 1).note = note;
    // Codes and phone numbers stay text, so Excel keeps their digits.
    if (c.key === 'uscc' || c.key === 'contactPhone' || c.key === 'district' || c.key === 'clusters') ws.getColumn(i + 1).numFmt = '@';
  });
  const flagColumns = IMPORT_COLUMNS.map((c, i) => ({ c, letter: String.fromCharCode(65 + i) })).filter(({ c }) => ['high_tech', 'specialized', 'above_scale'].includes(c.key));
  for (const { letter } of flagColumns) {
    for (let r = 2; r <= 2001; r++) ws.getCell(`${letter}${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'] };
  }

  const help = wb.addWorksheet('填写说明');
  help.columns = [{ width: 18 }, { width: 28 }, { width: 16 }];
  const lines: (string | null)[][] = [
    ['填写说明'],
    ['一行一家企业；第一行为表头，请勿修改。不要使用公式；含宏的文件（.xlsm）不予导入。'],
    ['已登记的统一社会信用代码不会被修改：工作站导入时加入本站会员，重复导入不产生变化。'],
    ['高新技术企业、专精特新、规上企业：填“是”或“否”，不填视为“否”。'],
    [],
    ['所属区代码', '名称'],
    ...DISTRICTS.map((d) => [d.code, d.name]),
    [],
    ['产业集群代码', '名称', '类别'],
    ...CLUSTER_VERSIONS[CLUSTER_VERSION_CURRENT].map((c) => [c.code, c.name, c.kind === 'cluster' ? '产业集群' : '未来产业']),
  ];
  for (const l of lines) help.addRow(l);
  help.getRow(1).font = { bold: true, size: 14 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// Export of the scoped list

const DISTRICT_NAME = new Map<string, string>(DISTRICTS.map((d) => [d.code, d.name]));
const yesNo = (flags: string[], flag: string) => (flags.includes(flag) ? '是' : '否');

async function scopeFilter(db: DbOrTx, actor: Actor): Promise<repo.EnterpriseFilter> {
  const s = enterpriseScope(actor);
  if ('all' in s) return {};
  if ('memberOf' in s) return { memberOf: s.memberOf };
  if ('ids' in s) return { ids: s.ids };
  if ('districtOrgIds' in s) return { districtScope: await repo.districtOf(db, s.districtOrgIds) };
  return { ids: [] };
}

export interface ExportQuery {
  cluster?: string;
  district?: string;
  flag?: string;
  q?: string;
  workstationId?: string;
  sort: string;
}

/**
 * GET /api/enterprises/export: what GET /api/enterprises shows the caller with the same filters and
 * order, every page of it. 加入工作站日期 is the date the enterprise joined the caller's workstation
 * (or the filtered one); for the bureau, its first membership.
 */
export async function exportEnterprises(deps: AppDeps, ctx: RequestContext & { actor: Actor }, q: ExportQuery): Promise<ReadableStream> {
  const scope = await scopeFilter(deps.db, ctx.actor);
  const filter: repo.EnterpriseFilter = { ...scope, cluster: q.cluster, district: q.district, flag: q.flag, q: q.q, workstationId: q.workstationId };
  const joinedIn = q.workstationId ? [q.workstationId] : (scope.memberOf ?? null);
  const sort = parseSort(q.sort);
  // The first page is read before the answer starts: a query the database refuses is then an error
  // answer, not a 200 whose file breaks off.
  const first = await repo.exportPage(deps.db, filter, sort, null, PAGE, joinedIn);
  return xlsxStream(deps.log, async (wb) => {
    const ws = wb.addWorksheet('企业名单', { views: [{ state: 'frozen', ySplit: 1 }] });
    header(ws, [...IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width })), { header: JOINED_HEADER, key: 'joinedOn', width: 16 }]);
    let after: { cursor: string; id: string } | null = null;
    for (;;) {
      const page: typeof first = after ? await repo.exportPage(deps.db, filter, sort, after, PAGE, joinedIn) : first;
      for (const e of page) {
        const contact = visibleContacts(ctx.actor, e.id, e.contacts)[0];
        ws.addRow([
          e.uscc,
          e.name,
          e.districtCode ? (DISTRICT_NAME.get(e.districtCode) ?? e.districtCode) : null,
          e.clusters.join(';'),
          yesNo(e.flags, 'high_tech'),
          yesNo(e.flags, 'specialized'),
          yesNo(e.flags, 'above_scale'),
          contact?.name,
          contact?.phone,
          contact?.consent.purpose,
          e.joinedOn,
        ].map(safeCell)).commit();
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1];
      after = { cursor: last.cursor, id: last.id };
    }
    ws.commit();
  });
}

// ---------------------------------------------------------------------------------------------
// Import report

export function reportWorkbook(deps: AppDeps, lines: ReportLine[], locale: Locale): ReadableStream {
  return xlsxStream(deps.log, async (wb) => {
    const ws = wb.addWorksheet('report', { views: [{ state: 'frozen', ySplit: 1 }] });
    header(ws, [
      { header: translate(locale, 'import.report.row'), key: 'row', width: 8 },
      { header: translate(locale, 'import.report.column'), key: 'column', width: 18 },
      { header: translate(locale, 'import.report.value'), key: 'value', width: 30 },
      { header: translate(locale, 'import.report.reason'), key: 'reason', width: 50 },
    ]);
    for (const l of lines) {
      const p = presentLine(l, locale);
      ws.addRow([p.row, safeCell(p.column), safeCell(p.value), safeCell(p.reason)]).commit();
    }
    ws.commit();
  });
}
