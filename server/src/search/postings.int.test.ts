import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCorpus, substringQueries, type CorpusRecord } from '../../../bench/search-corpus';
import { setupTestApp } from '../../test/harness';
import { importPatents } from '../modules/patents/patents.import';
import * as repo from '../modules/patents/patents.repository';
import { hanKeysOf } from './indexer';
import { PATENT_POSTINGS } from '../modules/patents/patents.query';
import { ALL_KEY, allocateDocs, anyOfChunks, candidateChunks, candidates, CHUNK, estimateDocs, keySignature, postingsText, writePostings, type ChunkBits } from './postings';
import { parseQuery } from './query-parser';
import { TITLE_KEY_MIN, titleKeysOf } from './title-keys';

/**
 * The Han postings over many chunks: records imported in several imports (each its own chunks),
 * updated, and searched with terms whose bigrams are common in some chunks and absent in others.
 * Every answer is held to a LIKE scan.
 */
const ctx = await setupTestApp();
const jsonl = (rows: object[]) => Readable.from([rows.map((r) => JSON.stringify(r)).join('\n')]);
const rowsOf = async <T>(q: ReturnType<typeof sql>) => ((await ctx.db.execute(q)) as unknown as { rows: T[] }).rows;

const next = createCorpus(77);
const parts: CorpusRecord[][] = Array.from({ length: 4 }, () => Array.from({ length: 90 }, () => next()));
const EXTRA = [
  { externalId: 'pst-a', title: '一种钠离子电池正极材料', abstract: '所述电池包括正极。', publicationDate: '2020-01-01' },
  { externalId: 'pst-b', title: '一种储能装置', abstract: '所述装置包括钠离子电池。', publicationDate: '2021-01-01' },
];

