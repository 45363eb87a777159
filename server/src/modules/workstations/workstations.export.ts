import { DISTRICTS } from '../../../../shared/src/districts';
import type { AppDeps } from '../../deps';
import { safeCell, xlsxStream } from '../../lib/xlsx';
import type { Actor, RequestContext } from '../../policy/actor';
import { listWorkstations } from './workstations.service';

type Ctx = RequestContext & { actor: Actor };
type Query = Omit<Parameters<typeof listWorkstations>[2], 'page' | 'pageSize'>;

const PAGE = 100;
const STATE = {
  draft: '草稿', submitted: '已提交', formal_check: '形式审查中', needs_correction: '待补正', under_review: '审核中',
  active: '已备案', suspended: '已暂停', revoked: '已撤销', withdrawn: '已撤回',
} as Record<string, string>;
const DISTRICT_NAME = new Map<string, string>(DISTRICTS.map((d) => [d.code, d.name]));

/**
 * GET /api/workstations/export: the workstations GET /api/workstations shows the caller (the bureau,
 * districts and the alliance all; staff their own and a host admin its host's), with the same
 * filters and order, every page.
 */
export function workstationsWorkbook(deps: AppDeps, ctx: Ctx, q: Query) {
  return xlsxStream(deps.log, async (wb) => {
    const ws = wb.addWorksheet('工作站名单', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      { header: '工作站名称', key: 'name', width: 36 },
      { header: '备案状态', key: 'status', width: 12 },
      { header: '备案编号', key: 'filingNumber', width: 18 },
      { header: '备案日期', key: 'filingDate', width: 12 },
      { header: '依托单位', key: 'host', width: 32 },
      { header: '依托单位统一社会信用代码', key: 'hostUscc', width: 24 },
      { header: '服务区域', key: 'districts', width: 24 },
      { header: '产业集群', key: 'clusters', width: 20 },
      { header: '地址', key: 'address', width: 36 },
      { header: '联系电话', key: 'phone', width: 16 },
      { header: '联系邮箱', key: 'email', width: 24 },
      { header: '负责人', key: 'leader', width: 12 },
    ];
    ws.getRow(1).font = { bold: true };
    for (let page = 1; ; page++) {
      const { items } = await listWorkstations(deps, ctx, { ...q, page, pageSize: PAGE });
      for (const w of items) {
        ws.addRow({
          name: safeCell(w.name),
          status: STATE[w.filingStatus] ?? w.filingStatus,
          filingNumber: safeCell(w.filingNumber),
          filingDate: w.filingDate,
          host: safeCell(w.hostName),
          hostUscc: w.hostUscc,
          districts: w.districts.map((d) => DISTRICT_NAME.get(d) ?? d).join('; ') || null,
          clusters: w.clusters.join('; ') || null,
          address: safeCell(w.address),
          phone: safeCell(w.contactPhone),
          email: safeCell(w.contactEmail),
          leader: safeCell(w.leader.name),
        }).commit();
      }
      if (items.length < PAGE) break;
    }
    ws.commit();
  });
}
