import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALL_KEY, batchPostings, CHUNK, inChunk, joinCopies, keySignature, postingsBinary } from './postings';

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

describe('postings built before the records have numbers', () => {
  // Binary COPY rows as text: key, chunk, n, bitmap (hex); each row is 2 + 8 + 12 + 6 + 8 + 256 bytes.
  const rowsOf = (bin: Uint8Array) => {
    const b = Buffer.from(bin.buffer, bin.byteOffset, bin.byteLength);
    const out: string[] = [];
    for (let at = 19; b.readInt16BE(at) !== -1; at += 2 + 8 + 12 + 6 + 8 + CHUNK / 8) {
      out.push(`${b.readInt32BE(at + 6)}:${b.readBigInt64BE(at + 14)}:${b.readInt16BE(at + 26)}:${b.subarray(at + 36, at + 36 + CHUNK / 8).toString('hex')}`);
    }
    return out;
  };
  const han = [[5, 9, 0x4e004e01], [9], [], [0x7fffffff, 5, -3]];
  const ends = new Uint32Array(han.length);
  han.reduce((at, k, i) => (ends[i] = at + k.length), 0);
  const flat = new Int32Array(han.flat());

  it('by place in the batch, then moved to a chunk: the same bytes as when numbered in it', () => {
    for (const chunk of [0, 1, 7, 2 ** 33 + 5]) {
      const built = inChunk(batchPostings(flat, ends), chunk);
      expect(Buffer.from(built).equals(postingsBinary(han.map((keys, i) => ({ doc: chunk * CHUNK + i, keys }))))).toBe(true);
    }
    expect(rowsOf(inChunk(batchPostings(flat, ends), 3))).toContain(`${ALL_KEY}:3:4:f${'0'.repeat(CHUNK / 4 - 1)}`);
  });

  it('joined to the rows of other keys (without key-0 rows): every row once, as one build of all the keys gives them', () => {
    const names = [[0x00100001], [0x00100001, 0x00100002], [0x00100002], []];
    const chunk = 12;
    const joined = joinCopies(inChunk(batchPostings(flat, ends), chunk), postingsBinary(names.map((keys, i) => ({ doc: chunk * CHUNK + i, keys })), false));
    const whole = postingsBinary(han.map((keys, i) => ({ doc: chunk * CHUNK + i, keys: [...keys, ...names[i]] })));
    expect(rowsOf(joined).sort()).toEqual(rowsOf(whole).sort());
    expect(rowsOf(joined).filter((r) => r.startsWith(`${ALL_KEY}:`))).toHaveLength(1);
    expect(() => batchPostings(new Int32Array(0), new Uint32Array(CHUNK + 1))).toThrow();
  });
});
