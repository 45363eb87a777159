import type { RowProblem } from '../../i18n/row-problems';
import { LEGAL_STATUS_GROUPS, legalStatusOf, legalStatuses, PATENT_TYPES_ALLOWED, patentTypeOf, type PatentType } from '../../search/query-parser';
import { KIND_CODES, normalizeIpc, parseApplicationNumber, parsePublicationNumber } from './patents.numbers';
import { isUnreadable, rawDate, rawList, rawText, unreadableProblems, type UnreadableRow } from './patents.readers';

/** A patent record as imported, after validation and normalisation. */
export interface PatentInput {
  applicationNumber: string | null;
  applicationDigits: string | null;
  publicationNumber: string | null;
  publicationSerial: string | null;
  kindCode: string | null;
  grantNumber: string | null;
  type: PatentType | null;
  title: string;
  abstract: string;
  mainClaim: string;
  claims: string;
  applicants: string[];
  inventors: string[];
  agency: string | null;
  mainIpc: string | null;
  ipc: string[];
  filingDate: string | null;
  publicationDate: string | null;
  grantDate: string | null;
  priority: { number: string; date?: string | null; country?: string | null }[];
  legalStatus: string | null;
  externalId: string | null;
}

const LIMITS = { title: 1000, abstract: 20_000, mainClaim: 50_000, claims: 500_000, agency: 500, externalId: 200, listItem: 500, list: 200 };

const str = rawText;
const list = rawList;
const date = rawDate;

const APP_TYPE: Record<string, PatentType> = { '1': 'invention', '8': 'invention', '2': 'utility_model', '9': 'utility_model', '3': 'design' };
const KIND_TYPE: Record<string, PatentType> = { A: 'invention', B: 'invention', C: 'invention', U: 'utility_model', Y: 'utility_model', S: 'design' };

export const KNOWN_FIELDS = ['applicationNumber', 'publicationNumber', 'kindCode', 'grantNumber', 'type', 'title', 'abstract', 'mainClaim', 'claims', 'applicants', 'inventors', 'agency', 'mainIpc', 'ipc', 'filingDate', 'publicationDate', 'grantDate', 'priority', 'legalStatus', 'externalId'] as const;

/**
 * Validates one raw row. Returns the record, or every problem with it (i18n keys, worded in the
 * reader's language when reported), so the person importing can fix the file in one pass.
 */
