import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRows } from './patents.readers';

describe('readRows', () => {
  it('gives other work a turn while it reads rows that are already buffered', async () => {
    // One chunk of 3,000 lines: every row is there at once, and promises alone would never let a timer in.
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ externalId: `r${i}`, title: '一种电池' })).join('\n');
    let readWhenTimerRan = -1;
    let read = 0;
    setTimeout(() => (readWhenTimerRan = read), 0);
    for await (const row of readRows(Readable.from([lines]), 'jsonl')) {
      expect(row.data).toMatchObject({ externalId: `r${read}` });
      read++;
      // What a caller does with a row (checking it, keying it): ~0.05 ms, 150 ms for the file.
      const until = performance.now() + 0.05;
      while (performance.now() < until);
    }
    expect(read).toBe(3000);
    expect(readWhenTimerRan).toBeGreaterThan(0);
    expect(readWhenTimerRan).toBeLessThan(3000);
  });
});