async function likeIds(terms: string[]) {
  const conds = terms.map((t) => {
    const like = `%${t.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    return sql`(title like ${like} or abstract like ${like} or main_claim like ${like} or claims like ${like})`;
  });
  return (await rowsOf<{ id: string }>(sql`select id from patents where ${sql.join(conds, sql` and `)}`)).map((r) => r.id).sort();
}
const searchIds = async (q: string) => (await repo.matchingIds(ctx.db, parseQuery(q), sql`true`)).sort();
const idOf = async (externalId: string) => (await rowsOf<{ id: string }>(sql`select id from patents where external_id = ${externalId}`))[0].id;

const code = (s: string) => hanKeysOf([s])[0];
/** The record numbers of some chunks' bitmaps, ascending. */
const docsOf = (chunks: ChunkBits[]) =>
  chunks.flatMap(({ chunk, bits }) => Array.from({ length: CHUNK }, (_, i) => i).filter((i) => bits[i >> 3] & (0x80 >> (i & 7))).map((i) => chunk * CHUNK + i)).sort((a, b) => a - b);
/** The records holding every key, by the SQL lookup. */
const viaSql = async (req: number[], names: string[] = []) =>
  (await rowsOf<{ d: string }>(sql`select d from (${candidates(PATENT_POSTINGS, req, [], names)}) x(d)`)).map((r) => Number(r.d)).sort((a, b) => a - b);

beforeAll(async () => {
  for (const p of parts) expect((await importPatents(ctx.deps, jsonl(p), 'jsonl')).counts).toMatchObject({ inserted: p.length, bad: 0 });
  expect((await importPatents(ctx.deps, jsonl(EXTRA), 'jsonl')).counts).toMatchObject({ inserted: EXTRA.length });
});

describe('patent postings', () => {
  it('one row per key and chunk, record numbers unique, every record found by its own keys', async () => {
    const [c] = await rowsOf<{ chunks: number; docs: number; n: number }>(sql`
      select (select count(distinct doc / ${CHUNK}) from patents)::int as chunks, (select count(distinct doc) from patents)::int as docs,
             (select count(*) from patents)::int as n`);
    expect(c.chunks).toBe(5);
    expect(c.docs).toBe(c.n);
    // The postings hold exactly the records' keys, Han bigram codes and the ids of the posting keys:
    // as many set bits as keys, and each record's own.
    const texts = await rowsOf<{ doc: string; sig: string; title: string; abstract: string; main_claim: string; claims: string; posting_keys: string[] }>(
      sql`select doc, encode(han_sig, 'hex') as sig, title, abstract, main_claim, claims, posting_keys from patents`,
    );
    const ids = new Map((await rowsOf<{ key: string; id: number }>(sql`select key, id from patent_key_ids`)).map((r) => [r.key, Number(r.id)]));
    expect([...ids.values()].every((id) => id >= 0x00100000 && id < 0x2e800000)).toBe(true);
    const bigramsOf = (t: (typeof texts)[number]) => hanKeysOf([t.title, t.abstract, t.main_claim, t.claims]);
    const hanOf = (t: (typeof texts)[number]) => [...bigramsOf(t), ...titleKeysOf(t.title)];
    // No Han bigram code falls in the range of the other keys' ids, nor in that of the title keys.
    expect(texts.flatMap(bigramsOf).filter((k) => k >= TITLE_KEY_MIN && k < 0x2e800000)).toEqual([]);
    expect(texts.flatMap((t) => titleKeysOf(t.title)).every((k) => k >= TITLE_KEY_MIN && k < 0x00100000)).toBe(true);
    const keysOf = (t: (typeof texts)[number]) => [...hanOf(t), ...t.posting_keys.map((k) => ids.get(k)!)];
    expect(texts.some((t) => t.posting_keys.length > 0)).toBe(true);
    expect(texts.every((t) => t.posting_keys.every((k) => ids.has(k)))).toBe(true);
    const [o] = await rowsOf<{ bits: number; n: number }>(sql`select sum(bit_count(bits))::int as bits, sum(n)::int as n from patent_postings where key <> ${ALL_KEY}`);
    const sum = texts.reduce((s, t) => s + keysOf(t).length, 0);
    expect(o).toEqual({ bits: sum, n: sum });
    const t = texts[7];
    const own = await rowsOf<{ key: number }>(
      sql`select key from patent_postings where chunk = ${Math.floor(Number(t.doc) / CHUNK)} and key <> ${ALL_KEY} and get_bit(bits, ${Number(t.doc) % CHUNK}) = 1`,
    );
    // Every chunk has its row of all its records.
    const [all] = await rowsOf<{ n: number; chunks: number }>(sql`select sum(n)::int as n, count(*)::int as chunks from patent_postings where key = ${ALL_KEY}`);
    expect(all).toEqual({ n: c.n, chunks: c.chunks });
    expect(own.map((r) => Number(r.key)).sort()).toEqual(keysOf(t).sort());
    expect(t.sig).toBe(keySignature(hanOf(t)).toString('hex'));
    const [bad] = await rowsOf<{ n: number }>(sql`select count(*)::int as n from patent_postings where bit_count(bits) <> n`);
    expect(bad.n).toBe(0);
  });

  it('terms spread over several chunks match what LIKE finds, alone and together', async () => {
    const all = parts.flat();
    const singles = [...substringQueries(all, 30, 5), '所述', '钠离子电池', '电池正极'];
    for (const q of singles) expect(await searchIds(q), q).toEqual(await likeIds([q]));
    // Two and three terms: a common bigram (所述) beside rarer ones, two-character terms decided by their key alone.
    const qs = substringQueries(all, 12, 9);
    for (let i = 0; i + 1 < qs.length; i += 2) {
      expect(await searchIds(`${qs[i]} ${qs[i + 1]}`)).toEqual(await likeIds([qs[i], qs[i + 1]]));
      expect(await searchIds(`所述 ${qs[i]}`)).toEqual(await likeIds(['所述', qs[i]]));
    }
    expect(await searchIds('所述 电池 钠离子电池正极材料')).toEqual(await likeIds(['所述', '电池', '钠离子电池正极材料']));
    expect(await searchIds('电池 正极 所述 包括')).toEqual(await likeIds(['电池', '正极', '所述', '包括']));
    expect(await searchIds('钠离子 不存在的词')).toEqual([]);
  });

  it('bitmaps by chunk hold the same records as the SQL lookup, also after keys grew commoner than this process read them', async () => {
    const root = {};
    for (const [req, names] of [[[code('所述')], []], [[code('所述'), code('电池')], []], [[code('电池')], ['w:nosuchtoken']]] as [number[], string[]][]) {
      expect(docsOf(await candidateChunks(ctx.db, root, PATENT_POSTINGS, req, [], names))).toEqual(await viaSql(req, names));
    }
    // Numbers of postings read before an import still choose keys; every new record is found.
    const more = [{ externalId: 'pst-c', title: '所述电池', abstract: '所述电池很常见。', publicationDate: '2022-02-02' }];
    await importPatents(ctx.deps, jsonl(more), 'jsonl');
    const req = [code('所述'), code('电池')];
    const got = docsOf(await candidateChunks(ctx.db, root, PATENT_POSTINGS, req, []));
    expect(got).toEqual(await viaSql(req));
    const [c] = await rowsOf<{ doc: string }>(sql`select doc from patents where external_id = 'pst-c'`);
    expect(got).toContain(Number(c.doc));
    // Any of two sets: the union.
    const union = docsOf(await anyOfChunks(ctx.db, root, PATENT_POSTINGS, [[code('所述')], [code('电池')]]));
    expect(union).toEqual([...new Set([...(await viaSql([code('所述')])), ...(await viaSql([code('电池')]))])].sort((a, b) => a - b));
  });

  it('through the cache of lookups: the same records in the chunks a reader knows, chunks learned later read for cached lookups, copies handed out', async () => {
    const chunksNow = async () => (await rowsOf<{ chunk: string }>(sql`select chunk from patent_postings where key = ${ALL_KEY} order by chunk`)).map((r) => Number(r.chunk));
    const learned = await chunksNow();
    const known = { learned, epoch: 0, knows: (c: number) => learned.includes(c) };
    const root = {};
    const lookups: [number[], string[]][] = [[[code('所述')], []], [[code('所述'), code('电池')], []], [[code('电池')], ['w:nosuchtoken']], [[code('钠离'), code('电池')], []]];
    for (let round = 0; round < 2; round++) {
      // The second round from the cache: the same answers.
      for (const [req, names] of lookups) expect(docsOf(await candidateChunks(ctx.db, root, PATENT_POSTINGS, req, [], names, known)), `${req}`).toEqual(await viaSql(req, names));
    }
    // A caller's change to what it got does not reach the cache.
    const got = await candidateChunks(ctx.db, root, PATENT_POSTINGS, [code('所述')], [], [], known);
    for (const c of got) c.bits.fill(0);
    expect(docsOf(await candidateChunks(ctx.db, root, PATENT_POSTINGS, [code('所述')], [], [], known))).toEqual(await viaSql([code('所述')]));

    // A new chunk: not there until the reader knows it, then read for the keys cached before.
    await importPatents(ctx.deps, jsonl([{ externalId: 'pst-cache', title: '所述电池钠离子', abstract: '所述电池。', publicationDate: '2023-03-03' }]), 'jsonl');
    const [doc] = await rowsOf<{ doc: string }>(sql`select doc from patents where external_id = 'pst-cache'`);
    const newDoc = Number(doc.doc);
    const req = [code('所述'), code('电池')];
    expect(docsOf(await candidateChunks(ctx.db, root, PATENT_POSTINGS, req, [], [], known))).not.toContain(newDoc);
    for (const c of await chunksNow()) if (!learned.includes(c)) learned.push(c);
    const after = docsOf(await candidateChunks(ctx.db, root, PATENT_POSTINGS, req, [], [], known));
    expect(after).toContain(newDoc);
    expect(after).toEqual(await viaSql(req));
    // Any of two sets, from the cache: the union.
    const union = docsOf(await anyOfChunks(ctx.db, root, PATENT_POSTINGS, [[code('所述')], [code('钠离')]], known));
    expect(union).toEqual([...new Set([...(await viaSql([code('所述')])), ...(await viaSql([code('钠离')]))])].sort((a, b) => a - b));
    // A reader that forgot its chunks (another epoch) and knows only the newest: only its records.
    learned.splice(0, learned.length, Math.floor(newDoc / CHUNK));
    known.epoch++;
    expect(docsOf(await candidateChunks(ctx.db, root, PATENT_POSTINGS, req, [], [], known))).toEqual((await viaSql(req)).filter((d) => Math.floor(d / CHUNK) === Math.floor(newDoc / CHUNK)));
  });

  it('estimates the matches of a lookup from the postings: a lone key exactly, several at most the fewest', async () => {
    const code = (s: string) => hanKeysOf([s])[0];
    const exact = async (q: string) => (await likeIds([q])).length;
    expect(await estimateDocs(ctx.db, PATENT_POSTINGS, [code('所述')], [])).toBe(await exact('所述'));
    const both = (await estimateDocs(ctx.db, PATENT_POSTINGS, [code('所述'), code('电池')], []))!;
    expect(both).toBe(Math.min(await exact('所述'), await exact('电池')));
    expect(both).toBeGreaterThanOrEqual((await likeIds(['所述', '电池'])).length);
    expect(await estimateDocs(ctx.db, PATENT_POSTINGS, [code('所述')], ['w:nosuchtoken'])).toBe(0);
    expect(await estimateDocs(ctx.db, PATENT_POSTINGS, [], [])).toBeNull();
  });

  it('an updated record is found by its new text only; one updated without new text keeps its number', async () => {
    const id = await idOf('pst-a');
    const [before] = await rowsOf<{ doc: string }>(sql`select doc from patents where id = ${id}`);
    expect(await searchIds('钠离子电池正极材料')).toContain(id);
    const r = await importPatents(ctx.deps, jsonl([{ ...EXTRA[0], title: '一种镁空气燃料', abstract: '燃料舱体。' }]), 'jsonl');
    expect(r.counts).toMatchObject({ updated: 1 });
    expect(await searchIds('钠离子电池正极材料')).not.toContain(id);
    // A two-character term is decided by its key alone: the old one must be gone too.
    expect(await searchIds('正极')).not.toContain(id);
    expect(await searchIds('正极')).toEqual(await likeIds(['正极']));
    expect(await searchIds('镁空气')).toEqual([id]);
    expect(await searchIds('燃料')).toEqual(await likeIds(['燃料']));
    const [moved] = await rowsOf<{ doc: string }>(sql`select doc from patents where id = ${id}`);
    expect(moved.doc).not.toBe(before.doc);

    const status = await importPatents(ctx.deps, jsonl([{ ...EXTRA[0], title: '一种镁空气燃料', abstract: '燃料舱体。', legalStatus: 'granted_valid' }]), 'jsonl');
    expect(status.counts).toMatchObject({ updated: 1 });
    const [kept] = await rowsOf<{ doc: string }>(sql`select doc from patents where id = ${id}`);
    expect(kept.doc).toBe(moved.doc);
    expect(await searchIds('镁空气')).toEqual([id]);
  });

  it('writePostings outside a transaction (on PostgreSQL through a pool: no COPY, one INSERT of the same text) stores the same bitmaps', async () => {
    const [d] = await allocateDocs(ctx.db, PATENT_POSTINGS, 1);
    await writePostings(ctx.db, PATENT_POSTINGS, [
      { doc: d, keys: [123, -456] },
      { doc: d + 3, keys: [123] },
    ]);
    const rows = await rowsOf<{ key: number; n: number; bits: string }>(sql`select key, n, bits::text as bits from patent_postings where chunk = ${Math.floor(d / CHUNK)} order by key`);
    const bitsOf = (...offs: number[]) => Array.from({ length: CHUNK }, (_, i) => (offs.includes(i) ? '1' : '0')).join('');
    expect(rows).toEqual([
      { key: -456, n: 1, bits: bitsOf(d % CHUNK) },
      { key: ALL_KEY, n: 2, bits: bitsOf(d % CHUNK, (d % CHUNK) + 3) },
      { key: 123, n: 2, bits: bitsOf(d % CHUNK, (d % CHUNK) + 3) },
    ]);
  });

  it('writePostings in a transaction (binary COPY) stores what the text form says, the last bit of a chunk included', async () => {
    const [d] = await allocateDocs(ctx.db, PATENT_POSTINGS, 1);
    const records = [
      { doc: d, keys: [77, -5, 0x00100001] },
      { doc: d + 1, keys: [77] },
      { doc: d + CHUNK - 1, keys: [-5] },
    ];
    await ctx.db.transaction((tx) => writePostings(tx, PATENT_POSTINGS, records));
    const rows = await rowsOf<{ key: number; chunk: number; n: number; bits: string }>(
      sql`select key, chunk, n, bits::text as bits from patent_postings where chunk = ${Math.floor(d / CHUNK)} order by key`,
    );
    const lines = postingsText(records).toString('latin1').trim().split('\n').map((l) => l.split('\t'));
    const toBits = (hex: string) => [...hex.slice(1)].map((h) => parseInt(h, 16).toString(2).padStart(4, '0')).join('');
    expect(rows.map((r) => [Number(r.key), Number(r.chunk), Number(r.n), r.bits])).toEqual(
      lines.map(([k, c, n, b]) => [Number(k), Number(c), Number(n), toBits(b)]).sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    expect(rows.find((r) => Number(r.key) === -5)!.bits.endsWith('1')).toBe(true);
  });

  it('postingsText writes one bitmap line per key and chunk, bit 0 first, chunk by chunk in key order', () => {
    const text = postingsText([
      { doc: 2 * CHUNK + 9, keys: [8, -7] },
      { doc: 2 * CHUNK + 0, keys: [-7] },
      { doc: 3 * CHUNK + 511, keys: [-7] },
      { doc: 2 * CHUNK + 10, keys: [8] },
    ]).toString('latin1');
    const hex = (bytes: Record<number, number>) => `X${Array.from({ length: CHUNK / 8 }, (_, i) => (bytes[i] ?? 0).toString(16).padStart(2, '0')).join('')}`;
    expect(text).toBe(
      [
        `-7\t2\t2\t${hex({ 0: 0x80, 1: 0x40 })}`,
        `0\t2\t3\t${hex({ 0: 0x80, 1: 0x60 })}`,
        `8\t2\t2\t${hex({ 1: 0x60 })}`,
        `-7\t3\t1\t${hex({ 63: 0x01 })}`,
        `0\t3\t1\t${hex({ 63: 0x01 })}`,
        '',
      ].join('\n'),
    );
    // Keys all different (real text has far more distinct bigrams than the generated corpus): no table limit.
    const many = postingsText(Array.from({ length: 20 }, (_, i) => ({ doc: 512 + i, keys: Array.from({ length: 2000 }, (_, k) => i * 2000 + k + 1) })));
    expect(many.toString('latin1').split('\n').length - 1).toBe(20 * 2000 + 1);
    expect(postingsText([]).length).toBe(0);
    // The extremes of int4 sort as signed numbers.
    const ends = postingsText([{ doc: CHUNK, keys: [2147483647, -2147483648, 65535, -65536, 65536] }]).toString('latin1');
    expect(ends.split('\n').map((l) => l.split('\t')[0])).toEqual(['-2147483648', '-65536', '0', '65535', '65536', '2147483647', '']);
  });
});
