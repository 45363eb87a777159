import { ipcKeysOf, numberKeysOf } from '../modules/patents/patents.numbers';
import { searchWords } from './segment';
import { bigramCode, foldWidth, HAN, hanBigrams, MAX_PREFIX_KEY } from './text';

export interface IndexableRecord {
  title: string;
  abstract: string;
  mainClaim: string;
  claims: string;
  applicants: string[];
  inventors: string[];
  ipc: string[];
  applicationNumber: string | null;
  publicationNumbers: string[];
  grantNumber: string | null;
}

/**
 * The keys a record is found by (patents; trademarks use the same kinds of key over their own
 * fields, see trademarks.import.ts):
 *   Han keys       Han bigrams of title, abstract, main claim and claims (each field on its own), as int4
 *                  (text.ts bigramCode): most of the index; patents keep them in posting bitmaps
 *                  (postings.ts), trademarks in a GIN-indexed han_keys
 * and search_keys (GIN-indexed):
 *   `w:oled`       Latin tokens of those fields; `x:ol` every prefix of them
 *   `p:…` `i:…`    the same for applicants and inventors
 *   `c:h01m`       every prefix of each IPC code
 *   `n:…`          application, publication and grant numbers, normalised
 * A query's keys are a necessary condition; the exact test runs on the text (see search/sql.ts).
 *
 * The definitions are text.ts' (hanBigramCodes, latinKeys), which the query side uses; the loops
 * here compute the same keys with one pass over the UTF-16 code units instead of regular
 * expressions, because an import computes them for ~900 characters of every record
 * (indexer.unit.test.ts holds the two to the same answers).
 */

// Which BMP code units are Han, computed once from text.ts' HAN so the two cannot disagree.
let bmpHan: Uint8Array | undefined;
function hanTable(): Uint8Array {
  if (!bmpHan) {
    bmpHan = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates: only whole pairs are characters
      if (HAN.test(String.fromCharCode(c))) bmpHan[c] = 1;
    }
  }
  return bmpHan;
}
const astralHan = new Map<number, boolean>();
function isHanCodePoint(cp: number, table: Uint8Array): boolean {
  if (cp < 0x10000) return table[cp] === 1;
  let v = astralHan.get(cp);
  if (v === undefined) astralHan.set(cp, (v = HAN.test(String.fromCodePoint(cp))));
  return v;
}

/** Adds the Han bigram codes of one text (text.ts hanBigramCodes, without the regular expression). */
function addHanCodes(text: string, into: Set<number>, table: Uint8Array) {
  let prev = -1; // the previous character when it is Han, else -1
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (!isHanCodePoint(cp, table)) {
      prev = -1;
      continue;
    }
    if (prev >= 0) {
      // Both in the BMP: the code is the two code units (text.ts bigramCode); else its hash.
      into.add(prev <= 0xffff && cp <= 0xffff ? ((prev << 16) | cp) | 0 : bigramCode(String.fromCodePoint(prev), String.fromCodePoint(cp)));
    }
    prev = cp;
  }
}

export function hanKeysOf(texts: string[]): number[] {
  const codes = new Set<number>();
  const table = hanTable();
  // Each field on its own: a bigram never spans the end of one field and the start of the next.
  for (const f of texts) addHanCodes(f, codes, table);
  return [...codes];
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
/** An ASCII letter or digit, or its full-width form (text.ts foldWidth). */
const isWideAlnum = (c: number) => isAlnum(c) || (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);

/**
 * `w:` and `x:` keys of the Latin tokens of a text (text.ts latinKeys: maximal runs of [A-Za-z0-9],
 * full-width forms read as ASCII and ASCII letters folded to lower case; every prefix up to MAX_PREFIX_KEY).
 */
function addLatinKeys(text: string, into: Set<string>, ns: string) {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWideAlnum(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isWideAlnum(text.charCodeAt(j))) j++;
    // ASCII once folded: toLowerCase folds exactly A–Z here.
    const t = foldWidth(text.slice(i, j)).toLowerCase();
    into.add(`${ns}w:${t}`);
    const m = Math.min(t.length, MAX_PREFIX_KEY);
    for (let k = 1; k <= m; k++) into.add(`${ns}x:${t.slice(0, k)}`);
    i = j;
  }
}

/**
 * The search_keys any record has: Latin keys of its free-text fields, and of each list of names
 * (applicants `p:`, inventors `i:`) its Han bigrams and Latin keys under the list's namespace.
 */
export function textKeysOf(texts: string[], names: Record<string, string[]>, into: Set<string> = new Set()): Set<string> {
  for (const f of texts) addLatinKeys(f, into, '');
  for (const [ns, list] of Object.entries(names)) {
    for (const a of list) {
      hanBigrams(a, into, ns);
      addLatinKeys(a, into, ns);
    }
  }
  return into;
}

export function searchKeysOf(r: IndexableRecord): string[] {
  const keys = textKeysOf([r.title, r.abstract, r.mainClaim, r.claims], { 'p:': r.applicants, 'i:': r.inventors });
  for (const k of ipcKeysOf(r.ipc)) keys.add(k);
  for (const k of numberKeysOf({ applicationNumber: r.applicationNumber, publicationNumbers: r.publicationNumbers, grantNumber: r.grantNumber })) keys.add(k);
  return [...keys];
}

/** Lower-cases ASCII letters only (text.ts asciiLower), without a regular expression when there are none. */
function foldAscii(w: string): string {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 65 && c <= 90) return w.replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 32));
  }
  return w;
}

function hasHan(w: string, table: Uint8Array): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return HAN.test(w); // astral characters: the definition itself
    if (table[c] === 1) return true;
  }
  return false;
}

function isLatinWord(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (!isAlnum(w.charCodeAt(i))) return false;
  return true;
}

/**
 * Search-mode words of the title and abstract, used only to rank: a term that is a word of the
 * record ranks above one that merely occurs across a word boundary. It never decides a match.
 * Kept: words of two or more characters with a Han character in them, or made of Latin letters and digits.
 */
export function segmentWordsOf(r: Pick<IndexableRecord, 'title' | 'abstract'>): string[] {
  const table = hanTable();
  const words = new Set<string>();
  for (const w of searchWords(foldWidth(`${r.title}\n${r.abstract}`))) {
    if (w.length >= 2 && (isLatinWord(w) || hasHan(w, table))) words.add(foldAscii(w));
  }
  return [...words];
}
