import { shanghaiDate } from '../../calendar/working-days';
import type { AppDeps } from '../../deps';
import { safeCell, xlsxStream } from '../../lib/xlsx';
import type { Actor, RequestContext } from '../../policy/actor';
import { listCases } from './cases.service';

type Ctx = RequestContext & { actor: Actor };
type Query = Omit<Parameters<typeof listCases>[2], 'page' | 'pageSize'>;

const PAGE = 100;
const TYPE = { consultation: '法律咨询', retrieval: '信息检索', assistance: '维权援助', mediation: '纠纷调处', mgmt_standard: '管理规范' } as Record<string, string>;
const CHANNEL = { online: '线上', walk_in: '来访', phone: '电话', onsite_visit: '上门', campaign_event: '活动' } as Record<string, string>;
const STATUS = {
  submitted: '待受理', needs_info: '待补充材料', accepted: '已受理', assigned: '已分派', searching: '检索中', report_drafted: '报告待审核',
  reviewed: '报告已审核', answered: '已答复', delivered: '已交付', closed: '已结案', rejected: '不予受理', withdrawn: '已撤回',
} as Record<string, string>;
const DUE = { due: '未到期', due_soon: '即将到期', overdue: '已逾期' } as Record<string, string>;

/**
 * GET /api/cases/export: the cases GET /api/cases shows the caller (staff their workstation's, an
 * enterprise its own, assignees theirs), with the same filters and order, every page.
 */
export function casesWorkbook(deps: AppDeps, ctx: Ctx, q: Query) {
  return xlsxStream(deps.log, async (wb) => {
    const ws = wb.addWorksheet('案件列表', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      { header: '案件编号', key: 'caseNo', width: 18 },
      { header: '服务类型', key: 'type', width: 12 },
      { header: '状态', key: 'status', width: 12 },
      { header: '标题', key: 'title', width: 40 },
      { header: '分站', key: 'branch', width: 20 },
      { header: '服务方式', key: 'channel', width: 10 },
      { header: '办理期限', key: 'dueAt', width: 12 },
      { header: '期限状态', key: 'dueState', width: 10 },
      { header: '登记日期', key: 'createdAt', width: 12 },
    ];
    ws.getRow(1).font = { bold: true };
    for (let page = 1; ; page++) {
      const { items } = await listCases(deps, ctx, { ...q, page, pageSize: PAGE });
      for (const c of items) {
        ws.addRow({
          caseNo: c.caseNo,
          type: TYPE[c.type] ?? c.type,
          status: STATUS[c.status] ?? c.status,
          title: safeCell(c.title),
          branch: safeCell(c.branchName),
          channel: c.channel ? (CHANNEL[c.channel] ?? c.channel) : null,
          dueAt: c.dueAt ? shanghaiDate(new Date(c.dueAt)) : null,
          dueState: c.dueState ? (DUE[c.dueState] ?? c.dueState) : null,
          createdAt: shanghaiDate(new Date(c.createdAt)),
        }).commit();
      }
      if (items.length < PAGE) break;
    }
    ws.commit();
  });
}
