import type { RowProblem } from '../../i18n/row-problems';
import { isUnreadable, rawDate, rawList, rawText, unreadableProblems, type UnreadableRow } from '../patents/patents.readers';

/**
 * A trademark record as imported: the fields of a CNIPA trademark entry (domain.md 8, trademark
 * record), validated and normalised. Problems are i18n keys with the field they concern, rendered
 * in the reader's language when reported.
 */

/** Normalised trademark status (商标状态), lower case like the patents' legal status. */
export const trademarkStatuses = ['pending', 'published', 'opposed', 'registered', 'rejected', 'invalidated', 'revoked', 'cancelled', 'expired'] as const;
export type TrademarkStatus = (typeof trademarkStatuses)[number];

/** The status words CNIPA's trademark search shows, accepted in files and in `status:` queries. */
export const STATUS_WORDS: Record<string, TrademarkStatus> = {
  申请中: 'pending',
  待审中: 'pending',
  初审公告: 'published',
  初步审定: 'published',
  初审公告中: 'published',
  异议中: 'opposed',
  已注册: 'registered',
  注册: 'registered',
  注册商标: 'registered',
  驳回: 'rejected',
  已驳回: 'rejected',
  无效: 'invalidated',
  已无效: 'invalidated',
  无效宣告: 'invalidated',
  撤销: 'revoked',
  已撤销: 'revoked',
  注销: 'cancelled',
  已注销: 'cancelled',
  期满未续展: 'expired',
  已过期: 'expired',
  已失效: 'expired',
};

/** Each status as the trademark register names it (the export's words; the web has its own labels). */
export const STATUS_LABELS: Record<TrademarkStatus, string> = {
  pending: '申请中',
  published: '初审公告',
  opposed: '异议中',
  registered: '已注册',
  rejected: '驳回',
  invalidated: '已无效',
  revoked: '已撤销',
  cancelled: '已注销',
  expired: '期满未续展',
};

export const statusOf = (v: string): TrademarkStatus | null =>
  (Object.hasOwn(STATUS_WORDS, v) ? STATUS_WORDS[v] : null) ?? trademarkStatuses.find((s) => s === v.toLowerCase()) ?? null;

export interface TrademarkInput {
  registrationNumber: string;
  markName: string;
  niceClasses: number[];
  similarGroups: string[];
  goodsServices: string;
  applicants: string[];
  filingDate: string | null;
  registrationDate: string | null;
  expiryDate: string | null;
  status: TrademarkStatus | null;
}

export const TRADEMARK_FIELDS = ['registrationNumber', 'markName', 'niceClasses', 'similarGroups', 'goodsServices', 'applicants', 'filingDate', 'registrationDate', 'expiryDate', 'status'] as const;

/** Column headers as CNIPA's trademark search and agencies' exports name them, besides the JSON keys. */
export const TRADEMARK_HEADER_ALIASES: Record<string, string> = {
  注册号: 'registrationNumber',
  申请号: 'registrationNumber',
  '申请/注册号': 'registrationNumber',
  商标名称: 'markName',
  商标: 'markName',
  国际分类: 'niceClasses',
  国际分类号: 'niceClasses',
  尼斯分类: 'niceClasses',
  类别: 'niceClasses',
  类似群: 'similarGroups',
  类似群组: 'similarGroups',
  '商品/服务': 'goodsServices',
  '商品/服务项目': 'goodsServices',
  商品服务: 'goodsServices',
  商品服务项目: 'goodsServices',
  申请人: 'applicants',
  申请人名称: 'applicants',
  注册人: 'applicants',
  申请日期: 'filingDate',
  申请日: 'filingDate',
  注册日期: 'registrationDate',
  注册公告日期: 'registrationDate',
  专用权截止日: 'expiryDate',
  专用期限截止日: 'expiryDate',
  到期日: 'expiryDate',
  商标状态: 'status',
  状态: 'status',
};

export type { RowProblem };

const LIMITS = { markName: 500, goodsServices: 20_000, listItem: 500, list: 100 };
const REG_NO = /^G?\d{1,10}$/;

/** `12345678`, `第12345678号`, `g 1234567` → `12345678`, `G1234567`; null when it is not one. */
export function normalizeRegistrationNumber(input: string): string | null {
  const s = input.trim().toUpperCase().replace(/\s+/g, '').replace(/^第(.+)号$/, '$1');
  return REG_NO.test(s) ? s : null;
}

