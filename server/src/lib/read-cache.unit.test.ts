import { describe, expect, it } from 'vitest';
import { WriteGeneration } from '../db/write-generation';
import { ReadCache } from './read-cache';

const make = () => {
  const g = new WriteGeneration();
  return { g, cache: new ReadCache(g, { maxBytes: 1024 * 1024, ignoring: new Set(['jobs']) }) };
};

describe('ReadCache', () => {
  it('serves a kept value until a write it depends on', async () => {
    const { g, cache } = make();
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await cache.through('k', { now: 0, ttlMs: 1000 }, load)).toBe('v1');
    expect(await cache.through('k', { now: 10, ttlMs: 1000 }, load)).toBe('v1');
    g.bump('jobs');
    expect(await cache.through('k', { now: 20, ttlMs: 1000 }, load)).toBe('v1');
    g.bump('cases');
    expect(await cache.through('k', { now: 30, ttlMs: 1000 }, load)).toBe('v2');
  });

  it('ends a value after its time to live, and when the clock goes back', async () => {
    const { cache } = make();
    let loads = 0;
    const load = async () => ++loads;
    await cache.through('k', { now: 1000, ttlMs: 100 }, load);
    expect(await cache.through('k', { now: 1099, ttlMs: 100 }, load)).toBe(1);
    expect(await cache.through('k', { now: 1100, ttlMs: 100 }, load)).toBe(2);
    expect(await cache.through('k', { now: 500, ttlMs: 100 }, load)).toBe(3);
  });

  it('does not keep a value read while a write landed', async () => {
    const { g, cache } = make();
    let loads = 0;
    const load = async () => {
      loads++;
      if (loads === 1) g.bump('cases');
      return loads;
    };
    expect(await cache.through('k', { now: 0, ttlMs: 1000 }, load)).toBe(1);
    expect(await cache.through('k', { now: 0, ttlMs: 1000 }, load)).toBe(2);
    expect(await cache.through('k', { now: 0, ttlMs: 1000 }, load)).toBe(2);
  });

  it('shares one load between concurrent misses, keeps no failure and no refused value', async () => {
    const { cache } = make();
    let loads = 0;
    const slow = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 20));
      return 'x';
    };
    const all = await Promise.all([1, 2, 3].map(() => cache.through('k', { now: 0, ttlMs: 1000 }, slow)));
    expect(all).toEqual(['x', 'x', 'x']);
    expect(loads).toBe(1);
    await expect(cache.through('f', { now: 0, ttlMs: 1000 }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.through('f', { now: 0, ttlMs: 1000 }, async () => 'ok')).toBe('ok');
    await cache.through('n', { now: 0, ttlMs: 1000, keep: (v) => v !== null }, async () => null);
    expect(await cache.through('n', { now: 0, ttlMs: 1000 }, async () => 'later')).toBe('later');
  });

  it('keeps nothing while the generation is unknown', async () => {
    const g = new WriteGeneration(true);
    const cache = new ReadCache(g, { maxBytes: 1024, ignoring: new Set() });
    let loads = 0;
    await cache.through('k', { now: 0, ttlMs: 1000 }, async () => ++loads);
    expect(await cache.through('k', { now: 0, ttlMs: 1000 }, async () => ++loads)).toBe(2);
  });
});
