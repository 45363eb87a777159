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
 * The keys a record is found by, in two GIN-indexed arrays:
 *   han_keys       Han bigrams of title, abstract, main claim and claims (each field on its own), as int4
 *                  (text.ts bigramCode): most of the index, and integers are much cheaper to index
 * and search_keys:
 *   `w:oled`       Latin tokens of those fields; `x:ol` every prefix of them
 *   `p:…` `i:…`    the same for applicants and inventors
 *   `c:h01m`       every prefix of each IPC code
 *   `n:…`          application, publication and grant numbers, normalised
 * A query's keys are a necessary condition; the exact test runs on the text (see patents.query.ts).
 */
export function hanKeysOf(r: Pick<IndexableRecord, 'title' | 'abstract' | 'mainClaim' | 'claims'>): number[] {
  const codes = new Set<number>();
  for (const f of [r.title, r.abstract, r.mainClaim, r.claims]) hanBigramCodes(f, codes);
  return [...codes];
}

export function searchKeysOf(r: IndexableRecord): string[] {
  const keys = new Set<string>();
  for (const f of [r.title, r.abstract, r.mainClaim, r.claims]) latinKeys(f, keys);
  for (const a of r.applicants) {
    hanBigrams(a, keys, 'p:');
    latinKeys(a, keys, 'p:');
  }
  for (const a of r.inventors) {
    hanBigrams(a, keys, 'i:');
    latinKeys(a, keys, 'i:');
  }
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
