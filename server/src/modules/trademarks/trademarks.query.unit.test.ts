import { describe, expect, it } from 'vitest';
import { parseQuery, QuerySyntaxError } from '../../search/query-parser';
import { trademarkDialect } from './trademarks.query';

const parse = (q: string) => JSON.parse(JSON.stringify(parseQuery(q, trademarkDialect), (k, v) => (k === 'pos' ? undefined : v)));
function fails(q: string, key: string, position: number, params: Record<string, unknown> = {}) {
  try {
    parseQuery(q, trademarkDialect);
  } catch (e) {
    expect(e).toBeInstanceOf(QuerySyntaxError);
    expect(e).toMatchObject({ messageKey: key, position, params: expect.objectContaining(params) });
    return;
  }
  throw new Error(`parsed: ${q}`);
}

describe('the trademark dialect of the search language', () => {
  it('tm: and mn: are the mark name, also before a group; gs: and ap: their fields', () => {
    expect(parse('mn:华为')).toEqual({ kind: 'text', field: 'tm', mode: 'substring', value: '华为' });
    expect(parse('tm:(华为 OR HONOR)')).toEqual({
      kind: 'or',
      children: [
        { kind: 'text', field: 'tm', mode: 'substring', value: '华为' },
        { kind: 'text', field: 'tm', mode: 'token', value: 'honor' },
      ],
    });
    expect(parse('gs:手机 ap:华为技术')).toEqual({
      kind: 'and',
      children: [
        { kind: 'text', field: 'gs', mode: 'substring', value: '手机' },
        { kind: 'text', field: 'ap', mode: 'substring', value: '华为技术' },
      ],
    });
  });

  it('nc: takes a Nice class 1–45 in the usual spellings; status: the enum or the Chinese word', () => {
    expect(parse('nc:9')).toEqual({ kind: 'nice', value: 9 });
    expect(parse('nc:09')).toEqual({ kind: 'nice', value: 9 });
    expect(parse('nc:第35类')).toEqual({ kind: 'nice', value: 35 });
    expect(parse('status:REGISTERED')).toEqual({ kind: 'status', value: 'registered' });
    expect(parse('status:已注册')).toEqual({ kind: 'status', value: 'registered' });
  });

  it('an unquoted number is the registration number or the same word in the text; quoted it is text only', () => {
    expect(parse('12345678')).toEqual({
      kind: 'or',
      children: [
        { kind: 'number', key: 'n:12345678', value: '12345678' },
        { kind: 'text', field: 'all', mode: 'token', value: '12345678' },
      ],
    });
    expect(parse('G1234567')).toMatchObject({ kind: 'or', children: [{ kind: 'number', key: 'n:g1234567' }, { kind: 'text' }] });
    expect(parse('"12345678"')).toEqual({ kind: 'text', field: 'all', mode: 'substring', value: '12345678' });
  });

  it('malformed queries name the position', () => {
    fails('华为 nc:46', 'search.bad_nice_class', 4, { value: '46' });
    fails('nc:0', 'search.bad_nice_class', 1);
    fails('nc:abc', 'search.bad_nice_class', 1);
    fails('status:alive', 'search.bad_trademark_status', 1, { value: 'alive' });
    fails('ti:华为', 'search.unknown_field', 1, { fields: 'tm mn gs ap nc status' });
    fails('nc:(9 OR 35)', 'search.group_field', 4, { field: 'nc', allowed: 'tm mn gs ap' });
    fails('constructor:x', 'search.unknown_field', 1);
    fails('-华为', 'search.only_negative', 1);
  });
});
