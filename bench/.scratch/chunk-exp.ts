import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createCorpus } from '../search-corpus';
import { hanKeysOf } from '../../server/src/search/indexer';

const N = 20000;
const next = createCorpus(42);
const recs: { doc: number; keys: number[] }[] = [];
for (let i = 0; i < N; i++) {
  const r = next() as any;
  recs.push({ doc: i, keys: [0, ...hanKeysOf([r.title, r.abstract, r.mainClaim ?? '', r.claims ?? ''])] });
}
function text(chunk: number): Buffer {
  const lines: string[] = [];
  for (let c0 = 0; c0 < N; c0 += chunk) {
    const m = new Map<number, number[]>();
    for (let d = c0; d < Math.min(N, c0 + chunk); d++) for (const k of recs[d].keys) { let l = m.get(k); if (!l) m.set(k, (l = [])); l.push(d - c0); }
    for (const [k, offs] of [...m].sort((a, b) => a[0] - b[0])) {
      const bits = new Uint8Array(chunk / 4);
      for (const o of offs) bits[o >> 2] |= 8 >> (o & 3);
      let hex = '';
      for (const b of bits) hex += b.toString(16);
      lines.push(`${k}\t${c0 / chunk}\t${offs.length}\tX${hex}`);
    }
  }
  console.log(`chunk ${chunk}: ${lines.length} rows`);
  return Buffer.from(lines.join('\n') + '\n');
}
function binary(chunk: number): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)];
  for (let c0 = 0; c0 < N; c0 += chunk) {
    const m = new Map<number, number[]>();
    for (let d = c0; d < Math.min(N, c0 + chunk); d++) for (const k of recs[d].keys) { let l = m.get(k); if (!l) m.set(k, (l = [])); l.push(d - c0); }
    for (const [k, offs] of [...m].sort((a, b) => a[0] - b[0])) {
      const b = Buffer.alloc(2 + 4 + 4 + 4 + 8 + 4 + 2 + 4 + 4 + chunk / 8);
      let at = b.writeInt16BE(4, 0);
      at = b.writeInt32BE(4, at); at = b.writeInt32BE(k, at);
      at = b.writeInt32BE(8, at); at = b.writeBigInt64BE(BigInt(c0 / chunk), at);
      at = b.writeInt32BE(2, at); at = b.writeInt16BE(offs.length, at);
      at = b.writeInt32BE(4 + chunk / 8, at); at = b.writeInt32BE(chunk, at);
      for (const o of offs) b[at + (o >> 3)] |= 0x80 >> (o & 7);
      parts.push(b);
    }
  }
  const end = Buffer.alloc(2); end.writeInt16BE(-1, 0); parts.push(end);
  return Buffer.concat(parts);
}
const t512 = text(512), t2048 = text(2048);
const b512 = binary(512), b2048 = binary(2048);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e3; };
if (process.env.PG) {
  const c = new pg.Client({ connectionString: process.env.PG }); await c.connect();
  for (const [chunk, t, fmt] of [[512, t512, ''], [2048, t2048, ''], [512, b512, 'b'], [2048, b2048, 'b'], [512, t512, ''], [512, b512, 'b']] as const) {
    await c.query(`drop table if exists px; create table px (key int4, chunk int8, n int2, bits bit(${chunk}), primary key (key, chunk))`);
    const pid = (await c.query('select pg_backend_pid() p')).rows[0].p;
    const st = () => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
    const s0 = st(); const w = performance.now();
    await pipeline(Readable.from([t]), c.query(copyFrom(`copy px from stdin${fmt ? ' (format binary)' : ''}`)));
    console.log(`PG chunk ${chunk}${fmt}: wall ${(performance.now() - w).toFixed(0)} ms, server cpu ${st() - s0} ms`);
  }
  await c.end();
} else {
  const db = new PGlite();
  for (const [chunk, t, fmt] of [[512, t512, ''], [2048, t2048, ''], [512, b512, 'b'], [2048, b2048, 'b'], [512, t512, ''], [512, b512, 'b']] as const) {
    await db.exec(`drop table if exists px; create table px (key int4, chunk int8, n int2, bits bit(${chunk}), primary key (key, chunk))`);
    const c0 = cpu();
    await db.query(`copy px from '/dev/blob'${fmt ? ' (format binary)' : ''}`, [], { blob: new Blob([t]) });
    console.log(`PGlite chunk ${chunk}${fmt}: cpu ${(cpu() - c0).toFixed(0)} ms`);
  }
}
