import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../test/harness';
import { copyRows, copyText, type CopyColumn } from './bulk';

const ctx = await setupTestApp();

interface Row {
  id: number;
  note: string | null;
  names: string[];
  codes: number[];
  data: unknown;
  at: Date;
}
const COLUMNS: CopyColumn<Row>[] = [
  { name: 'id', kind: 'text', get: (r) => r.id },
  { name: 'note', kind: 'text', get: (r) => r.note },
  { name: 'names', kind: 'text[]', get: (r) => r.names },
  { name: 'codes', kind: 'int[]', get: (r) => r.codes },
  { name: 'data', kind: 'json', get: (r) => r.data },
  { name: 'at', kind: 'timestamp', get: (r) => r.at },
];
const AWKWARD: Row[] = [
  {
    id: 1,
    note: 'tab\there\nnew line\r\\N back\\slash "quoted" {brace} 锂电池',
    names: ['a,b', '"q"', 'back\\slash', '{x}', '', 'NULL', 'tab\tline\nend', '深圳大学'],
    codes: [-2130538644, 0, 1940876327],
    data: [{ number: 'US 1', date: null, note: 'line\nbreak "q" \\' }],
    at: new Date('2026-01-02T03:04:05.678Z'),
  },
  { id: 2, note: null, names: [], codes: [], data: [], at: new Date('2026-01-02T00:00:00Z') },
];
const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
const create = sql`create temp table copy_probe (id int primary key, note text, names text[] not null, codes int4[] not null, data jsonb not null, at timestamptz not null) on commit drop`;

describe('COPY bulk writes', () => {
  it('round-trips escapes, NULLs, arrays and JSON exactly', async () => {
    const got = await ctx.db.transaction(async (tx) => {
      await tx.execute(create);
      expect(await copyRows(tx, 'copy_probe', AWKWARD, COLUMNS)).toBe(true);
      return rows(await tx.execute(sql`select id, note, names, codes, data, at from copy_probe order by id`));
    });
    expect(got).toHaveLength(2);
    for (const [i, want] of AWKWARD.entries()) {
      const g = got[i];
      expect(g.note).toBe(want.note);
      expect(g.names).toEqual(want.names);
      expect(g.codes).toEqual(want.codes);
      expect(typeof g.data === 'string' ? JSON.parse(g.data) : g.data).toEqual(want.data);
      expect(new Date(g.at as string).toISOString()).toBe(want.at.toISOString());
    }
  });

  it('a failed COPY fails the transaction and leaves the connection usable', async () => {
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.execute(create);
        await copyRows(tx, 'copy_probe', [AWKWARD[0], AWKWARD[0]], COLUMNS);
      }),
    ).rejects.toThrow(/duplicate key|unique/i);
    const [r] = rows(await ctx.db.execute(sql`select 1 as ok`));
    expect(Number(r.ok)).toBe(1);
  });

  it('refuses what COPY text cannot carry safely', () => {
    expect(() => copyText([{ ...AWKWARD[1], codes: [1.5] }], COLUMNS)).toThrow(/integer/);
    expect(copyText([], COLUMNS)).toBe('');
  });
});
