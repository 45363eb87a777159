import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { outcomeCodesOf } from '../../../shared/src/case-outcomes';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { shanghaiDate } from '../calendar/working-days';
import type { DbOrTx } from '../db/client';
import { caseAssignments, caseMessages, caseParties, cases, serviceRecords, workflowEvents } from '../db/schema';
import { USCC_ALPHABET, usccCheckChar } from '../lib/uscc';
import { nextClock, type Clock } from '../modules/cases/case-clock';
import { CASE_TYPES } from '../modules/cases/types';
import { applicationCheckChar } from '../modules/patents/patents.numbers';
import type { prng } from './network';

/**
 * Five years of cases and of the service ledger (服务台账) for the seeded network.
 *
 * Cases are consultations and retrievals of the network's member enterprises, each walked along its
 * type's workflow with plausible gaps between the steps: old cases are closed (some rejected or
 * withdrawn, some answered or delivered and never formally closed), recent ones are where their
 * steps have got to by now, with their clocks and due dates replayed by the same `nextClock` the
 * service uses; a few old cases were left open and are long overdue.
 *
 * The ledger follows the counting rule (ARCHITECTURE.md "Cases and the ledger"): a case writes one
 * row per client enterprise for its type's service when it first reaches the counting state
 * (`answered`, `delivered`), and never again: a closed or rated case adds no row. Cases alone give
 * about one row per case, so the rest of the ledger is what a workstation records without a case:
 * training and publicity events (培训宣传, the 百站行 campaign) and support at trade fairs, one row per
 * member enterprise attending one event. `service_records.case_id` may be null for exactly these
 * services; the counting rule then reads "one enterprise, one service type, one event", which the
 * generator keeps by never listing an enterprise twice at one event (the unique key cannot check it,
 * since it keys on the case).
 *
 * Steps taken at workstations whose staff have no platform accounts are history kept off the
 * platform: their `actor_id` is null, and columns that must name someone get NO_ACCOUNT, which
 * matches no user.
 */

type Rand = ReturnType<typeof prng>;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const YEARS = 5;
const RECENT_DAYS = 20;
const NO_ACCOUNT = '00000000-0000-0000-0000-000000000000';

interface Member {
  id: string;
  uscc: string;
  name: string;
  districtCode: string | null;
  clusters: string[];
}
interface Station {
  id: string;
  members: Member[];
  /** Staff and admin accounts of the workstation (only the demo workstations have them). */
  handlers: string[];
  /** Its branches (分站), in name order. */
  branches: { id: string; name: string }[];
}