/** `9`, `09`, `第9类`, `9类` → 9; null outside 1–45. */
export function niceClassOf(input: string | number): number | null {
  const m = /^(?:第)?0*(\d{1,2})(?:类)?$/.exec(String(input).trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 45 ? n : null;
}


/**
 * Validates one raw row. Returns the record, or every problem with it, so the person importing can
 * fix the file in one pass.
 */
export function normalizeTrademarkRow(raw: Record<string, unknown> | UnreadableRow): { ok: true; record: TrademarkInput } | { ok: false; problems: RowProblem[] } {
  if (isUnreadable(raw)) return { ok: false, problems: unreadableProblems(raw) };
  const problems: RowProblem[] = [];
  const add = (field: string | null, key: string, params?: Record<string, string | number>) => problems.push({ field, key, ...(params ? { params } : {}) });

  const regRaw = rawText(raw.registrationNumber);
  const registrationNumber = regRaw ? normalizeRegistrationNumber(regRaw) : null;
  if (!regRaw) add('registrationNumber', 'import.required');
  else if (!registrationNumber) add('registrationNumber', 'trademark.registration_number', { value: regRaw });

  const text = (f: 'markName' | 'goodsServices') => {
    let v = raw[f];
    // goods/services may come as a list of items; kept as one text, as CNIPA shows it.
    if (f === 'goodsServices' && Array.isArray(v) && v.every((x) => typeof x === 'string')) v = v.map((x: string) => x.trim()).filter(Boolean).join('；');
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number') add(f, 'import.text');
    const s = rawText(v);
    if (s.length > LIMITS[f]) add(f, 'import.too_long', { max: LIMITS[f] });
    return s;
  };
  const markName = text('markName');
  const goodsServices = text('goodsServices');

  const niceRaw = typeof raw.niceClasses === 'number' ? [String(raw.niceClasses)] : rawList(raw.niceClasses);
  const niceClasses: number[] = [];
  if (!niceRaw) add('niceClasses', 'import.list');
  for (const c of niceRaw ?? []) {
    const n = niceClassOf(c);
    if (n === null) add('niceClasses', 'trademark.nice_class', { value: c });
    else if (!niceClasses.includes(n)) niceClasses.push(n);
  }
  // Nice classes are required of a new registration only: a row of a known one may leave them out
  // (a file of status changes; trademarks.import.ts writeBatch refuses a new one without).
  niceClasses.sort((a, b) => a - b);

  const groupsRaw = rawList(raw.similarGroups);
  const similarGroups: string[] = [];
  if (!groupsRaw) add('similarGroups', 'import.list');
  for (const g of groupsRaw ?? []) {
    if (!/^\d{4}$/.test(g)) add('similarGroups', 'trademark.similar_group', { value: g });
    else if (niceClasses.length && !niceClasses.includes(Number(g.slice(0, 2)))) add('similarGroups', 'trademark.similar_group_class', { value: g, niceClass: Number(g.slice(0, 2)) });
    else if (!similarGroups.includes(g)) similarGroups.push(g);
  }
  similarGroups.sort();

  const applicants = rawList(raw.applicants);
  if (!applicants) add('applicants', 'import.list');
  else if (applicants.length > LIMITS.list || applicants.some((a) => a.length > LIMITS.listItem)) add('applicants', 'import.too_many', { max: LIMITS.list, length: LIMITS.listItem });

  const dates = {} as Record<'filingDate' | 'registrationDate' | 'expiryDate', string | null>;
  for (const f of ['filingDate', 'registrationDate', 'expiryDate'] as const) {
    const d = rawDate(raw[f]);
    if (d === undefined) add(f, 'import.date', { value: rawText(raw[f]) });
    dates[f] = d ?? null;
  }
  if (dates.registrationDate && dates.expiryDate && dates.expiryDate < dates.registrationDate) {
    add('expiryDate', 'trademark.date_order', { expiry: dates.expiryDate, registration: dates.registrationDate });
  }

  const statusRaw = rawText(raw.status);
  const status = statusRaw ? statusOf(statusRaw) : null;
  if (statusRaw && !status) add('status', 'trademark.status', { value: statusRaw, allowed: trademarkStatuses.join(' | ') });

  const known = new Set<string>(TRADEMARK_FIELDS);
  const unknown = Object.keys(raw).filter((k) => !known.has(k));
  if (unknown.length) add(unknown.slice(0, 5).join(', '), 'import.unknown_field', { fields: TRADEMARK_FIELDS.join(', ') });

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    record: { registrationNumber: registrationNumber!, markName, niceClasses, similarGroups, goodsServices, applicants: applicants ?? [], ...dates, status },
  };
}