export function normalizeRow(raw: Record<string, unknown> | UnreadableRow): { ok: true; record: PatentInput } | { ok: false; problems: RowProblem[] } {
  if (isUnreadable(raw)) return { ok: false, problems: unreadableProblems(raw) };
  const problems: RowProblem[] = [];
  const add = (field: string | null, key: string, params?: Record<string, string | number>) => problems.push({ field, key, ...(params ? { params } : {}) });
  const r: Partial<PatentInput> = {};

  const an = str(raw.applicationNumber);
  r.applicationNumber = null;
  r.applicationDigits = null;
  if (an) {
    const parsed = parseApplicationNumber(an);
    if (parsed.ok) {
      r.applicationNumber = parsed.display;
      r.applicationDigits = parsed.digits;
    } else if (parsed.reason === 'check') add('applicationNumber', 'patent.check_character', { value: an, expected: parsed.expected ?? '' });
    else add('applicationNumber', 'patent.application_number', { value: an });
  }

  const pn = str(raw.publicationNumber);
  r.publicationNumber = null;
  r.publicationSerial = null;
  let pubKind: string | null = null;
  if (pn) {
    const parsed = parsePublicationNumber(pn);
    if (parsed) {
      r.publicationNumber = parsed.display;
      r.publicationSerial = parsed.serial;
      pubKind = parsed.kind ? parsed.kind[0] : null;
    } else add('publicationNumber', 'patent.publication_number', { value: pn });
  }
  const kind = str(raw.kindCode).toUpperCase() || pubKind;
  r.kindCode = null;
  if (kind) {
    if (!(KIND_CODES as readonly string[]).includes(kind[0]) || kind.length > 2) add('kindCode', 'patent.kind_code', { value: kind, allowed: KIND_CODES.join(' ') });
    else if (pubKind && pubKind !== kind[0]) add('kindCode', 'patent.kind_mismatch', { value: kind, expected: pubKind });
    else r.kindCode = kind[0];
  }
  r.grantNumber = str(raw.grantNumber).toUpperCase().replace(/\s+/g, '') || null;

  const t = str(raw.type);
  r.type = null;
  if (t) {
    const v = patentTypeOf(t);
    if (v) r.type = v;
    else add('type', 'patent.type', { value: t, allowed: PATENT_TYPES_ALLOWED });
  } else if (r.applicationDigits && r.applicationDigits.length === 12) r.type = APP_TYPE[r.applicationDigits[4]] ?? null;
  else if (r.kindCode) r.type = KIND_TYPE[r.kindCode] ?? null;

  for (const f of ['title', 'abstract', 'mainClaim', 'claims'] as const) {
    const v = raw[f];
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number') add(f, 'import.text');
    const s = str(v);
    if (s.length > LIMITS[f]) add(f, 'import.too_long', { max: LIMITS[f] });
    r[f] = s;
  }
  if (!r.title) add('title', 'import.required');

  for (const f of ['applicants', 'inventors'] as const) {
    const v = list(raw[f]);
    if (!v) add(f, 'import.list');
    else if (v.length > LIMITS.list || v.some((x) => x.length > LIMITS.listItem)) add(f, 'import.too_many', { max: LIMITS.list, length: LIMITS.listItem });
    r[f] = v ?? [];
  }
  r.agency = str(raw.agency).slice(0, LIMITS.agency) || null;

  const ipcRaw = list(raw.ipc);
  const ipc: string[] = [];
  if (!ipcRaw) add('ipc', 'import.list');
  for (const c of ipcRaw ?? []) {
    const n = normalizeIpc(c);
    if (n) {
      if (!ipc.includes(n)) ipc.push(n);
    } else add('ipc', 'patent.ipc', { value: c });
  }
  const mainRaw = str(raw.mainIpc);
  r.mainIpc = null;
  if (mainRaw) {
    const n = normalizeIpc(mainRaw);
    if (n) {
      r.mainIpc = n;
      if (!ipc.includes(n)) ipc.unshift(n);
    } else add('mainIpc', 'patent.ipc', { value: mainRaw });
  } else r.mainIpc = ipc[0] ?? null;
  r.ipc = ipc;

  for (const f of ['filingDate', 'publicationDate', 'grantDate'] as const) {
    const d = date(raw[f]);
    if (d === undefined) add(f, 'import.date', { value: str(raw[f]) });
    r[f] = d ?? null;
  }

  r.priority = [];
  let pr = raw.priority;
  if (typeof pr === 'string' && pr.trim()) {
    try {
      pr = JSON.parse(pr);
    } catch {
      // CSV cells may also give `number date country` entries separated by ;
      pr = (pr as string).split(/[;；]/).map((e: string) => {
        const [number, d, country] = e.trim().split(/\s+/);
        return { number, date: d, country };
      });
    }
  }
  if (Array.isArray(pr)) {
    for (const e of pr) {
      if (!e || typeof e !== 'object' || !str((e as { number?: unknown }).number)) {
        add('priority', 'patent.priority_number');
        break;
      }
      const o = e as { number: unknown; date?: unknown; country?: unknown };
      const d = date(o.date);
      if (d === undefined) add('priority', 'import.date', { value: str(o.date) });
      r.priority.push({ number: str(o.number), date: d ?? null, country: str(o.country).toUpperCase() || null });
    }
  } else if (pr !== undefined && pr !== null && pr !== '') add('priority', 'patent.priority_list');

  const ls = str(raw.legalStatus);
  r.legalStatus = null;
  if (ls) {
    const v = legalStatusOf(ls);
    if (v) r.legalStatus = v;
    // 失效 says that a patent lapsed, not how: the record needs the one status that applies.
    else if (Object.hasOwn(LEGAL_STATUS_GROUPS, ls)) add('legalStatus', 'patent.legal_status_vague', { value: ls });
    else add('legalStatus', 'patent.legal_status', { value: ls, allowed: legalStatuses.join(' | ') });
  }
  r.externalId = str(raw.externalId).slice(0, LIMITS.externalId) || null;

  if (!r.applicationNumber && !r.publicationNumber && !r.externalId && !problems.some((x) => x.field === 'applicationNumber' || x.field === 'publicationNumber')) {
    add(null, 'patent.identity');
  }
  const known = new Set<string>(KNOWN_FIELDS);
  const unknown = Object.keys(raw).filter((k) => !known.has(k));
  if (unknown.length) add(unknown.slice(0, 5).join(', '), 'import.unknown_field', { fields: KNOWN_FIELDS.join(', ') });

  return problems.length ? { ok: false, problems } : { ok: true, record: r as PatentInput };
}

/** The keys a record may already be stored under, strongest first. */
export function candidateKeys(r: Pick<PatentInput, 'applicationDigits' | 'publicationSerial' | 'externalId'>): string[] {
  const keys: string[] = [];
  if (r.applicationDigits) keys.push(`an:${r.applicationDigits}`);
  if (r.publicationSerial) keys.push(`pn:${r.publicationSerial}`);
  if (r.externalId) keys.push(`ex:${r.externalId}`);
  return keys;
}
