import { describe, expect, it } from 'vitest';
import { hanCodesOf, hanKeysOf, segmentWordsOf, textKeysOf } from './indexer';
import { searchWords } from './segment';
import { mulberry32 } from '../lib/random';
import { asciiLower, foldWidth, HAN, hanBigramCodes, hanBigrams, latinKeys } from './text';

/**
 * The import computes keys with hand-written loops; the query side's definitions are text.ts'
 * regular expressions. Both must give the same keys for any text, or a search would miss records.
 */

// A deterministic generator of awkward text: Han (BMP and beyond), Latin in both cases, digits,
// punctuation, full-width letters, lone surrogates, the Kelvin sign and dotted capital I.
const rng = mulberry32;
const PIECES = ['ＯＬＥＤ', '５', 'ｇ', '（', '\u3000', '锂', '电', '池', '隔', '膜', '〇', '々', '𠀀', '𪚥', '𠀀𠀁', 'A', 'b', 'Z', 'z', '5', 'G', 'OLED', 'h01m', '，', '。', ' ', '\n', '\t', '-', '.', 'Ａ', 'K', 'İ', '\ud800', '\udc00', 'é', 'ß', '_', '⺀', '㐀', '鿿', '豈'];
function randomText(next: () => number, len: number) {
  let s = '';
  for (let i = 0; i < len; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}
const sorted = <T>(xs: Iterable<T>) => [...xs].sort();

describe('index keys (import) = text.ts definitions (query)', () => {
  it('Han bigram codes, field by field', () => {
    const next = rng(7);
    for (let i = 0; i < 500; i++) {
      const fields = [randomText(next, 30), randomText(next, 5), '', randomText(next, 60)];
      const want = new Set<number>();
      for (const f of fields) hanBigramCodes(f, want);
      // In the order each first occurs: a record stores a signature of the list (postings.ts keySignature).
      expect(hanKeysOf(fields)).toEqual([...want]);
    }
  });

  it('hanCodesOf: each call its own codes (cut from a shared slab, past its end too), extra keys after them as given', () => {
    const lists = Array.from({ length: 12000 }, (_, i) => hanCodesOf([`锂电池${String.fromCharCode(0x4e00 + i)}隔膜`], [i, i]));
    lists.forEach((l, i) => expect(Array.from(l)).toEqual([...hanBigramCodes(`锂电池${String.fromCharCode(0x4e00 + i)}隔膜`), i, i]));
  });

  it('a bigram never spans two fields', () => {
    expect(hanKeysOf(['锂', '电'])).toEqual([]);
    expect(hanKeysOf(['锂电'])).toHaveLength(1);
  });

  it('Latin keys and the Han/Latin keys of names', () => {
    const next = rng(11);
    for (let i = 0; i < 500; i++) {
      const texts = [randomText(next, 40), randomText(next, 10)];
      const names = { 'p:': [randomText(next, 8), randomText(next, 3)], 'i:': [randomText(next, 4)] };
      const want = new Set<string>();
      for (const f of texts) latinKeys(f, want);
      for (const [ns, list] of Object.entries(names)) {
        for (const a of list) {
          hanBigrams(a, want, ns);
          latinKeys(a, want, ns);
        }
      }
      // In the order each first occurs, as a record stores them; twice, the second time from the remembered keys of its tokens and names.
      expect([...textKeysOf(texts, names)]).toEqual([...want]);
      expect([...textKeysOf(texts, names)]).toEqual([...want]);
    }
  });

  it('full-width letters and digits are keyed as their ASCII forms', () => {
    const keys = textKeysOf(['ＯＬＥＤ显示屏，５Ｇ基站'], { 'p:': ['ＡＢＣ科技'] });
    for (const k of ['w:oled', 'x:ol', 'w:5g', 'p:w:abc']) expect(keys.has(k)).toBe(true);
    expect(sorted(textKeysOf(['ＯＬＥＤ显示屏，５Ｇ基站'], {}))).toEqual(sorted(textKeysOf(['OLED显示屏，5G基站'], {})));
  });

  it('long tokens: prefixes stop at MAX_PREFIX_KEY, the whole token is kept', () => {
    const keys = textKeysOf(['X'.repeat(30)], {});
    expect(keys.has(`w:${'x'.repeat(30)}`)).toBe(true);
    expect(keys.has(`x:${'x'.repeat(20)}`)).toBe(true);
    expect(keys.has(`x:${'x'.repeat(21)}`)).toBe(false);
  });

  it('ranking words: the filter of the regular-expression definition', () => {
    const next = rng(13);
    for (let i = 0; i < 100; i++) {
      const r = { title: randomText(next, 10), abstract: `${randomText(next, 20)}锂电池隔膜OLED显示屏` };
      const want = new Set<string>();
      for (const w of searchWords(foldWidth(`${r.title}\n${r.abstract}`))) {
        if (w.length >= 2 && (HAN.test(w) || /^[A-Za-z0-9]+$/.test(w))) want.add(asciiLower(w));
      }
      expect(sorted(segmentWordsOf(r))).toEqual(sorted(want));
    }
  });
});
