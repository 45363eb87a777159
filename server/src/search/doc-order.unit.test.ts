import { describe, expect, it } from 'vitest';
import { newestFirstOrder } from './doc-order';

describe('the order of docs newest first', () => {
  it.each([100, 20_000])('radix-sorts %i docs as a comparator does: date descending (none last), id prefix, number', (n) => {
    let seed = 11;
    const rand = (m: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % m;
    const span = n * 2;
    const date = new Int32Array(span);
    const tie = new Uint32Array(span);
    for (let d = 0; d < span; d++) {
      // Dates before and after 1970, some records without one, many on the same day; some id prefixes shared.
      date[d] = rand(10) === 0 ? -0x7fffffff : rand(40) - 20 + (rand(2) ? 19000 : -3000);
      tie[d] = rand(3) === 0 ? 0xfffffff0 : (rand(0x10000) * 0x10000 + rand(0x10000)) >>> 0;
    }
    const docs = Int32Array.from({ length: n }, () => rand(span));
    const unique = Int32Array.from(new Set(docs));
    const want = [...unique].sort((x, y) => (date[x] !== date[y] ? date[y] - date[x] : tie[x] !== tie[y] ? (tie[x] < tie[y] ? -1 : 1) : x - y));
    expect([...newestFirstOrder(unique, date, tie)]).toEqual(want);
  });
});
