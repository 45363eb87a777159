import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keySignature } from './postings';

describe('keySignature', () => {
  it('SHA-256 of the keys as big-endian int4s, in order, from an array or from a view of an Int32Array', () => {
    const keys = [0x4e004e01, -2130538644, 1, 0, -1, 2147483647, -2147483648];
    const be = Buffer.alloc(keys.length * 4);
    keys.forEach((k, i) => be.writeInt32BE(k, i * 4));
    const want = createHash('sha256').update(be).digest();
    expect(keySignature(keys).equals(want)).toBe(true);
    const shared = new Int32Array([7, ...keys, 9]);
    expect(keySignature(shared.subarray(1, keys.length + 1)).equals(want)).toBe(true);
    expect(Array.from(shared)).toEqual([7, ...keys, 9]); // the view's memory is left as it was
    expect(keySignature(new Int32Array(0)).equals(keySignature([]))).toBe(true);
  });
});
