import { describe, expect, it } from 'vitest';
import { copyBytes, copyText, type CopyColumn } from './bulk';

// COPY text as PostgreSQL defines it, string by string: what the byte writer must produce.
const esc = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
const element = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
function reference(kind: CopyColumn<unknown>['kind'], v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (kind === 'text[]') return esc(`{${(v as string[]).map(element).join(',')}}`);
  if (kind === 'int[]') return `{${(v as number[]).join(',')}}`;
  if (kind === 'json') return esc(JSON.stringify(v));
  if (kind === 'timestamp') return (v as Date).toISOString();
  if (kind === 'bytea') return `\\\\x${Buffer.from(v as Uint8Array).toString('hex')}`;
  return esc(String(v));
}

interface Row {
  id: number;
  short: string | null;
  long: string;
  names: string[];
  data: unknown;
  sig: Buffer;
  at: Date;
}
const COLUMNS: CopyColumn<Row>[] = [
  { name: 'id', kind: 'text', get: (r) => r.id },
  { name: 'short', kind: 'text', get: (r) => r.short },
  { name: 'long', kind: 'text', get: (r) => r.long },
  { name: 'names', kind: 'text[]', get: (r) => r.names },
  { name: 'data', kind: 'json', get: (r) => r.data },
  { name: 'sig', kind: 'bytea', get: (r) => r.sig },
  { name: 'at', kind: 'timestamp', get: (r) => r.at },
];
const at = new Date('2026-01-02T03:04:05.678Z');
const ROWS: Row[] = [
  {
    id: 1,
    short: 'tab\there',
    long: `一种锂电池 OLED "quoted" \\ back\\slash\nnew line\r${'长文本'.repeat(20)}`,
    names: ['a,b', '"q"', 'back\\slash', '{x}', '', 'NULL', 'tab\tline\nend', '深圳大学', 'é ü', '\ud83d\ude00 emoji', 'lone \ud800 surrogate', 'w:oled', 'x:o'],
    data: [{ number: 'US 1', date: null, note: 'line\nbreak "q" \\' }],
    sig: Buffer.from([0, 1, 0xab, 0xff]),
    at,
  },
  { id: 2, short: null, long: '', names: [], data: [], sig: Buffer.alloc(0), at },
  { id: 3, short: '深圳', long: 'plain ascii text that is longer than thirty-two characters', names: ['x'.repeat(40), '华为技术有限公司'.repeat(5)], data: { a: 1 }, sig: Buffer.from([7]), at: new Date(0) },
];

describe('copyBytes', () => {
  it('writes the bytes of COPY text as defined value by value: escapes, NULLs, arrays, JSON, bytea, non-ASCII and surrogates', () => {
    const want = ROWS.map((r) => `${COLUMNS.map((c) => reference(c.kind, c.get(r))).join('\t')}\n`).join('');
    expect(copyBytes(ROWS, COLUMNS).equals(Buffer.from(want, 'utf8'))).toBe(true);
    expect(copyText(ROWS, COLUMNS)).toBe(Buffer.from(want, 'utf8').toString('utf8'));
  });

  it('grows past the size it guessed', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ ...ROWS[0], id: i, long: '锂'.repeat(i * 10) }));
    const want = many.map((r) => `${COLUMNS.map((c) => reference(c.kind, c.get(r))).join('\t')}\n`).join('');
    copyBytes(ROWS.slice(1, 2), COLUMNS); // a small last call: a small guess
    expect(copyBytes(many, COLUMNS).equals(Buffer.from(want, 'utf8'))).toBe(true);
  });
});