const PRODUCTS = ['锂电池隔膜', '储能变流器', '无人机飞控', '智能手表', '芯片封装', '显示面板', '工业机器人', '医用导管', '基因测序试剂', '新能源汽车电机', '激光雷达', '柔性电路板', '智能门锁', '充电桩', '光伏逆变器', '服装面料', '珠宝首饰', '家具', '茶饮', '电子烟'];
const CONSULTATION_TOPICS: Record<string, string[]> = {
  patent_invention: ['专利侵权风险咨询', '专利申请策略咨询', '专利无效宣告程序咨询', '职务发明权属咨询', '专利许可合同咨询'],
  utility_model: ['实用新型专利侵权判定咨询', '实用新型专利评价报告咨询'],
  design: ['外观设计专利侵权咨询', '外观设计申请咨询'],
  trademark: ['商标被抢注应对咨询', '商标侵权判定咨询', '商标注册布局咨询', '商标许可备案咨询', '电商平台商标投诉咨询'],
  copyright: ['作品著作权维权咨询', '著作权登记咨询'],
  software_copyright: ['软件著作权登记咨询', '软件源代码侵权咨询'],
  trade_secret: ['商业秘密保护措施咨询', '员工离职泄密应对咨询'],
  geographical_indication: ['地理标志使用咨询'],
  layout_design: ['集成电路布图设计登记咨询'],
  plant_variety: ['植物新品种权咨询'],
};
const IP_WEIGHTS: [string, number][] = [
  ['patent_invention', 30], ['utility_model', 12], ['design', 6], ['trademark', 26], ['copyright', 6], ['software_copyright', 9], ['trade_secret', 8], ['geographical_indication', 1], ['layout_design', 1], ['plant_variety', 1],
];
const PURPOSES: [string, number, string][] = [
  ['novelty', 35, '查新检索'], ['fto', 20, '侵权风险（FTO）检索'], ['invalidation', 12, '无效证据检索'], ['navigation', 8, '专利导航分析'], ['competitor', 15, '竞争对手专利监测'], ['trademark', 10, '商标近似检索'],
];
const CHANNELS: Record<string, [string, number][]> = {
  consultation: [['online', 45], ['walk_in', 20], ['phone', 25], ['onsite_visit', 7], ['campaign_event', 3]],
  retrieval: [['online', 70], ['walk_in', 15], ['onsite_visit', 15]],
};
// How closed cases ended: the case types' outcome codes (shared/src/case-outcomes.ts).
const OUTCOMES: Record<string, string[]> = { consultation: outcomeCodesOf('consultation'), retrieval: outcomeCodesOf('retrieval') };
const REJECT_REASONS = ['不属于本工作站服务范围，已告知可向市知识产权保护中心申请', '材料不全且逾期未补正', '与已受理的申请重复'];
const INFO_REASONS = ['请补充涉案专利号及产品照片', '请补充商标注册证复印件', '请说明被控侵权产品的销售渠道', '请补充技术方案的附图'];
const RETURN_REASONS = ['检索式遗漏同义词，请补充检索', '对比文件的公开日有误，请核对'];
const ANSWERS = [
  '经初步比对，对方产品落入权利要求 1 的保护范围的可能性较大，建议先固定证据并发送警告函。',
  '建议在公告期内提出异议，同时收集在先使用证据。',
  '该技术方案具备申请发明专利的条件，建议同时布局实用新型以尽早获得授权。',
  '建议与员工签订保密协议和竞业限制协议，并对核心资料分级管理。',
  '平台投诉需提交权属证明和侵权比对说明，可由工作站协助准备材料。',
];
const EVENT_TOPICS = ['专利检索实务', '商标侵权判定', '海外知识产权纠纷应对', '企业知识产权合规管理', '展会知识产权保护', '商业秘密保护'];

/** A generated code of a company outside Shenzhen (an adverse party): never one of the seeded enterprises. */
function outsideUscc(r: Rand): string {
  const division = r.pick(['110105', '310115', '440106', '330106', '320506', '510107']);
  let body = '';
  for (let i = 0; i < 8; i++) body += USCC_ALPHABET[r.int(0, 30)];
  const first17 = `91${division}MA${body}`.slice(0, 17);
  return first17 + usccCheckChar(first17);
}

function weighted<T>(r: Rand, items: [T, number, ...unknown[]][]): T {
  const total = items.reduce((s, i) => s + i[1], 0);
  let x = r.next() * total;
  for (const i of items) if ((x -= i[1]) < 0) return i[0];
  return items[items.length - 1][0];
}

function patentNumber(r: Rand, year: number): string {
  const digits = `${year}${r.pick(['1', '1', '2', '3'])}${String(r.int(0, 9_999_999)).padStart(7, '0')}`;
  return `ZL${digits}.${applicationCheckChar(digits)}`;
}

/** A point in [0, 1) whose density grows linearly from 1 to 3: the network serves more each year. */
const growing = (u: number) => (Math.sqrt(1 + 8 * u) - 1) / 2;

/** A working-hours instant on the Shanghai day of `t`. */
const inOfficeHours = (r: Rand, t: number) => Math.floor((t + 8 * HOUR) / DAY) * DAY - 8 * HOUR + (9 + r.next() * 8.5) * HOUR;

interface Step {
  action: string;
  to: string;
  at: number;
  actor: string | null;
  reason?: string;
  assignee?: { userId: string; role: 'handler' | 'expert' };
}

interface Plan {
  type: 'consultation' | 'retrieval';
  station: Station;
  createdAt: number;
}

