import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvEncodingOf, PATENT_HEADER_ALIASES, readRows, type ColumnOptions } from './patents.readers';
import { KNOWN_FIELDS } from './patents.record';
import { gbk } from '../../../test/gbk';

const columns: ColumnOptions = { aliases: PATENT_HEADER_ALIASES, fields: KNOWN_FIELDS };

describe('readRows', () => {
  it('gives other work a turn while it reads rows that are already buffered', async () => {
    // One chunk of 3,000 lines: every row is there at once, and promises alone would never let a timer in.
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ externalId: `r${i}`, title: '一种电池' })).join('\n');
    let readWhenTimerRan = -1;
    let read = 0;
    setTimeout(() => (readWhenTimerRan = read), 0);
    for await (const row of readRows(Readable.from([lines]), 'jsonl', columns)) {
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

/** A buffer as a stream of small chunks, so characters and the first 64 kB are split across them. */
const chunked = (b: Buffer, size = 7) => Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));

async function rowsOf(stream: Readable, opts: Partial<ColumnOptions> = {}) {
  const rows = [];
  for await (const r of readRows(stream, 'csv', { ...columns, ...opts })) rows.push(r);
  return rows;
}

describe('CSV as Excel and exports save it', () => {
  const header = '申请号,名称,申请人地址,序号,法律状态\r\n';
  const line = (i: number) => `2017101170${String(i).padStart(2, '0')}.7,一种锂电池隔膜的制备方法${i},广东省深圳市南山区,${i},授权有效\r\n`;

  it('reads GBK (Excel on Chinese Windows), also past the first 64 kB and with characters split between chunks', async () => {
    const n = 1500;
    const text = header + Array.from({ length: n }, (_, i) => line(i % 100)).join('');
    const bytes = gbk(text);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(csvEncodingOf(bytes.subarray(0, 64 * 1024))).toBe('gb18030');
    let ignored: string[] = [];
    const rows = await rowsOf(chunked(bytes), { onIgnored: (h) => (ignored = h) });
    expect(rows).toHaveLength(n);
    expect(rows[0]).toEqual({ line: 2, data: { applicationNumber: '201710117000.7', title: '一种锂电池隔膜的制备方法0', legalStatus: '授权有效' } });
    expect(rows[n - 1].data).toMatchObject({ title: `一种锂电池隔膜的制备方法${(n - 1) % 100}` });
    // The export's columns that no record keeps are left unread and named once.
    expect(ignored).toEqual(['申请人地址', '序号']);
  });

  it('reads UTF-8 with and without a byte-order mark, and UTF-16 with one', async () => {
    const text = header + Array.from({ length: 1500 }, (_, i) => line(i % 100)).join('');
    for (const bytes of [Buffer.from(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])]) {
      const rows = await rowsOf(chunked(bytes, 5));
      expect(rows).toHaveLength(1500);
      expect(rows[1499].data).toEqual({ applicationNumber: '201710117099.7', title: '一种锂电池隔膜的制备方法99', legalStatus: '授权有效' });
    }
    // A short file is decided by all of it.
    expect(await rowsOf(Readable.from([gbk('名称\r\n一种电池\r\n')]))).toEqual([{ line: 2, data: { title: '一种电池' } }]);
  });

  it('keeps the columns of a file that has no known column, so each row says what is wrong', async () => {
    let called = false;
    const rows = await rowsOf(Readable.from(['foo,bar\n1,2\n']), { onIgnored: () => (called = true) });
    expect(rows).toEqual([{ line: 2, data: { foo: '1', bar: '2' } }]);
    expect(called).toBe(false);
  });
});
