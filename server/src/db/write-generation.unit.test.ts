import { describe, expect, it } from 'vitest';
import { classifyStatement, WriteGeneration } from './write-generation';

describe('classifyStatement', () => {
  it('reads and statements that change no table', () => {
    for (const s of ['select 1', '  SELECT * from cases', '(select 1) union (select 2)', 'begin', 'set local enable_seqscan = off', 'savepoint sp1', 'release savepoint sp1', 'show server_version', 'listen x']) {
      expect(classifyStatement(s), s).toEqual({ kind: 'read' });
    }
  });

  it('a CTE that only reads is a read; one with a word that may write is not', () => {
    for (const s of ['with m as materialized (select id, updated_at from patents) select count(*) from m', ' (WITH x AS (select 1) select * from x)']) {
      expect(classifyStatement(s), s).toEqual({ kind: 'read' });
    }
    for (const s of ['with x as (select id from jobs for update) select * from x', 'with k as (select 1), ins as (insert into names (key) select 1 returning id) select * from ins', 'with m as (select 1) merge into t using m on true when matched then delete']) {
      expect(classifyStatement(s), s).toEqual({ kind: 'write', table: null });
    }
  });

  it('the end of a transaction, but not a rollback to a savepoint', () => {
    expect(classifyStatement('commit')).toEqual({ kind: 'end' });
    expect(classifyStatement('ROLLBACK')).toEqual({ kind: 'end' });
    expect(classifyStatement('rollback to savepoint sp1').kind).not.toBe('end');
  });

  it('names the table of a single insert, update or delete', () => {
    expect(classifyStatement('insert into "cases" ("id") values ($1)')).toEqual({ kind: 'write', table: 'cases' });
    expect(classifyStatement('update "sessions" set "last_seen_at" = $1')).toEqual({ kind: 'write', table: 'sessions' });
    expect(classifyStatement('delete from public.jobs where id = $1')).toEqual({ kind: 'write', table: 'jobs' });
    expect(classifyStatement('UPDATE "public"."Jobs" SET x = 1')).toEqual({ kind: 'write', table: 'jobs' });
  });

  it('counts anything else as a write to unknown tables', () => {
    for (const s of ['with x as (update cases set a = 1 returning id) select * from x', 'copy patents from stdin', 'truncate cases', 'create table t (a int)', 'insert into jobs values (1); delete from cases', 'rollback to savepoint sp1']) {
      expect(classifyStatement(s), s).toEqual({ kind: 'write', table: null });
    }
  });
});

describe('WriteGeneration', () => {
  it('moves on every write, except to the tables a reader ignores', () => {
    const g = new WriteGeneration();
    const ignoring = new Set(['jobs']);
    const before = g.version(ignoring);
    g.bump('jobs');
    expect(g.version(ignoring)).toBe(before);
    expect(g.version()).not.toBe(before);
    g.bump('cases');
    expect(g.version(ignoring)).not.toBe(before);
    const mid = g.version(ignoring);
    g.bump(null);
    expect(g.version(ignoring)).not.toBe(mid);
  });

  it('for a reader of some tables, moves on writes to them or to tables not known only', () => {
    const g = new WriteGeneration();
    const reads = new Set(['patents']);
    const before = g.versionOf(reads);
    g.bump('jobs');
    g.bump('cases');
    expect(g.versionOf(reads)).toBe(before);
    g.bump('patents');
    const mid = g.versionOf(reads);
    expect(mid).not.toBe(before);
    g.bump(null);
    expect(g.versionOf(reads)).not.toBe(mid);
    expect(new WriteGeneration(true).versionOf(reads)).toBeNull();
  });

  it('is unknown while other processes cannot be heard', () => {
    const g = new WriteGeneration(true);
    expect(g.version()).toBeNull();
    g.setListening(true);
    expect(g.version()).not.toBeNull();
    g.setListening(false);
    expect(g.version()).toBeNull();
  });
});
