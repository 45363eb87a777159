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

/**
 * A set of int4 codes that keeps the order they were first added in, in typed arrays reused from
 * record to record (bigram codes lie outside V8's small integers: a Set<number> boxed each of a
 * patent's ~400, and hashed them as doubles). Slots are marked with the current record's
 * generation, so starting the next record clears nothing.
 */
class CodeSet {
  private size = 1 << 12;
  private slots = new Int32Array(this.size);
  private marks = new Uint32Array(this.size);
  private generation = 1;
  private codes = new Int32Array(this.size);
  private count = 0;

  /** Starts a new, empty set. */
  start() {
    if (++this.generation === 0xffffffff) {
      this.marks.fill(0);
      this.generation = 1;
    }
    this.count = 0;
  }

  add(code: number) {
    const mask = this.size - 1;
    let h = (Math.imul(code, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      if (this.marks[h] !== this.generation) break;
      if (this.slots[h] === code) return;
      h = (h + 1) & mask;
    }
    this.marks[h] = this.generation;
    this.slots[h] = code;
    this.codes[this.count++] = code;
    if (this.count * 2 > this.size) this.grow();
  }

  /**
   * The codes, in the order first added, then `extra` as it is: a copy, cut from a slab shared by
   * the lists of many records (an ArrayBuffer of its own for each record's list cost more than the copy).
   */
  list(extra: readonly number[]): Int32Array {
    const n = this.count + extra.length;
    if (slabAt + n > slab.length) {
      slab = new Int32Array(Math.max(SLAB, n));
      slabAt = 0;
    }
    const out = slab.subarray(slabAt, (slabAt += n));
    out.set(this.codes.subarray(0, this.count));
    out.set(extra, this.count);
    return out;
  }

  private grow() {
    this.size *= 2;
    this.slots = new Int32Array(this.size);
    this.marks = new Uint32Array(this.size);
    const codes = new Int32Array(this.size);
    codes.set(this.codes.subarray(0, this.count));
    this.codes = codes;
    this.generation = 1;
    const mask = this.size - 1;
    for (const code of this.codes.subarray(0, this.count)) {
      let h = (Math.imul(code, 0x9e3779b1) >>> 0) & mask;
      while (this.marks[h] === 1) h = (h + 1) & mask;
      this.marks[h] = 1;
      this.slots[h] = code;
    }
  }
}
const hanCodes = new CodeSet();
const SLAB = 1 << 16;
let slab = new Int32Array(SLAB);
let slabAt = 0;

/** Adds the Han bigram codes of one text (text.ts hanBigramCodes, without the regular expression). */
function addHanCodes(text: string, into: CodeSet, table: Uint8Array) {
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

/**
 * The distinct Han bigram codes of the texts, each text on its own, in the order they first occur;
 * then `extra` keys as they are (a patent's title keys, search/title-keys.ts).
 */
export function hanCodesOf(texts: string[], extra: readonly number[] = []): Int32Array {
  const table = hanTable();
  hanCodes.start();
  // Each field on its own: a bigram never spans the end of one field and the start of the next.
  for (const f of texts) addHanCodes(f, hanCodes, table);
  return hanCodes.list(extra);
}

/** hanCodesOf as a plain array (the type an int4[] column takes). */
export const hanKeysOf = (texts: string[]): number[] => Array.from(hanCodesOf(texts));

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
/** An ASCII letter or digit, or its full-width form (text.ts foldWidth). */
const isWideAlnum = (c: number) => isAlnum(c) || (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);

/**
 * Keys made from a piece of text (a Latin token, a name) remembered in order, so a piece that
 * recurs (most tokens and names of a corpus do) adds the same strings again instead of building
 * them anew. Bounded: emptied when full.
 */
class KeyMemo {
  private readonly memo = new Map<string, string[]>();
  constructor(private readonly max: number) {}
  get(piece: string, make: (piece: string) => string[]): string[] {
    let keys = this.memo.get(piece);
    if (!keys) {
      if (this.memo.size >= this.max) this.memo.clear();
      this.memo.set(piece, (keys = make(piece)));
    }
    return keys;
  }
}
const tokenKeys = new KeyMemo(50_000);
const nameKeys = new KeyMemo(20_000);

/** `w:` and `x:` keys (without a namespace) of one token as it stands in the text: maximal [A-Za-z0-9] and their full-width forms. */
function keysOfToken(raw: string): string[] {
  // ASCII once folded: toLowerCase folds exactly A–Z here.
  const t = foldWidth(raw).toLowerCase();
  const keys = [`w:${t}`];
  const m = Math.min(t.length, MAX_PREFIX_KEY);
  for (let k = 1; k <= m; k++) keys.push(`x:${t.slice(0, k)}`);
  return keys;
}

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
    const keys = tokenKeys.get(text.slice(i, j), keysOfToken);
    if (ns) for (const k of keys) into.add(ns + k);
    else for (const k of keys) into.add(k);
    i = j;
  }
}

/** The keys of one name under a namespace: its Han bigrams, then its Latin keys. */
function keysOfName(nsName: string): string[] {
  const ns = nsName.slice(0, nsName.indexOf('\0'));
  const name = nsName.slice(ns.length + 1);
  const keys = hanBigrams(name, new Set(), ns);
  addLatinKeys(name, keys, ns);
  return [...keys];
}

/**
 * The search_keys any record has: Latin keys of its free-text fields, and of each list of names
 * (applicants `p:`, inventors `i:`) its Han bigrams and Latin keys under the list's namespace.
 */
export function textKeysOf(texts: string[], names: Record<string, string[]>, into: Set<string> = new Set()): Set<string> {
  for (const f of texts) addLatinKeys(f, into, '');
  for (const [ns, list] of Object.entries(names)) {
    for (const a of list) for (const k of nameKeys.get(`${ns}\0${a}`, keysOfName)) into.add(k);
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
