/**
 * The character classes and tokens search is defined on. The index (keys written at import) and
 * the query (keys looked up, exact rechecks) both come from these functions, so they cannot drift.
 *
 * - Han characters (\p{Script=Han}) form runs; every adjacent pair in a run is a bigram key, so a
 *   substring of two or more Han characters has all its bigrams among a record's keys.
 * - Latin words and numbers are maximal runs of [a-z0-9] after folding ASCII case.
 * - Full-width ASCII forms (U+FF01–U+FF5E: ＯＬＥＤ, ５Ｇ, （, ：) count as their ASCII characters and
 *   the ideographic space (U+3000) as a space, in queries, index keys and the SQL rechecks alike
 *   (foldWidth, sql.ts fold), so ５Ｇ finds what 5G finds and text written either way is found.
 */

export const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_RUN = /[a-z0-9]+/g;

const WIDE = /[\uFF01-\uFF5E\u3000]/;
const WIDE_ALL = /[\uFF01-\uFF5E\u3000]/g;
/** The full-width forms foldWidth maps, in order, and what each becomes (for SQL translate()). */
export const WIDE_FORMS = String.fromCharCode(...Array.from({ length: 94 }, (_, i) => 0xff01 + i), 0x3000);
export const NARROW_FORMS = String.fromCharCode(...Array.from({ length: 94 }, (_, i) => 0x21 + i), 0x20);

/**
 * Full-width ASCII forms to ASCII and the ideographic space to a space: one UTF-16 unit for one, so
 * offsets and positions hold. Deliberately not NFKC, which also rewrites characters the exact
 * substring test compares (CJK compatibility ideographs such as 豈, circled and squared forms, ﬁ).
 */
export const foldWidth = (s: string) => (WIDE.test(s) ? s.replace(WIDE_ALL, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0))) : s);

/**
 * Whether an exact test of this (folded) text must fold the column too: it has an ASCII character,
 * which an upper-case letter or a full-width form in the record may stand for.
 */
export const needsFold = (s: string) => /[\x20-\x7e]/.test(s);

/** Folds ASCII letters only: PostgreSQL's lower() under other locales folds more, so SQL rechecks use translate(). */
export const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

export const isHanOnly = (s: string) => /^\p{Script=Han}+$/u.test(s);
export const isLatinToken = (s: string) => /^[A-Za-z0-9]+$/.test(s);

/**
 * A Han bigram as one int4: both code points when they are in the BMP (exact: distinct bigrams get
 * distinct codes), else a 16-bit hash under a high half that no BMP Han character has (then a
 * match on the code is only a candidate, and the text is rechecked).
 */
export function bigramCode(a: string, b: string): number {
  const x = a.codePointAt(0)!;
  const y = b.codePointAt(0)!;
  if (x <= 0xffff && y <= 0xffff) return ((x << 16) | y) | 0;
  let h = 2166136261;
  for (const c of [x, y]) h = Math.imul(h ^ c, 16777619);
  return (0x0001 << 16) | (h & 0xffff);
}
export const isExactBigram = (a: string, b: string) => a.codePointAt(0)! <= 0xffff && b.codePointAt(0)! <= 0xffff;

/** Distinct Han bigram codes of a text. */
export function hanBigramCodes(text: string, into: Set<number> = new Set()): Set<number> {
  for (const m of text.matchAll(HAN_RUN)) {
    const chars = [...m[0]];
    for (let i = 0; i + 1 < chars.length; i++) into.add(bigramCode(chars[i], chars[i + 1]));
  }
  return into;
}

/** Distinct Han bigrams of a text, by code point. */
export function hanBigrams(text: string, into: Set<string> = new Set(), prefix = ''): Set<string> {
  for (const m of text.matchAll(HAN_RUN)) {
    const chars = [...m[0]];
    for (let i = 0; i + 1 < chars.length; i++) into.add(prefix + chars[i] + chars[i + 1]);
  }
  return into;
}

export function latinTokens(text: string): string[] {
  return asciiLower(foldWidth(text)).match(LATIN_RUN) ?? [];
}

/** Longest Latin token for which every prefix gets a key; longer tokens still match whole. */
export const MAX_PREFIX_KEY = 20;

/** `w:` whole-token keys and `x:` prefix keys of the Latin tokens of a text. */
export function latinKeys(text: string, into: Set<string>, ns = '') {
  for (const t of latinTokens(text)) {
    into.add(`${ns}w:${t}`);
    for (let i = 1; i <= Math.min(t.length, MAX_PREFIX_KEY); i++) into.add(`${ns}x:${t.slice(0, i)}`);
  }
  return into;
}

/** The literal substring keys a text query needs: bigrams of its Han runs, and its Latin tokens that are whole within it. */
export function literalKeys(literal: string, ns = ''): string[] {
  const keys = ns ? hanBigrams(literal, new Set(), ns) : new Set<string>();
  const lower = asciiLower(foldWidth(literal));
  for (const m of lower.matchAll(LATIN_RUN)) {
    const start = m.index!;
    const end = start + m[0].length;
    // A token cut by the literal's edge may be part of a longer token in the text: no key for it.
    if (start > 0 && end < lower.length) keys.add(`${ns}w:${m[0]}`);
  }
  return [...keys];
}
