import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal';

// node-postgres's own conversion of a JS array parameter, which arrayLiteral replaces.
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };

describe('arrayLiteral', () => {
  it('is the text node-postgres sends for the same array', () => {
    const samples: (string | null)[][] = [
      [],
      [''],
      [null],
      ['a', null, 'b'],
      ['深圳市基准测试1号科技有限公司', 'shenzhenshi jizhun\u0001深圳'],
      ['say "hi"', 'back\\slash', '\\"', '"', '\\', 'a,b', '{x,y}', 'NULL', ' spaced ', '😀'],
      [JSON.stringify([{ name: '王"五', phone: '138\\0', consent: { at: '2026-12-07T00:00:00.000Z', purpose: '服务' } }])],
    ];
    for (const xs of samples) expect(arrayLiteral(xs)).toBe(prepareValue(xs));
  });

  it('agrees on random texts of quotes, backslashes, commas and braces', () => {
    const alphabet = ['"', '\\', ',', '{', '}', ' ', 'a', '深', "'", '\n'];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n);
    for (let k = 0; k < 500; k++) {
      const xs = Array.from({ length: rand(6) }, () => (rand(8) === 0 ? null : Array.from({ length: rand(8) }, () => alphabet[rand(alphabet.length)]).join('')));
      expect(arrayLiteral(xs)).toBe(prepareValue(xs));
    }
  });
});
