import { describe, expect, it } from 'vitest';
import { facetTerm, hasTerm, narrow, parseSnippet, unescapeHtml } from './query';

describe('narrowing a query by a facet', () => {
  it('writes the term of each facet', () => {
    expect(facetTerm('ipc', 'H01M')).toBe('ipc:H01M');
    expect(facetTerm('ipc', 'H01M 10/052')).toBe('ipc:H01M10/052');
    expect(facetTerm('year', '2021')).toBe('pd:2021');
    expect(facetTerm('applicant', '深圳市鹏城锂电科技有限公司')).toBe('ap:"深圳市鹏城锂电科技有限公司"');
    expect(facetTerm('applicant', 'ACME "Labs"')).toBe('ap:“ACME "Labs"”');
  });

  it('appends the term, which narrows any query, and never twice', () => {
    expect(narrow('锂电池 隔膜', 'ipc:H01M')).toBe('锂电池 隔膜 ipc:H01M');
    expect(narrow('电池 OR 电容', 'ipc:H01M')).toBe('电池 OR 电容 ipc:H01M');
    expect(narrow('  ', 'pd:2021')).toBe('pd:2021');
    expect(narrow('电池 ipc:h01m', 'ipc:H01M')).toBe('电池 ipc:h01m');
    expect(narrow('电池 ipc:H01M10', 'ipc:H01M')).toBe('电池 ipc:H01M10 ipc:H01M');
  });

  it('finds a term only as a whole term', () => {
    expect(hasTerm('(电池 ipc:H01M)', 'ipc:H01M')).toBe(true);
    expect(hasTerm('电池ipc:H01M', 'ipc:H01M')).toBe(false);
    expect(hasTerm('电池 ipc:H01M5', 'ipc:H01M')).toBe(false);
  });
});

describe('reading a snippet', () => {
  it('splits marked and plain text and undoes the escaping', () => {
    expect(parseSnippet('…一种<mark>锂电池</mark>隔膜 &lt;b&gt; &amp; <mark>5G</mark>')).toEqual([
      { text: '…一种', marked: false },
      { text: '锂电池', marked: true },
      { text: '隔膜 <b> & ', marked: false },
      { text: '5G', marked: true },
    ]);
  });

  it('keeps any other tag as visible text, never as markup', () => {
    expect(parseSnippet('<img src=x onerror=alert(1)><mark>a</mark>')).toEqual([
      { text: '<img src=x onerror=alert(1)>', marked: false },
      { text: 'a', marked: true },
    ]);
  });

  it('handles empty input and numeric entities', () => {
    expect(parseSnippet('')).toEqual([]);
    expect(parseSnippet(null)).toEqual([]);
    expect(unescapeHtml('&#39;&#x4e2d;&quot;&bogus;')).toBe('\'中"&bogus;');
  });
});
