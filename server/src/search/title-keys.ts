import { hanKeysOf } from './indexer';
import { latinTokens } from './text';

/**
 * Title keys: posting keys of the words of a record's title alone, so a search finds the records
 * with a term in the title (which rank first) from the postings instead of testing titles row by
 * row. Each Han bigram code of the title and each Latin token is hashed into a range of int4 that no
 * other posting key takes (Han bigram codes have a character ≥ U+2E80 in their high half, astral
 * bigrams 0x0001, the dictionary's ids start at 0x00100000). Two words may share a key: the title
 * keys only narrow the records whose titles are then tested, never decide a match.
 */
export const TITLE_KEY_MIN = 0x00020000;
const TITLE_KEY_SPAN = 0x00100000 - TITLE_KEY_MIN;

const mix = (x: number) => {
  let h = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
};

/** The title key of a Han bigram code (text.ts bigramCode). */
export const titleKeyOfCode = (code: number) => TITLE_KEY_MIN + (mix(code) % TITLE_KEY_SPAN);

/** The title key of a Latin token (lower case, ASCII: text.ts latinTokens). */
export function titleKeyOfToken(token: string) {
  let h = 2166136261;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 16777619);
  return TITLE_KEY_MIN + (mix(h ^ 0x7f4a7c15) % TITLE_KEY_SPAN);
}

/** The distinct title keys of a title. */
export function titleKeysOf(title: string): number[] {
  const keys = new Set<number>();
  for (const code of hanKeysOf([title])) keys.add(titleKeyOfCode(code));
  for (const t of latinTokens(title)) keys.add(titleKeyOfToken(t));
  return [...keys];
}
