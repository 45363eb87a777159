import { describe, expect, it } from 'vitest';
import { parseQuery } from './query-parser';
import { titleLookupOf } from '../modules/patents/patents.query';
import { TITLE_KEY_MIN, titleKeysOf } from './title-keys';

describe('title keys', () => {
  it('lie in their own range, one per distinct bigram and Latin token of the title', () => {
    const keys = titleKeysOf('一种OLED显示面板及OLED显示装置');
    expect(keys.every((k) => k >= TITLE_KEY_MIN && k < 0x00100000)).toBe(true);
    // Bigrams within Han runs only (一种 显示 示面 面板 板及 示装 装置) and the token oled, each once.
    expect(keys.length).toBe(new Set(keys).size);
    expect(keys.length).toBeGreaterThanOrEqual(8);
  });

  it("a query term's title keys are among the keys of every title containing it", () => {
    const title = '一种ＯＬＥＤ柔性显示面板';
    const own = new Set(titleKeysOf(title));
    for (const q of ['显示面板', '柔性', 'oled', 'OLED 显示']) {
      const terms = titleLookupOf(parseQuery(q));
      expect(terms).not.toBeNull();
      for (const keys of terms!) expect(keys.every((k) => own.has(k))).toBe(true);
    }
  });

  it('gives none for terms it cannot key: a single character or a prefix', () => {
    expect(titleLookupOf(parseQuery('电'))).toBeNull();
    expect(titleLookupOf(parseQuery('OLE*'))).toBeNull();
    expect(titleLookupOf(parseQuery('ab:电池 ap:华为'))).toEqual([]);
  });
});
