import type { AppDeps } from '../../deps';
import { safeCell, xlsxStream } from '../../lib/xlsx';
import type { Actor, RequestContext } from '../../policy/actor';
import { listProfessionals } from './professionals.service';

type Ctx = RequestContext & { actor: Actor };
type Query = Omit<Parameters<typeof listProfessionals>[2], 'page' | 'pageSize'>;

const PAGE = 100;
const KIND = { agency: '服务机构', expert: '专家', mediator: '调解员' } as Record<string, string>;
const AGENCY_TYPE = { law_firm: '律师事务所', patent_agency: '专利代理机构', appraisal: '鉴定机构', university: '高校', other: '其他' } as Record<string, string>;
const yes = (value: boolean | undefined) => (value === undefined ? null : value ? '是' : '否');

/**
 * GET /api/professionals/export: the pool as GET /api/professionals shows it to the caller, with the
 * same filters, every page. Conflict declarations appear only where the caller may see them (the
 * bureau; a professional their own), exactly as in the list.
 */
export function professionalsWorkbook(deps: AppDeps, ctx: Ctx, q: Query) {
  return xlsxStream(deps.log, async (wb) => {
    const ws = wb.addWorksheet('专业服务机构与专家', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      { header: '名称', key: 'name', width: 30 },
      { header: '类别', key: 'kind', width: 10 },
      { header: '所属机构', key: 'org', width: 30 },
      { header: '机构类型', key: 'agencyType', width: 14 },
      { header: '执业许可证号', key: 'licence', width: 20 },
      { header: '知识产权类型', key: 'ipTypes', width: 30 },
      { header: 'IPC 部', key: 'ipc', width: 10 },
      { header: '行业', key: 'industries', width: 24 },
      { header: '境外法域', key: 'jurisdictions', width: 14 },
      { header: '语言', key: 'languages', width: 12 },
      { header: '已签署保密协议', key: 'nda', width: 14 },
      { header: '可接受指派', key: 'available', width: 12 },
      { header: '利益冲突声明', key: 'conflicts', width: 40 },
    ];
    ws.getRow(1).font = { bold: true };
    for (let page = 1; ; page++) {
      const { items } = await listProfessionals(deps, ctx, { ...q, page, pageSize: PAGE });
      for (const r of items) {
        const p = r.profile;
        const kind = r.subjectType === 'agency' ? 'agency' : r.roles.includes('mediator') ? 'mediator' : 'expert';
        ws.addRow({
          name: safeCell(r.name),
          kind: KIND[kind],
          org: safeCell(r.organizationName),
          agencyType: p?.agencyType ? (AGENCY_TYPE[p.agencyType] ?? p.agencyType) : null,
          licence: safeCell(p?.licenceNumber),
          ipTypes: p?.ipTypes.join('; ') || null,
          ipc: p?.ipcSections.join('; ') || null,
          industries: safeCell(p?.industries.join('; ')),
          jurisdictions: p?.jurisdictions.join('; ') || null,
          languages: p?.languages.join('; ') || null,
          nda: yes(p?.ndaOnFile),
          // No profile filed: the list treats the professional as available.
          available: yes(p ? p.available : true),
          conflicts: p?.conflictUsccs?.join('; ') || null,
        }).commit();
      }
      if (items.length < PAGE) break;
    }
    ws.commit();
  });
}
