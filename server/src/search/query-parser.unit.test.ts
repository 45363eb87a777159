import { describe, expect, it } from 'vitest';
import { parseQuery, positiveLeaves, QuerySyntaxError, type QueryNode } from './query-parser';

const t = (value: string, mode: 'substring' | 'token' | 'prefix' = 'substring', field = 'all') => expect.objectContaining({ kind: 'text', field, mode, value });

/** The tree without character positions, to compare two spellings of one query. */
const shape = (q: string) => JSON.parse(JSON.stringify(parseQuery(q), (k, v) => (k === 'pos' ? undefined : v)));

function fails(q: string, key: string, position?: number) {
  try {
    parseQuery(q);
  } catch (e) {
    expect(e).toBeInstanceOf(QuerySyntaxError);
    expect((e as QuerySyntaxError).messageKey).toBe(key);
    if (position !== undefined) expect((e as QuerySyntaxError).position).toBe(position);
    return;
  }
  throw new Error(`parsed: ${q}`);
}

describe('terms', () => {
  it('a run of Chinese characters is one substring term', () => {
    expect(parseQuery('锂电池隔膜')).toEqual(t('锂电池隔膜'));
  });
  it('spaces separate terms that must all match (full-width space too)', () => {
    expect(parseQuery('锂电池 隔膜　涂层')).toEqual({ kind: 'and', children: [t('锂电池'), t('隔膜'), t('涂层')] });
  });
  it('Latin words and numbers are whole tokens, folded to lower case', () => {
    expect(parseQuery('OLED 5G')).toEqual({ kind: 'and', children: [t('oled', 'token'), t('5g', 'token')] });
  });
  it('* after a Latin word is a prefix; after Chinese it adds nothing', () => {
    expect(parseQuery('H01M*')).toEqual(t('h01m', 'prefix'));
    expect(parseQuery('电池*')).toEqual(t('电池'));
  });
  it('full-width letters, digits and punctuation read as ASCII; positions stay the same', () => {
    expect(shape('５Ｇ ＯＬＥＤ')).toEqual(shape('5G OLED'));
    expect(shape('ｔｉ：ＯＬＥＤ　ｈ０１ｍ＊')).toEqual(shape('ti:OLED h01m*'));
    expect(shape('＂５Ｇ 基站＂ －电容')).toEqual(shape('"5G 基站" -电容'));
    expect(parseQuery('ＣＮ１１３９１４８６３Ａ')).toMatchObject({ kind: 'number', key: 'n:cn113914863a' });
    fails('锂电池　ｆｏｏ：隔膜', 'search.unknown_field', 5);
  });
  it('Chinese terms are not rewritten (no NFKC): compatibility ideographs stay as typed', () => {
    expect(parseQuery('豈樂')).toEqual(t('豈樂'));
  });
  it('mixed text is a literal substring', () => {
    expect(parseQuery('5G基站')).toEqual(t('5G基站'));
  });
  it('patent numbers in any usual spelling become number terms', () => {
    expect(parseQuery('CN113914863A')).toMatchObject({ kind: 'number', key: 'n:cn113914863a' });
    expect(parseQuery('201710117081.7')).toMatchObject({ kind: 'number', key: 'n:201710117081' });
    expect(parseQuery('"CN 113914863 A"')).toMatchObject({ kind: 'number', key: 'n:cn113914863a' });
    expect(parseQuery('ZL201710117081.7')).toMatchObject({ kind: 'number', key: 'n:201710117081' });
  });
  it('numbers typed with spaces, unquoted, are one number term; other words beside them stay terms', () => {
    expect(parseQuery('CN 113914863 A')).toMatchObject({ kind: 'number', key: 'n:cn113914863a', pos: 1 });
    expect(parseQuery('CN 113914863')).toMatchObject({ kind: 'number', key: 'n:cn113914863' });
    expect(parseQuery('113914863 A')).toMatchObject({ kind: 'number', key: 'n:cn113914863a' });
    expect(parseQuery('电池 CN 113914863 A')).toEqual({ kind: 'and', children: [expect.objectContaining({ value: '电池' }), expect.objectContaining({ kind: 'number', key: 'n:cn113914863a', pos: 4 })] });
    expect(parseQuery('-CN 113914863 A 电池')).toEqual({ kind: 'and', children: [{ kind: 'not', child: expect.objectContaining({ kind: 'number' }) }, expect.objectContaining({ value: '电池' })] });
    // Two numbers stay two; words that are not a number together stay words.
    expect(parseQuery('CN113914863A CN113914864A')).toMatchObject({ kind: 'and', children: [{ kind: 'number' }, { kind: 'number' }] });
    expect(parseQuery('5 G')).toMatchObject({ kind: 'and', children: [{ kind: 'text' }, { kind: 'text' }] });
    expect(parseQuery('ti:CN 113914863')).toMatchObject({ kind: 'and' });
  });
});

