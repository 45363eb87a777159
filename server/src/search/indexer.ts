import { ipcKeysOf, numberKeysOf } from '../modules/patents/patents.numbers';
import { searchWords } from './segment';
import { asciiLower, hanBigramCodes, hanBigrams, HAN, latinKeys } from './text';

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
 * The keys a record is found by, in two GIN-indexed arrays (patents; trademarks use the same kinds of
 * key over their own fields, see trademarks.import.ts):
 *   han_keys       Han bigrams of title, abstract, main claim and claims (each field on its own), as int4
 *                  (text.ts bigramCode): most of the index, and integers are much cheaper to index
 * and search_keys:
 *   `w:oled`       Latin tokens of those fields; `x:ol` every prefix of them
 *   `p:…` `i:…`    the same for applicants and inventors
 *   `c:h01m`       every prefix of each IPC code
 *   `n:…`          application, publication and grant numbers, normalised
 * A query's keys are a necessary condition; the exact test runs on the text (see search/sql.ts).
 */
export function hanKeysOf(texts: string[]): number[] {
  const codes = new Set<number>();
  // Each field on its own: a bigram never spans the end of one field and the start of the next.
  for (const f of texts) hanBigramCodes(f, codes);
  return [...codes];
}

/**
 * The search_keys any record has: Latin keys of its free-text fields, and of each list of names
 * (applicants `p:`, inventors `i:`) its Han bigrams and Latin keys under the list's namespace.
 */
export function textKeysOf(texts: string[], names: Record<string, string[]>, into: Set<string> = new Set()): Set<string> {
  for (const f of texts) latinKeys(f, into);
  for (const [ns, list] of Object.entries(names)) {
    for (const a of list) {
      hanBigrams(a, into, ns);
      latinKeys(a, into, ns);
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

/**
 * Search-mode words of the title and abstract, used only to rank: a term that is a word of the
 * record ranks above one that merely occurs across a word boundary. It never decides a match.
 */
export function segmentWordsOf(r: Pick<IndexableRecord, 'title' | 'abstract'>): string[] {
  const words = new Set<string>();
  for (const w of searchWords(`${r.title}\n${r.abstract}`)) {
    if (w.length >= 2 && (HAN.test(w) || /^[A-Za-z0-9]+$/.test(w))) words.add(asciiLower(w));
  }
  return [...words];
}
