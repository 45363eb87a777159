/**
 * Where an import batch's time goes, phase by phase (a diagnostic for the search index):
 *   N=4000 npx tsx bench/index-phases.ts                 # PGlite, temporary data dir
 *   DATABASE_URL=postgres://… N=4000 npx tsx bench/index-phases.ts
 * Keys are computed first (timed apart); then each batch of 500 is written in one transaction,
 * timing the COPY of the records and the COPY of their Han postings separately. Switches for
 * comparisons: NO_POSTINGS=1 (records only).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../server/src/db/client';
import { migrate } from '../server/src/db/migrate';
import { indexFields, mergeRecord } from '../server/src/modules/patents/patents.import';
import { normalizeRow } from '../server/src/modules/patents/patents.record';
import * as repo from '../server/src/modules/patents/patents.repository';
import { createCorpus } from './search-corpus';
import { copyRows } from '../server/src/search/bulk';
import { writeKeyedPostings } from '../server/src/search/postings';
import { PATENT_POSTINGS } from '../server/src/modules/patents/patents.query';

const N = Number(process.env.N ?? 4000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipstation-index-phases-'));
const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, command: 'index-phases' });
await migrate(handle);
const next = createCorpus(42);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e3; };
const t = cpu();
const rows = [];
for (let i = 0; i < N; i++) {
  const r = normalizeRow(next() as never);
  if (!r.ok) throw new Error('bad row');
  const s = mergeRecord(null, r.record);
  rows.push({ ...s, ...indexFields(s) });
}
const keysMs = cpu() - t;
const phase: Record<string, number> = {};
const time = async <T>(name: string, f: () => Promise<T>) => {
  const c0 = cpu();
  const w0 = performance.now();
  const v = await f();
  phase[`${name} cpu`] = (phase[`${name} cpu`] ?? 0) + cpu() - c0;
  phase[`${name} wall`] = (phase[`${name} wall`] ?? 0) + performance.now() - w0;
  return v;
};
const batch = randomUUID();
for (let i = 0; i < N; i += 500) {
  const part = rows.slice(i, i + 500);
  await handle.db.transaction(async (tx) => {
    const stamped = await time('allocate', () => repo.stamp(tx, part, batch, new Date()));
    await time('copy records', () => copyRows(tx, 'patents', stamped, repo.COPY_COLUMNS));
    if (!process.env.NO_POSTINGS) await time('copy postings', () => writeKeyedPostings(tx, PATENT_POSTINGS, stamped.map((r) => ({ doc: r.doc, keys: r.hanKeys, names: r.searchKeys }))));
  });
}
const per = (ms: number) => Math.round((ms / N) * 1000) / 1000;
console.log(JSON.stringify({ engine: handle.engine, n: N, keysMsPerRecord: per(keysMs), ...Object.fromEntries(Object.entries(phase).map(([k, v]) => [`${k} ms/rec`, per(v)])), load: os.loadavg()[0].toFixed(1) }));
await handle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