describe('operators', () => {
  it('"quoted phrases" keep their spaces; Chinese quotes work too', () => {
    expect(parseQuery('"lithium ion battery"')).toEqual(t('lithium ion battery'));
    expect(parseQuery('“锂离子 电池”')).toEqual(t('锂离子 电池'));
  });
  it('OR binds tighter than the implicit AND', () => {
    expect(parseQuery('锂电池 隔膜 OR 电解液')).toEqual({ kind: 'and', children: [t('锂电池'), { kind: 'or', children: [t('隔膜'), t('电解液')] }] });
  });
  it('explicit AND is the same as a space', () => {
    expect(shape('电池 AND 隔膜')).toEqual(shape('电池 隔膜'));
  });
  it('-term and NOT term exclude', () => {
    expect(parseQuery('电池 -钠')).toEqual({ kind: 'and', children: [t('电池'), { kind: 'not', child: t('钠') }] });
    expect(shape('电池 NOT 钠')).toEqual(shape('电池 -钠'));
  });
  it('parentheses group, also full-width ones, and may be negated', () => {
    expect(parseQuery('(隔膜 OR 电解液) 电池')).toEqual({ kind: 'and', children: [{ kind: 'or', children: [t('隔膜'), t('电解液')] }, t('电池')] });
    expect(parseQuery('电池 -（钠 OR 铅）')).toEqual({ kind: 'and', children: [t('电池'), { kind: 'not', child: { kind: 'or', children: [t('钠'), t('铅')] } }] });
  });
  it('a lower-case or is an ordinary word', () => {
    expect(parseQuery('a or b')).toEqual({ kind: 'and', children: [t('a', 'token'), t('or', 'token'), t('b', 'token')] });
  });
});

describe('fields', () => {
  it('ti: ab: cl: ap: in: restrict text terms', () => {
    expect(parseQuery('ti:电池')).toEqual(t('电池', 'substring', 'ti'));
    expect(parseQuery('ab:OLED')).toEqual(t('oled', 'token', 'ab'));
    expect(parseQuery('cl:"涂覆 陶瓷"')).toEqual(t('涂覆 陶瓷', 'substring', 'cl'));
    expect(parseQuery('ap:华为')).toEqual(t('华为', 'substring', 'ap'));
    expect(parseQuery('in:张伟')).toEqual(t('张伟', 'substring', 'in'));
  });
  it('a field applies to a parenthesised group', () => {
    expect(parseQuery('ti:(电池 OR 电容)')).toEqual({ kind: 'or', children: [t('电池', 'substring', 'ti'), t('电容', 'substring', 'ti')] });
  });
  it('ipc: is a prefix on any code, in any spacing and case', () => {
    expect(parseQuery('ipc:H01M')).toMatchObject({ kind: 'ipc', prefix: 'h01m' });
    expect(parseQuery('ipc:h01m10/052')).toMatchObject({ kind: 'ipc', prefix: 'h01m10/052' });
  });
  it('pd: takes years, months, days and open ranges', () => {
    expect(parseQuery('pd:2020..2023')).toMatchObject({ kind: 'date', from: '2020-01-01', to: '2023-12-31' });
    expect(parseQuery('pd:2021')).toMatchObject({ kind: 'date', from: '2021-01-01', to: '2021-12-31' });
    expect(parseQuery('pd:2024-02')).toMatchObject({ kind: 'date', from: '2024-02-01', to: '2024-02-29' });
    expect(parseQuery('pd:2021-03-05..')).toMatchObject({ kind: 'date', from: '2021-03-05', to: null });
    expect(parseQuery('pd:..2019')).toMatchObject({ kind: 'date', from: null, to: '2019-12-31' });
  });
  it('type: and status: take the enums (type also in Chinese)', () => {
    expect(parseQuery('type:invention')).toMatchObject({ kind: 'type', value: 'invention' });
    expect(parseQuery('type:实用新型')).toMatchObject({ kind: 'type', value: 'utility_model' });
    expect(parseQuery('status:GRANTED_VALID')).toMatchObject({ kind: 'status', value: 'granted_valid' });
  });
  it('type: and status: take the Chinese words of registers and exports; 有效 / 审中 / 失效 name a group', () => {
    expect(parseQuery('type:发明专利')).toMatchObject({ kind: 'type', value: 'invention' });
    expect(parseQuery('type:外观设计专利')).toMatchObject({ kind: 'type', value: 'design' });
    expect(parseQuery('status:授权有效')).toMatchObject({ kind: 'status', value: 'granted_valid' });
    expect(parseQuery('status:未缴年费终止')).toMatchObject({ kind: 'status', value: 'lapsed_fee' });
    expect(parseQuery('status:审中')).toEqual({
      kind: 'or',
      children: [
        { kind: 'status', value: 'pending_publication', pos: 1 },
        { kind: 'status', value: 'under_examination', pos: 1 },
      ],
    });
    const lapsed = parseQuery('status:失效') as { kind: string; children: { value: string }[] };
    expect(lapsed.children.map((c) => c.value)).toEqual(['lapsed_fee', 'expired', 'withdrawn_deemed', 'rejected', 'invalidated_full']);
    expect(() => parseQuery('status:toString')).toThrow(/bad_status/);
    expect(() => parseQuery('type:constructor')).toThrow(/bad_type/);
  });
  it('positiveLeaves skips what is negated', () => {
    const leaves = positiveLeaves(parseQuery('电池 (隔膜 OR ti:涂层) -钠'));
    expect(leaves.map((l: QueryNode) => (l as { value: string }).value)).toEqual(['电池', '隔膜', '涂层']);
  });
});