async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** A PostgreSQL array literal of text elements (NULL for null). */
function pgArray(values: (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

const asText = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : Array.isArray(v) ? pgArray(v.map(asText)) : typeof v === 'object' ? JSON.stringify(v) : String(v);

/**
 * Rows in batches, one INSERT per batch with each column passed as one array (`unnest`): the same
 * multi-row insert as a VALUES list, without a placeholder per value, which the query builder needs
 * 65–180 µs a row to make and which made the 1.7 million rows of the Shenzhen history take minutes.
 * The columns are those of the first row (a batch's rows share them); the rest take their defaults.
 * `returning` names columns to return, in the order of the rows.
 */
async function insertRows<T extends PgTable>(tx: DbOrTx, table: T, rows: Partial<T['$inferInsert']>[], opts: { batch?: number; returning?: string } = {}) {
  const returned: Record<string, unknown>[] = [];
  if (!rows.length) return returned;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(rows[0]).filter((k) => columns[k]);
  const size = opts.batch ?? 2000;
  for (let i = 0; i < rows.length; i += size) {
    const batch = rows.slice(i, i + size) as Record<string, unknown>[];
    // Array columns travel as text literals, one per row, and are cast back in the SELECT.
    const arrays = keys.map((k) => {
      const type = columns[k].getSQLType();
      const array = type.endsWith('[]');
      return { name: columns[k].name, type, param: sql`${pgArray(batch.map((row) => asText(row[k])))}::${sql.raw(array ? 'text' : type)}[]`, array };
    });
    const names = sql.raw(arrays.map((a) => `"${a.name}"`).join(', '));
    const select = sql.raw(arrays.map((a, k) => (a.array ? `c${k}::${a.type}` : `c${k}`)).join(', '));
    const aliases = sql.raw(arrays.map((_, k) => `c${k}`).join(', '));
    const query = sql`insert into ${table} (${names}) select ${select} from unnest(${sql.join(arrays.map((a) => a.param), sql`, `)}) as u(${aliases})${opts.returning ? sql.raw(` returning ${opts.returning}`) : sql``}`;
    returned.push(...(await rowsOf<Record<string, unknown>>(tx, query)));
  }
  return returned;
}

/**
 * Adds `count` cases spread over five years and fills the ledger up to `ledgerRows` rows (the cases'
 * own rows first; nothing more when `ledgerRows` is not above them). Bulk inserts only.
 */
export async function seedCases(tx: DbOrTx, opts: { now: Date; r: Rand; count: number; ledgerRows?: number }) {
  const { r } = opts;
  const now = opts.now.getTime();
  const start = now - YEARS * 365 * DAY;

  // The workstations with their member enterprises and accounts, in a stable order (ids are random).
  const wsRows = await rowsOf<{ id: string }>(tx, sql`select o.id from organizations o join workstation_profiles p on p.organization_id = o.id where o.type = 'workstation' and p.filing_status = 'active' order by o.name`);
  const stations = new Map<string, Station>(wsRows.map((w) => [w.id, { id: w.id, members: [], handlers: [], branches: [] }]));
  const branchRows = await rowsOf<{ id: string; ws: string; name: string }>(tx, sql`select id, workstation_id as ws, name from workstation_branches order by name`);
  for (const b of branchRows) stations.get(b.ws)?.branches.push({ id: b.id, name: b.name });
  const memberRows = await rowsOf<Member & { ws: string }>(
    tx,
    sql`select m.workstation_id as ws, e.id, e.uscc, e.name, e.district_code as "districtCode", coalesce(p.clusters, '{}'::text[]) as clusters
        from enterprise_memberships m join organizations e on e.id = m.enterprise_id left join enterprise_profiles p on p.organization_id = e.id
        where e.uscc is not null order by e.uscc`,
  );
  for (const m of memberRows) stations.get(m.ws)?.members.push({ id: m.id, uscc: m.uscc, name: m.name, districtCode: m.districtCode, clusters: m.clusters });
  const accounts = await rowsOf<{ id: string; role: string; org: string }>(
    tx,
    sql`select u.id, m.role, m.organization_id as org from users u join memberships m on m.user_id = u.id
        where m.role in ('workstation_admin', 'workstation_staff', 'expert', 'enterprise_user') order by u.username`,
  );
  const experts = accounts.filter((a) => a.role === 'expert').map((a) => a.id);
  const enterpriseUser = new Map<string, string>();
  for (const a of accounts) {
    if (a.role === 'enterprise_user') enterpriseUser.set(a.org, a.id);
    else if (a.role !== 'expert') stations.get(a.org)?.handlers.push(a.id);
  }
  const open = [...stations.values()].filter((s) => s.members.length > 0);
  if (!open.length || opts.count <= 0) return { cases: 0, ledgerRows: 0 };

  // Busy and quiet workstations. The ones people sign in to (the demo's two) are among the busiest, so
  // their lists look like a busy station's: a fixed share each, about 5,000 cases at Shenzhen scale.
  const boosted = open.filter((s) => s.handlers.length);
  const boostShare = Math.max(0.025, Math.min(0.08, 24 / opts.count));
  const raw = open.map((s) => (s.handlers.length ? 0 : 0.25 + r.next() ** 2 * 2.5));
  const rest = raw.reduce((a, b) => a + b, 0) || 1;
  const restShare = Math.max(0, 1 - boostShare * boosted.length);
  const cumulative: number[] = [];
  let acc = 0;
  open.forEach((s, i) => cumulative.push((acc += s.handlers.length ? boostShare : (raw[i] / rest) * restShare)));
  const pickStation = () => {
    const x = r.next() * acc;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return open[lo];
  };

  // When each case came in: more each year (three times as many at the end of the five years as at
  // the start), and the last 20 days, where cases are still open, at the latest rate. A small demo
  // keeps a tenth of its cases there, most of them from the last few days, so that some are open.
  const natural = (1.5 * RECENT_DAYS) / (YEARS * 365);
  const recentShare = Math.max(natural, Math.min(0.1, 30 / opts.count));
  const skew = recentShare > natural ? 2 : 1;
  const plans: Plan[] = [];
  for (let i = 0; i < opts.count; i++) {
    const recent = r.next() < recentShare;
    const t = recent ? now - r.next() ** skew * RECENT_DAYS * DAY : start + growing(r.next()) * (YEARS * 365 - RECENT_DAYS) * DAY;
    plans.push({ type: r.next() < 0.72 ? 'consultation' : 'retrieval', station: pickStation(), createdAt: Math.min(now - HOUR, inOfficeHours(r, t)) });
  }
  // The stations people sign in to have a request or two of the last few days in hand.
  boosted.forEach((s, k) => {
    for (const i of [2 * k, 2 * k + 1]) if (i < plans.length) plans[i] = { ...plans[i], station: s, createdAt: now - (2 + r.next() * 70) * HOUR };
  });
  plans.sort((a, b) => a.createdAt - b.createdAt);

  const seq = new Map<string, number>();
  const counted = { cases: 0, ledgerRows: 0 };
  const BATCH = 1000;
  for (let b = 0; b < plans.length; b += BATCH) {
    const built = plans.slice(b, b + BATCH).map((p) => buildCase(r, p, { now, experts, enterpriseUser, seq }));
    // Case numbers are unique: the new ids are matched to their cases by them.
    const ids = new Map((await insertRows(tx, cases, built.map((x) => x.row), { batch: BATCH, returning: 'id, case_no' })).map((m) => [m.case_no as string, m.id as string]));
    const parties: (typeof caseParties.$inferInsert)[] = [];
    const assignments: (typeof caseAssignments.$inferInsert)[] = [];
    const events: (typeof workflowEvents.$inferInsert)[] = [];
    const messages: (typeof caseMessages.$inferInsert)[] = [];
    const ledger: (typeof serviceRecords.$inferInsert)[] = [];
    built.forEach((x) => {
      const caseId = ids.get(x.row.caseNo)!;
      const created = new Date(x.row.createdAt as Date);
      for (const c of x.clients) parties.push({ caseId, enterpriseId: c.id, uscc: c.uscc, name: c.name, side: 'client', createdAt: created });
      for (const a of x.adverse) parties.push({ caseId, uscc: a.uscc, name: a.name, side: 'adverse', createdAt: created });
      let from: string | null = null;
      for (const s of x.steps) {
        events.push({ recordType: 'case', recordId: caseId, action: s.action, fromState: from, toState: s.to, actorId: s.actor, reason: s.reason ?? null, at: new Date(s.at), data: s.assignee ? { assigneeId: s.assignee.userId } : {} });
        if (s.assignee) assignments.push({ caseId, userId: s.assignee.userId, role: s.assignee.role, assignedBy: s.actor ?? NO_ACCOUNT, createdAt: new Date(s.at) });
        if (s.action === 'answer') messages.push({ caseId, authorId: s.actor ?? NO_ACCOUNT, kind: 'answer', body: r.pick(ANSWERS), createdAt: new Date(s.at) });
        from = s.to;
      }
      const counting = x.steps.find((s) => s.to === CASE_TYPES[x.row.type].countsAt);
      if (counting) {
        // The counting rule: one row per client enterprise for this case's service type, written once.
        const handlers = [...new Set(x.steps.filter((s) => s.assignee).map((s) => s.assignee!.userId).concat(counting.actor ? [counting.actor] : []))];
        for (const c of x.clients) {
          ledger.push({
            caseId,
            workstationId: x.row.workstationId,
            enterpriseId: c.id,
            enterpriseName: c.name,
            uscc: c.uscc,
            serviceType: CASE_TYPES[x.row.type].serviceType,
            channel: x.row.channel!,
            ipType: (x.row.form.ipType as string | undefined) ?? null,
            rightNumbers: (x.row.form.rightNumbers as string[] | undefined) ?? [],
            handlerIds: handlers,
            districtCode: c.districtCode,
            clusters: c.clusters,
            startedAt: created,
            deliveredAt: new Date(counting.at),
            satisfaction: x.row.rating ?? null,
            // A closed case's rows carry how it ended, as the service's close writes them.
            outcome: x.row.outcome ?? null,
            branchId: x.branch?.id ?? null,
            branchName: x.branch?.name ?? null,
            createdAt: new Date(counting.at),
          });
        }
      }
    });
    // Parties with and without an enterprise id go in separate batches: a batch shares its columns.
    await insertRows(tx, caseParties, parties.filter((x) => x.enterpriseId));
    await insertRows(tx, caseParties, parties.filter((x) => !x.enterpriseId));
    await insertRows(tx, caseAssignments, assignments);
    await insertRows(tx, workflowEvents, events, { batch: 5000 });
    await insertRows(tx, caseMessages, messages);
    await insertRows(tx, serviceRecords, ledger);
    counted.cases += ids.size;
    counted.ledgerRows += ledger.length;
  }

  // Services delivered without a case: events a workstation holds or supports for its members.
  let left = (opts.ledgerRows ?? 0) - counted.ledgerRows;
  let pending: (typeof serviceRecords.$inferInsert)[] = [];
  while (left > 0) {
    const s = pickStation();
    const fair = r.next() < 0.35;
    const day = inOfficeHours(r, start + growing(r.next()) * (now - DAY - start));
    const at = new Date(Math.min(now - HOUR, Math.floor((day + 8 * HOUR) / DAY) * DAY - 8 * HOUR + 14 * HOUR));
    const handlers = s.handlers.length ? [r.pick(s.handlers)] : [];
    const channel = fair ? 'onsite_visit' : r.next() < 0.5 ? 'campaign_event' : 'onsite_visit';
    const attendees = r.some(s.members, Math.min(left, r.int(8, fair ? 30 : 60)));
    for (const e of attendees) {
      pending.push({
        workstationId: s.id,
        enterpriseId: e.id,
        enterpriseName: e.name,
        uscc: e.uscc,
        serviceType: fair ? 'trade_fair' : 'training',
        channel,
        handlerIds: handlers,
        districtCode: e.districtCode,
        clusters: e.clusters,
        startedAt: at,
        deliveredAt: at,
        outcome: fair ? '展会现场知识产权保护指导' : `${r.pick(EVENT_TOPICS)}培训`,
        confidentiality: 'public',
        createdAt: at,
      });
    }
    left -= attendees.length;
    counted.ledgerRows += attendees.length;
    if (pending.length >= 4000 || left <= 0) {
      await insertRows(tx, serviceRecords, pending, { batch: 4000 });
      pending = [];
    }
  }
  return counted;
}

/** One case: its parties, form and the workflow steps it has taken by now. */
function buildCase(
  r: Rand,
  p: Plan,
  ctx: { now: number; experts: string[]; enterpriseUser: Map<string, string>; seq: Map<string, number> },
) {
  const def = CASE_TYPES[p.type];
  const s = p.station;
  const created = new Date(p.createdAt);
  const year = Number(shanghaiDate(created).slice(0, 4));
  const key = `${def.numberPrefix}-${year}`;
  const n = (ctx.seq.get(key) ?? 0) + 1;
  ctx.seq.set(key, n);

  const client = r.pick(s.members);
  const clients = [client];
  // A few requests come from two enterprises together (a joint venture, a supplier and its customer).
  if (s.members.length > 1 && r.next() < 0.04) {
    const other = r.pick(s.members);
    if (other.id !== client.id) clients.push(other);
  }
  const product = r.pick(PRODUCTS);
  let form: Record<string, unknown>;
  if (p.type === 'consultation') {
    const ipType = weighted(r, IP_WEIGHTS);
    const patent = ipType === 'patent_invention' || ipType === 'utility_model' || ipType === 'design';
    form = {
      subject: `${product}${r.pick(CONSULTATION_TOPICS[ipType])}`,
      question: `我司${product}相关的${r.pick(CONSULTATION_TOPICS[ipType]).replace(/咨询$/, '')}问题，请工作站给予指导。`,
      ipType,
      rightNumbers: patent && r.next() < 0.45 ? [patentNumber(r, r.int(year - 8, year - 1))] : [],
    };
  } else {
    const purpose = weighted(r, PURPOSES);
    const label = PURPOSES.find((x) => x[0] === purpose)![2];
    form = {
      subject: `${product}${label}`,
      purpose,
      technicalSolution: `一种${product}，包括壳体、控制模块和传感组件，所述控制模块根据传感组件的信号调节工作参数。`,
      dateWanted: r.next() < 0.4 ? shanghaiDate(new Date(p.createdAt + r.int(15, 40) * DAY)) : null,
      ...(purpose === 'invalidation' ? { targetPatentNumber: patentNumber(r, r.int(year - 6, year - 1)) } : {}),
      ...(purpose === 'competitor' ? { competitorName: `${r.pick(['东莞', '广州', '苏州', '杭州'])}市${r.pick(['恒', '博', '达'])}${r.pick(['远', '创', '盛'])}科技有限公司` } : {}),
      ...(purpose === 'trademark' ? { markName: r.pick(['鹏程', '智联', '云帆', '星河']) } : {}),
    };
  }
  const adverse = p.type === 'consultation' && r.next() < 0.25 ? [{ uscc: outsideUscc(r), name: `${r.pick(['东莞', '广州', '佛山', '苏州', '义乌'])}市${r.pick(['华', '金', '联', '新'])}${r.pick(['茂', '丰', '达', '信'])}${r.pick(['电子', '贸易', '实业'])}有限公司` }] : [];
  const channel = weighted(r, CHANNELS[p.type]);
  const clientUser = ctx.enterpriseUser.get(client.id) ?? null;
  const staff = () => (s.handlers.length ? r.pick(s.handlers) : null);

  // The path the case takes, with the time each step happens.
  const steps: Step[] = [];
  let t = p.createdAt;
  const after = (lo: number, hi: number) => (t += (lo + r.next() * (hi - lo)) * HOUR);
  const push = (action: string, to: string, actor: string | null, extra: Partial<Step> = {}) => steps.push({ action, to, at: t, actor, ...extra });
  push('create', 'submitted', channel === 'online' ? clientUser : staff());
  const u = r.next();
  const rejected = u < (p.type === 'consultation' ? 0.05 : 0.06);
  const withdrawn = !rejected && u < (p.type === 'consultation' ? 0.09 : 0.11);
  if (r.next() < 0.08) {
    after(2, 30);
    push('request_info', 'needs_info', staff(), { reason: r.pick(INFO_REASONS) });
    after(24, 120);
    push('provide_info', 'submitted', clientUser);
  }
  if (rejected) {
    after(2, 40);
    push('reject', 'rejected', staff(), { reason: r.pick(REJECT_REASONS) });
  } else {
    const late = r.next() < 0.08;
    after(1, late ? 90 : 40);
    push('accept', 'accepted', staff());
    let assignee: Step['assignee'];
    if (p.type === 'retrieval' || r.next() < 0.55) {
      after(1, 24);
      const handler = s.handlers.length && r.next() < 0.6;
      assignee = handler ? { userId: r.pick(s.handlers), role: 'handler' } : ctx.experts.length ? { userId: r.pick(ctx.experts), role: 'expert' } : undefined;
      if (assignee) push('assign', 'assigned', staff(), { assignee });
    }
    const worker = assignee?.userId ?? staff();
    const path: [string, string, number, number][] =
      p.type === 'consultation'
        ? [['answer', 'answered', 12, late ? 280 : 120]]
        : [['start', 'searching', 12, 48], ['draft_report', 'report_drafted', 48, late ? 300 : 170], ['approve_report', 'reviewed', 4, 48], ['deliver', 'delivered', 2, 24]];
    // A retrieval is searched by its assignee: without anyone to assign it waits where it is.
    if (p.type === 'retrieval' && !assignee) path.length = 0;
    // The enterprise withdraws before one of the remaining steps.
    const withdrawAt = withdrawn && path.length ? r.int(1, path.length) : -1;
    for (let k = 0; k < path.length; k++) {
      if (k + 1 === withdrawAt) break;
      const [action, to, lo, hi] = path[k];
      after(lo, hi);
      if (action === 'approve_report' && r.next() < 0.05) {
        // A reviewer sends the report back once; the drafter searches again.
        push('return_report', 'searching', staff(), { reason: r.pick(RETURN_REASONS) });
        after(24, 96);
        push('draft_report', 'report_drafted', worker);
        after(lo, hi);
      }
      const drafter = steps.findLast((x) => x.action === 'draft_report')?.actor;
      const reviewer = action === 'approve_report' ? (s.handlers.find((h) => h !== drafter) ?? null) : null;
      push(action, to, action === 'answer' || action === 'start' || action === 'draft_report' ? worker : action === 'approve_report' ? reviewer : staff());
    }
    if (withdrawAt > 0) {
      after(1, 72);
      push('withdraw', 'withdrawn', clientUser);
    } else if (steps[steps.length - 1].to === def.countsAt && r.next() < 0.88) {
      after(24, 360);
      push('close', 'closed', staff());
    }
  }

  // Where the case stands now: the steps taken so far; a few old ones were left open and forgotten.
  let taken = steps.filter((x) => x.at <= ctx.now);
  if (taken.length === steps.length && p.createdAt < ctx.now - RECENT_DAYS * DAY && steps.length > 3 && r.next() < 0.002) {
    taken = steps.slice(0, r.int(2, Math.min(3, steps.length - 1)));
  }
  const last = taken[taken.length - 1];
  const status = last.to;
  const terminal = ['answered', 'delivered', 'closed', 'rejected', 'withdrawn'].includes(status);
  // Open cases get their clock exactly as the service would have moved it, step by step.
  let clock: Clock | null = null;
  if (!terminal) {
    let from: string | null = null;
    for (const x of taken) {
      clock = nextClock(def, clock, from, x.to, new Date(x.at), form, new Map());
      from = x.to;
    }
  }
  const dueAt = clock?.dueAt ? new Date(clock.dueAt) : null;
  const countedStep = taken.find((x) => x.to === def.countsAt);
  const closed = status === 'closed';
  const rating = countedStep && r.next() < 0.35 ? weighted(r, [[5, 60], [4, 28], [3, 8], [2, 3], [1, 1]] as [number, number][]) : null;
  // A workstation with branches (分站) served some of its cases at one of them: chosen by the case's
  // number, not the random stream, so every other generated record stays as it was.
  const branch = s.branches.length ? ([null, ...s.branches][n % (s.branches.length + 1)] ?? null) : null;
  const row = {
    caseNo: `${key}-${String(n).padStart(6, '0')}`,
    type: p.type,
    workstationId: s.id,
    branchId: branch?.id ?? null,
    status,
    title: String(form.subject),
    form,
    channel,
    clock,
    dueAt,
    // Breaches of old cases were told long ago; only a fresh one is left for the scheduled job.
    breachNotifiedAt: dueAt && dueAt.getTime() < ctx.now - DAY ? new Date(dueAt.getTime() + HOUR) : null,
    countedAt: countedStep ? new Date(countedStep.at) : null,
    outcome: closed ? r.pick(OUTCOMES[p.type]) : null,
    rating,
    ratingComment: rating && rating >= 4 && r.next() < 0.3 ? r.pick(['答复及时、专业', '检索报告很有帮助', '感谢工作站的耐心指导']) : null,
    createdBy: steps[0].actor ?? NO_ACCOUNT,
    // One version per step, and one more for the rating.
    version: taken.length + (rating ? 1 : 0),
    createdAt: created,
    updatedAt: new Date(last.at),
  };
  return { row, clients, adverse, steps: taken, branch };
}
