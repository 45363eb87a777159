/**
 * Chinese patent identifiers (domain.md 8.2): application numbers with their check character,
 * publication numbers with kind codes, and IPC codes. Everything that compares numbers goes through
 * the normalised forms here, so any usual spelling of a number finds the same record.
 */

const WEIGHTS_12 = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
const WEIGHTS_8 = [2, 3, 4, 5, 6, 7, 8, 9];

/** Mod 11 over the weighted digits; a remainder of 10 is `X` (not the ID-card table). */
export function applicationCheckChar(digits: string): string {
  const weights = digits.length === 12 ? WEIGHTS_12 : digits.length === 8 ? WEIGHTS_8 : null;
  if (!weights || !/^\d+$/.test(digits)) throw new Error(`not an 8- or 12-digit application number: ${digits}`);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * weights[i];
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export type ApplicationNumberResult =
  | { ok: true; digits: string; check: string; display: string }
  | { ok: false; reason: 'format' | 'check'; expected?: string };

// The 8-digit form needs its dot before a check character: `CN113914863` is a publication serial.
const APP_RE = /^(?:CN|ZL)?\s?(?:(\d{12})(?:\s?\.?\s?([0-9X]))?|(\d{8})(?:\s?\.\s?([0-9X]))?)$/;

/**
 * Parses an application (or ZL patent) number: `CN 200710308494.X`, `ZL200710308494X`,
 * `200710308494` (the check is then computed). The 12-digit form needs a plausible year and a type
 * digit of 1, 2, 3, 8 or 9; the pre-2003 8-digit form a type digit of 1, 2 or 3.
 */
export function parseApplicationNumber(input: string): ApplicationNumberResult {
  const s = input.trim().toUpperCase().replace(/\s+/g, ' ');
  const m = APP_RE.exec(s);
  if (!m) return { ok: false, reason: 'format' };
  const digits = m[1] ?? m[3];
  const given = m[2] ?? m[4];
  if (digits.length === 12 && !/^(19|20)\d{2}[12389]/.test(digits)) return { ok: false, reason: 'format' };
  if (digits.length === 8 && !/^\d{2}[123]/.test(digits)) return { ok: false, reason: 'format' };
  const expected = applicationCheckChar(digits);
  if (given !== undefined && given !== expected) return { ok: false, reason: 'check', expected };
  return { ok: true, digits, check: expected, display: `${digits}.${expected}` };
}

export const isValidApplicationNumber = (s: string) => parseApplicationNumber(s).ok;

export const KIND_CODES = ['A', 'B', 'C', 'U', 'Y', 'S'] as const;
/** Kind codes of a grant (or later) document: their publication is the grant of an earlier A. */
export const GRANT_KINDS = new Set(['B', 'C', 'U', 'Y', 'S']);

export interface PublicationNumber {
  /** `CN` + serial, the part an A publication and its B grant share. */
  serial: string;
  kind: string | null;
  /** `CN113914863A` */
  display: string;
}

const PUB_RE = /^CN\s?(\d{7,9})\s?([A-Z]\d?)?$/;
const PUB_BARE_RE = /^(\d{7}|\d{9})\s?([A-Z]\d?)$/;

/** `CN113914863A`, `CN 113914863 A`, `CN1340998A`, `113914863A`; the kind code is optional with the prefix. */
export function parsePublicationNumber(input: string): PublicationNumber | null {
  const s = input.trim().toUpperCase().replace(/\s+/g, ' ');
  const m = PUB_RE.exec(s) ?? PUB_BARE_RE.exec(s);
  if (!m) return null;
  const kind = m[2] ?? null;
  return { serial: `CN${m[1]}`, kind, display: `CN${m[1]}${kind ?? ''}` };
}

/** Keys under which a number is found in the search index (`n:` keys), whatever its spelling. */
export function numberKeysOf(r: { applicationNumber?: string | null; publicationNumbers?: string[]; grantNumber?: string | null }): string[] {
  const keys = new Set<string>();
  for (const a of [r.applicationNumber, r.grantNumber]) {
    if (!a) continue;
    const app = parseApplicationNumber(a.replace(/^ZL/i, ''));
    if (app.ok) keys.add(`n:${app.digits}`);
    const pub = parsePublicationNumber(a);
    if (pub) {
      keys.add(`n:${pub.serial.toLowerCase()}`);
      if (pub.kind) keys.add(`n:${pub.display.toLowerCase()}`);
    }
  }
  for (const p of r.publicationNumbers ?? []) {
    const pub = parsePublicationNumber(p);
    if (!pub) continue;
    keys.add(`n:${pub.serial.toLowerCase()}`);
    if (pub.kind) keys.add(`n:${pub.display.toLowerCase()}`);
  }
  return [...keys];
}

/**
 * The index key a typed number searches for, or null when the text is not a patent number.
 * A check character that does not fit is forgiven here: the searcher may have mistyped it, and the
 * 12 digits still name one application.
 */
export function numberQueryKey(input: string): string | null {
  const s = input.trim().toUpperCase().replace(/\s+/g, ' ');
  const app = /^(CN|ZL)?\s?(?:(\d{12})(?:\s?\.?\s?([0-9X]))?|(\d{8})(?:\s?\.\s?([0-9X]))?)$/.exec(s);
  if (app) {
    const digits = app[2] ?? app[4];
    const plausible = digits.length === 12 ? /^(19|20)\d{2}[12389]/.test(digits) : /^\d{2}[123]/.test(digits) && (!!app[1] || app[5] !== undefined);
    // A bare 8-digit number reads as a plain number (a date, a quantity), not as an application.
    if (plausible) return `n:${digits}`;
  }
  const pub = parsePublicationNumber(s);
  if (pub && (s.startsWith('CN') || pub.kind)) return `n:${(pub.kind ? pub.display : pub.serial).toLowerCase()}`;
  return null;
}

const IPC_RE = /^([A-H])(\d{2})?([A-Z])?(\d{1,4})?(?:\/(\d{1,6}))?$/;

/** `h01m 10/052` → `H01M 10/052`; null when it is not an IPC code (or a prefix of one). */
export function normalizeIpc(input: string): string | null {
  const s = input.trim().toUpperCase().replace(/\s+/g, '');
  const m = IPC_RE.exec(s);
  if (!m) return null;
  const [, section, cls, sub, group, subgroup] = m;
  if ((sub && !cls) || (group && !sub) || (subgroup && !group)) return null;
  return `${section}${cls ?? ''}${sub ?? ''}${group ? ` ${group}` : ''}${subgroup !== undefined ? `/${subgroup}` : ''}`;
}

/** Every string prefix of a code without its space (`c:h`, `c:h0`, … `c:h01m10/052`), so `ipc:` prefix search is an index lookup. */
export function ipcKeysOf(codes: string[]): string[] {
  const keys = new Set<string>();
  for (const c of codes) {
    const compact = c.replace(/\s+/g, '').toLowerCase();
    for (let i = 1; i <= compact.length && i <= 24; i++) keys.add(`c:${compact.slice(0, i)}`);
  }
  return [...keys];
}