describe('malformed queries name the position', () => {
  it.each([
    ['', 'search.empty', 1],
    ['   ', 'search.empty', 1],
    ['电池 "隔膜', 'search.unclosed_quote', 4],
    ['电池 ""', 'search.empty_phrase', 4],
    ['(电池 隔膜', 'search.unclosed_paren', 1],
    ['(', 'search.unclosed_paren', 1],
    ['电池 (', 'search.unclosed_paren', 4],
    ['ti:(', 'search.unclosed_paren', 4],
    ['电池 隔膜)', 'search.unexpected_paren', 6],
    ['电池 ()', 'search.empty_group', 4],
    ['OR 电池', 'search.dangling_operator', 1],
    ['电池 OR', 'search.dangling_operator', 4],
    ['电池 OR OR 隔膜', 'search.dangling_operator', 4],
    ['电池 AND', 'search.dangling_operator', 4],
    ['电池 NOT', 'search.dangling_operator', 4],
    ['电池 - 隔膜', 'search.dangling_operator', 4],
    ['foo:电池', 'search.unknown_field', 1],
    ['电池 ti:', 'search.empty_value', 4],
    ['ipc:电池', 'search.bad_ipc', 1],
    ['pd:2020..abc', 'search.bad_date', 1],
    ['pd:2023..2020', 'search.bad_date', 1],
    ['pd:2021-02-30', 'search.bad_date', 1],
    ['type:patent', 'search.bad_type', 1],
    ['status:alive', 'search.bad_status', 1],
    ['电池 *', 'search.bad_prefix', 4],
    ['电*池', 'search.bad_prefix', 1],
    ['-电池', 'search.only_negative', 1],
    ['-电池 -隔膜', 'search.only_negative', 1],
    ['电池 OR -隔膜', 'search.only_negative', 1],
    ['pd:(2020)', 'search.group_field', 4],
  ])('%j → %s at %i', (q, key, pos) => fails(q, key, pos));

  it('more than 500 characters is refused', () => {
    fails('电'.repeat(501), 'search.too_long', 501);
    expect(parseQuery('电'.repeat(500))).toMatchObject({ kind: 'text' });
  });

  it('more than 40 terms is refused at the 41st, negated terms and OR lists included', () => {
    const terms = Array.from({ length: 41 }, (_, i) => `t${i}`);
    // "t0 t1 … t40": the 41st term starts after 40 terms and their spaces
    fails(terms.join(' '), 'search.too_many_terms', terms.slice(0, 40).join(' ').length + 2);
    expect(parseQuery(terms.slice(0, 40).join(' '))).toMatchObject({ kind: 'and' });
    fails(`电池 (${terms.slice(0, 39).join(' OR ')}) -隔膜`, 'search.too_many_terms', undefined);
  });
});
