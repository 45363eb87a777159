import { describe, expect, it } from 'vitest';
import {
  applicationCheckChar,
  ipcKeysOf,
  normalizeIpc,
  numberKeysOf,
  numberQueryKey,
  parseApplicationNumber,
  parsePublicationNumber,
} from './patents.numbers';

describe('application number check character (mod 11, weights 2..9,2..5, 10 → X)', () => {
  it.each([
    ['200710308494.X', '200710308494', 'X'],
    ['201580074208.0', '201580074208', '0'],
    ['200780042406.4', '200780042406', '4'],
    ['201110030901.1', '201110030901', '1'],
  ])('accepts the real number %s', (input, digits, check) => {
    expect(applicationCheckChar(digits)).toBe(check);
    expect(parseApplicationNumber(input)).toEqual({ ok: true, digits, check, display: `${digits}.${check}` });
  });

  it('computes X for a remainder of 10, never through the ID-card table', () => {
    // The ID-card table maps remainder 10 to "2" and 0 to "1"; the patent rule does not.
    expect(applicationCheckChar('200710308494')).toBe('X');
    expect(applicationCheckChar('201580074208')).toBe('0');
  });

  it.each(['200710308494.0', '200710308494.1', '201580074208.X', '200780042406.5', '201110030901.2', 'CN200710308494.9'])('refuses the wrong check character in %s', (input) => {
    const r = parseApplicationNumber(input);
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ reason: 'check' });
  });

  it('names the expected check character', () => {
    expect(parseApplicationNumber('201110030901.7')).toEqual({ ok: false, reason: 'check', expected: '1' });
  });

  it('accepts the usual spellings: CN/ZL prefixes, a space, no dot, lower-case x, no check at all', () => {
    for (const s of ['CN200710308494.X', 'CN 200710308494.X', 'ZL200710308494.X', 'ZL 200710308494.x', '200710308494X', ' 200710308494.X ', '200710308494']) {
      expect(parseApplicationNumber(s), s).toMatchObject({ ok: true, display: '200710308494.X' });
    }
  });

  it('checks the pre-2003 8-digit form with weights 2..9', () => {
    const check = applicationCheckChar('99123456');
    // 9*2+9*3+1*4+2*5+3*6+4*7+5*8+6*9 = 199; 199 mod 11 = 1
    expect(check).toBe('1');
    expect(parseApplicationNumber('99123456.1')).toMatchObject({ ok: true, digits: '99123456' });
    expect(parseApplicationNumber('99123456.2')).toMatchObject({ ok: false, reason: 'check' });
  });

  it.each(['', '2007103084', '20071030849412', '200760308494.1', '180710308494.1', 'CN113914863A', 'ZZ200710308494.X', '2007-10308494.X'])('refuses the malformed %j', (s) => {
    expect(parseApplicationNumber(s)).toMatchObject({ ok: false, reason: 'format' });
  });
});

describe('publication numbers and kind codes', () => {
  it('parses the 9-digit and the old 7-digit forms, with or without spaces and kind', () => {
    expect(parsePublicationNumber('CN113914863A')).toEqual({ serial: 'CN113914863', kind: 'A', display: 'CN113914863A' });
    expect(parsePublicationNumber('cn 113914863 b')).toEqual({ serial: 'CN113914863', kind: 'B', display: 'CN113914863B' });
    expect(parsePublicationNumber('CN1340998A')).toEqual({ serial: 'CN1340998', kind: 'A', display: 'CN1340998A' });
    expect(parsePublicationNumber('CN113914863')).toEqual({ serial: 'CN113914863', kind: null, display: 'CN113914863' });
    expect(parsePublicationNumber('113914863U')).toMatchObject({ serial: 'CN113914863', kind: 'U' });
    expect(parsePublicationNumber('US2020123456A1')).toBeNull();
  });
});

describe('number keys: any usual spelling finds the same record', () => {
  const keys = numberKeysOf({ applicationNumber: '201710117081.7', publicationNumbers: ['CN113914863A', 'CN113914863B'], grantNumber: 'ZL201710117081.7' });
  it.each(['201710117081.7', 'CN201710117081.7', 'CN 201710117081.7', 'ZL201710117081.7', '2017101170817', '201710117081', 'CN113914863A', 'CN113914863B', 'CN113914863', 'cn113914863a', '113914863A'])('%s', (typed) => {
    const key = numberQueryKey(typed);
    expect(key).not.toBeNull();
    expect(keys).toContain(key);
  });
  it('plain numbers are not patent numbers', () => {
    expect(numberQueryKey('2020')).toBeNull();
    expect(numberQueryKey('20230101')).toBeNull();
    expect(numberQueryKey('5G')).toBeNull();
  });
});

describe('IPC', () => {
  it('normalises codes and prefixes', () => {
    expect(normalizeIpc('h01m 10/052')).toBe('H01M 10/052');
    expect(normalizeIpc('H01M10/052')).toBe('H01M 10/052');
    expect(normalizeIpc('B64C')).toBe('B64C');
    expect(normalizeIpc('H')).toBe('H');
    expect(normalizeIpc('H01')).toBe('H01');
    expect(normalizeIpc('Z01M')).toBeNull();
    expect(normalizeIpc('H01M10/0/5')).toBeNull();
  });
  it('keys every prefix of the code without its space', () => {
    const keys = ipcKeysOf(['H01M 10/052']);
    for (const k of ['c:h', 'c:h01', 'c:h01m', 'c:h01m10', 'c:h01m10/052']) expect(keys).toContain(k);
  });
});
