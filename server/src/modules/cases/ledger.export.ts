import type { AppDeps } from '../../deps';
import { shanghaiDate } from '../../calendar/working-days';
import { outcomeLabel } from '../../../../shared/src/case-outcomes';
import { safeCell, xlsxStream } from '../../lib/xlsx';
import type { Actor, RequestContext } from '../../policy/actor';
import { listLedger } from './cases.service';

type Ctx = RequestContext & { actor: Actor };
type Query = Parameters<typeof listLedger>[2];

const PAGE = 1_000;

const SERVICE = { consultation: '法律咨询', retrieval: '信息检索', assistance: '维权援助', mediation: '纠纷调处', mgmt_standard: '管理规范' } as Record<string, string>;
const SECRECY = { public: '公开', internal: '内部', confidential: '保密', trade_secret: '商业秘密' } as Record<string, string>;
const CHANNEL = { online: '线上', walk_in: '来访', phone: '电话', onsite_visit: '上门', campaign_event: '活动' } as Record<string, string>;

/** The ledger as workstations keep it (服务台账), with the list's filters, a page of rows at a time. */
export function ledgerWorkbook(deps: AppDeps, ctx: Ctx, q: Omit<Query, 'page' | 'pageSize'>) {
  return xlsxStream(deps.log, async (wb) => {
    const ws = wb.addWorksheet('服务台账');
    ws.columns = [
      { header: '序号', key: 'n', width: 8 },
      { header: '服务日期', key: 'date', width: 12 },
      { header: '案件编号', key: 'caseNo', width: 18 },
      { header: '工作站', key: 'ws', width: 36 },
      { header: '分站', key: 'branch', width: 20 },
      { header: '服务对象', key: 'ent', width: 32 },
      { header: '统一社会信用代码', key: 'uscc', width: 22 },
      { header: '服务类型', key: 'type', width: 12 },
      { header: '服务方式', key: 'channel', width: 10 },
      { header: '知识产权类型', key: 'ip', width: 14 },
      { header: '相关权利号', key: 'rights', width: 24 },
      { header: '所属区', key: 'district', width: 10 },
      { header: '产业集群', key: 'clusters', width: 12 },
      { header: '承办人', key: 'handlers', width: 18 },
      { header: '办理结果', key: 'outcome', width: 12 },
      { header: '满意度', key: 'sat', width: 8 },
      { header: '密级', key: 'secrecy', width: 10 },
    ];
    ws.getRow(1).font = { bold: true };
    let n = 0;
    // The rows after the last one written (keyset), PAGE at a time, without a total.
    let after: { deliveredAt: string; id: string } | undefined;
    for (;;) {
      const { items } = await listLedger(deps, ctx, { ...q, page: 1, pageSize: PAGE }, { after, count: false });
      for (const r of items) {
        ws.addRow({
          n: ++n,
          date: shanghaiDate(new Date(r.deliveredAt)),
          caseNo: r.caseNo,
          ws: safeCell(r.workstationName),
          branch: safeCell(r.branchName),
          ent: safeCell(r.enterpriseName),
          uscc: r.uscc,
          type: SERVICE[r.serviceType] ?? r.serviceType,
          channel: CHANNEL[r.channel] ?? r.channel,
          ip: r.ipType,
          rights: safeCell(r.rightNumbers.join('; ')),
          district: r.districtCode,
          clusters: r.clusters.join('; '),
          handlers: safeCell(r.handlers.join('、')),
          outcome: safeCell(outcomeLabel(r.outcome)),
          sat: r.satisfaction,
          secrecy: SECRECY[r.confidentiality] ?? r.confidentiality,
        }).commit();
      }
      if (items.length < PAGE) break;
      const last = items[items.length - 1];
      after = { deliveredAt: last.deliveredAt, id: last.id };
    }
    ws.commit();
  });
}
