import { describe, expect, it } from 'vitest';
import { sortKey } from './sort-key';

describe('Chinese sort key', () => {
  it('orders by pinyin under byte order', () => {
    const names = ['张江协会', '阿里协会', '北京协会', '长城协会', 'ABC协会'];
    const sorted = [...names].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    // 阿里 spells "a li", which comes before "abc" letter by letter
    expect(sorted).toEqual(['阿里协会', 'ABC协会', '北京协会', '长城协会', '张江协会']);
  });
  it('keeps the original text as a tie breaker and never contains NUL', () => {
    expect(sortKey('长')).not.toContain('\u0000');
    expect(sortKey('长') < sortKey('长城')).toBe(true);
  });
});
