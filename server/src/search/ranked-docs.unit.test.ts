import { describe, expect, it } from 'vitest';
import { shareLowerBound } from './ranked-docs';

describe('the lower bound on a sample share of matches', () => {
  it('lies below the share seen, rises with it and with the sample, and is 0 without matches', () => {
    expect(shareLowerBound(0, 300)).toBe(0);
    expect(shareLowerBound(300, 300)).toBeCloseTo(0.9333, 3);
    expect(shareLowerBound(150, 300)).toBeLessThan(0.5);
    expect(shareLowerBound(150, 300)).toBeGreaterThan(shareLowerBound(100, 300));
    // The same share from four times the sample gives a tighter bound.
    expect(shareLowerBound(60, 1200)).toBeGreaterThan(shareLowerBound(15, 300));
    expect(shareLowerBound(60, 1200)).toBeLessThan(0.05);
  });

  it('stays below the true share in random samples', () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (const p of [0.02, 0.3, 0.9, 1]) {
      for (let trial = 0; trial < 200; trial++) {
        let k = 0;
        for (let i = 0; i < 300; i++) if (rand() < p) k++;
        expect(shareLowerBound(k, 300)).toBeLessThanOrEqual(p);
      }
    }
  });
});
