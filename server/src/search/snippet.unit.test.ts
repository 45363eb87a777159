import { describe, expect, it } from 'vitest';
import { parseQuery } from './query-parser';
import { snippetOf } from './snippet';
import { bigramCode, foldWidth, hanBigramCodes, hanBigrams, latinKeys, literalKeys, needsFold } from './text';

const rec = (o: Partial<{ title: string; abstract: string; mainClaim: string; claims: string }>) => ({ title: '', abstract: '', mainClaim: '', claims: '', ...o });

describe('index keys', () => {
  it('every adjacent pair of a Han run is a bigram; other characters break runs', () => {
    expect([...hanBigrams('锂电池，隔膜A电')]).toEqual(['锂电', '电池', '隔膜']);
  });
  it('Latin tokens get whole and prefix keys, ASCII case folded', () => {
    const keys = latinKeys('采用OLED屏', new Set());
    expect([...keys]).toEqual(['w:oled', 'x:o', 'x:ol', 'x:ole', 'x:oled']);
  });
  it('full-width Latin is keyed as half-width; a full-width literal keys the same as a half-width one', () => {
    expect([...latinKeys('采用ＯＬＥＤ屏', new Set())]).toEqual(['w:oled', 'x:o', 'x:ol', 'x:ole', 'x:oled']);
    expect(literalKeys('显示ＯＬＥＤ面板')).toEqual(['w:oled']);
  });
  it('foldWidth maps U+FF01–U+FF5E and the ideographic space one for one, and nothing else', () => {
    expect(foldWidth('ＯＬＥＤ５Ｇ（Ａ）　～！')).toBe('OLED5G(A) ~!');
    // ，(U+FF0C) is in the range too: Chinese commas fold to ASCII on both sides of every comparison.
    expect(foldWidth('，')).toBe(',');
    // Han, CJK punctuation outside the range, compatibility ideographs and half-width katakana are untouched.
    expect(foldWidth('锂电池。、豈ｶ')).toBe('锂电池。、豈ｶ');
    expect(needsFold('锂电池')).toBe(false);
    expect(needsFold('锂电池5')).toBe(true);
  });
  it('bigram codes are exact for BMP characters and distinct per pair', () => {
    expect([...hanBigramCodes('锂电池')]).toEqual([bigramCode('锂', '电'), bigramCode('电', '池')]);
    expect(bigramCode('锂', '电')).not.toBe(bigramCode('电', '锂'));
    expect(bigramCode('锂', '电')).toBe(((0x9502 << 16) | 0x7535) | 0);
    // Outside the BMP: a hash under a high half no BMP Han character has.
    expect(bigramCode('𠀀', '电') >>> 16).toBe(1);
  });
  it('a literal keys only the Latin tokens whole within it (Han bigrams go to han_keys)', () => {
    expect(literalKeys('OLED显示')).toEqual([]);
    expect(literalKeys('显示OLED面板')).toEqual(['w:oled']);
    expect(literalKeys('华为', 'p:')).toEqual(['p:华为']);
  });
});

describe('snippets', () => {
  it('mark every match, escape everything else', () => {
    const s = snippetOf(rec({ abstract: '一种<b>锂电池</b>隔膜，提高锂电池安全性 & 寿命' }), parseQuery('锂电池'));
    expect(s).toBe('一种&lt;b&gt;<mark>锂电池</mark>&lt;/b&gt;隔膜，提高<mark>锂电池</mark>安全性 &amp; 寿命');
  });
  it('Latin terms are marked as whole tokens in any case', () => {
    expect(snippetOf(rec({ abstract: 'AMOLED 与 oled 面板' }), parseQuery('OLED'))).toBe('AMOLED 与 <mark>oled</mark> 面板');
  });
  it('take the passage around the first match, from the claims when the abstract has none', () => {
    const s = snippetOf(rec({ abstract: '无关内容', claims: `${'前'.repeat(100)}钠离子电池${'后'.repeat(200)}` }), parseQuery('钠离子'));
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('<mark>钠离子</mark>电池');
  });
  it('full-width text in a record is marked for a half-width query, and the other way round', () => {
    expect(snippetOf(rec({ abstract: '采用ＯＬＥＤ屏和５Ｇ模组' }), parseQuery('OLED 5g模组'))).toBe('采用<mark>ＯＬＥＤ</mark>屏和<mark>５Ｇ模组</mark>');
    expect(snippetOf(rec({ abstract: '采用OLED屏' }), parseQuery('ＯＬＥＤ'))).toBe('采用<mark>OLED</mark>屏');
  });
  it('negated terms are not marked', () => {
    expect(snippetOf(rec({ abstract: '电池与电容' }), parseQuery('电池 -电容'))).toBe('<mark>电池</mark>与电容');
  });
});
