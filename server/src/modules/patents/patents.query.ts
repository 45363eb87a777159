import { sql, type SQL } from 'drizzle-orm';
import { patents } from '../../db/schema';
import { splitSearchKeys } from './patents.keys';
import type { DocTable } from '../../search/doc-order';
import { candidates, type PostingsTable } from '../../search/postings';
import { positiveLeaves, type QueryNode, type TextField } from '../../search/query-parser';
import { escapeRegex, fold, textTest, tokenRegex, whereOf as compileWhere, type SearchTarget } from '../../search/sql';
import { asciiLower, hanBigramCodes, isHanOnly, needsFold } from '../../search/text';
import { titleKeyOfCode, titleKeyOfToken } from '../../search/title-keys';

/**
 * Patent search in SQL: where each text field's terms are looked for (the compiler is
 * search/sql.ts), the relevance score, and the title test that finds the records ranking first.
 */

const p = patents;

/** The inverted index of patents: Han bigrams and the posting keys (db/schema.ts patentPostings, patentKeyIds). */
export const PATENT_POSTINGS: PostingsTable = { table: 'patent_postings', sequence: 'patent_doc_chunks', names: 'patent_key_ids' };
/** Patents in publication-date order, per process (search/doc-order.ts). */
export const PATENT_DOCS: DocTable = { postings: PATENT_POSTINGS, table: 'patents', date: 'publication_date' };

/** The records whose GIN-indexed `search_keys` (IPC `c:` and number `n:` keys) hold all of `keys`. */
export const searchKeysTest = (keys: string[]) => sql`${p.searchKeys} @> array[${sql.join(keys.map((k) => sql`${k}`), sql`, `)}]::text[]`;

/** Keys are built per field group (the four text fields; applicants; inventors), so where the query's field is that whole group, the keys answer exactly. */
export const patentTarget: SearchTarget<TextField> = {
  index: ({ required, optional, keys }) => {
    const { searchKeys, postingKeys } = splitSearchKeys(keys);
    const parts: SQL[] = [];
    if (required.length || optional.length || postingKeys.length) parts.push(sql`${p.doc} = any(array(${candidates(PATENT_POSTINGS, required, optional, postingKeys)}))`);
    if (searchKeys.length) parts.push(searchKeysTest(searchKeys));
    return sql`(${sql.join(parts, sql` and `)})`;
  },
  text: (f) => {
    switch (f) {
      case 'all':
        return { cols: [sql`${p.title}`, sql`${p.abstract}`, sql`${p.mainClaim}`, sql`${p.claims}`], ns: '', keysExact: true };
      case 'ti':
        return { cols: [sql`${p.title}`], ns: '', keysExact: false };
      case 'ab':
        return { cols: [sql`${p.abstract}`], ns: '', keysExact: false };
      case 'cl':
        return { cols: [sql`${p.mainClaim}`, sql`${p.claims}`], ns: '', keysExact: false };
      case 'ap':
        return { cols: [sql`array_to_string(${p.applicants}, E'\\n')`], ns: 'p:', keysExact: true };
      case 'in':
        return { cols: [sql`array_to_string(${p.inventors}, E'\\n')`], ns: 'i:', keysExact: true };
    }
  },
  other: (n) => {
    switch (n.kind) {
      case 'ipc':
        return n.prefix.length <= 24
          ? { han: [], keys: [`c:${n.prefix}`], residual: null }
          : { han: [], keys: [`c:${n.prefix.slice(0, 24)}`], residual: sql`exists (select 1 from unnest(${p.ipc}) c where replace(lower(c), ' ', '') like ${`${n.prefix}%`})` };
      case 'date': {
        const parts: SQL[] = [];
        if (n.from) parts.push(sql`${p.publicationDate} >= ${n.from}::date`);
        if (n.to) parts.push(sql`${p.publicationDate} <= ${n.to}::date`);
        return { han: [], keys: [], residual: sql`coalesce(${sql.join(parts, sql` and `)}, false)` };
      }
      case 'type':
        return { han: [], keys: [], residual: sql`coalesce(${p.type} = ${n.value}, false)` };
      case 'status':
        return { han: [], keys: [], residual: sql`coalesce(${p.legalStatus} = ${n.value}, false)` };
      default:
        throw new Error(`no ${n.kind} field on patents`);
    }
  },
};

/** The WHERE condition of a query. */
export const whereOf = (q: QueryNode): SQL => compileWhere(patentTarget, q);

/**
 * Relevance: a term in the title (100) outranks anything a term can earn elsewhere (abstract 20,
 * claims 5, occurrences up to 20, a jieba word of the record 10, closeness of the first two terms in
 * the abstract up to 30), for a Chinese term and a Latin word or prefix alike; ties go to the newer
 * publication.
 *
 * The dear parts are the `bonus` (at most `max`): a ranked page adds them only to the rows that can
 * still reach it (search/ranked-docs.ts pageByScore). They are the jieba words, kept out of line
 * (their column is read from the TOAST table, ~15 µs a row), and the occurrences and closeness,
 * which copy the abstract and main claim (replace) and search them again: most of scoring a window
 * of ~600 rows, where the title, abstract and claims tests alone leave most rows out (one page's
 * 319 rows: 11 → 4.7 ms, 261 left out; bench/README.md).
 */
export function scoreOf(q: QueryNode): { score: SQL; bonus: { score: SQL; max: number } | null } {
  const parts: SQL[] = [];
  const dear: SQL[] = [];
  let most = 0;
  /** Where each term first is in the abstract (1-based, 0: not there), for closeness. */
  const places: SQL[] = [];
  for (const n of positiveLeaves(q)) {
    if (n.kind !== 'text' || n.field === 'ap' || n.field === 'in') continue;
    if (n.mode === 'substring') {
      const hasAscii = needsFold(n.value);
      const v = hasAscii ? asciiLower(n.value) : n.value;
      const col = (c: SQL) => (hasAscii ? fold(c) : c);
      // Occurrences counted in bytes (what replace() removed ÷ the term's bytes): the same number as in characters, without counting them.
      const occ = (c: SQL) => sql`(octet_length(${col(c)}) - octet_length(replace(${col(c)}, ${v}, ''))) / ${Buffer.byteLength(v)}`;
      parts.push(sql`(case when strpos(${col(sql`${p.title}`)}, ${v}) > 0 then 100 else 0 end)`);
      parts.push(sql`(case when strpos(${col(sql`${p.abstract}`)}, ${v}) > 0 then 20 else 0 end)`);
      parts.push(sql`(case when strpos(${col(sql`${p.mainClaim}`)}, ${v}) > 0 or strpos(${col(sql`${p.claims}`)}, ${v}) > 0 then 5 else 0 end)`);
      dear.push(sql`least(2 * (${occ(sql`${p.abstract}`)} + ${occ(sql`${p.mainClaim}`)}), 20)`);
      most += 20;
      dear.push(sql`(case when ${p.segWords} @> array[${v}]::text[] then 10 else 0 end)`);
      most += 10;
      places.push(sql`strpos(${col(sql`${p.abstract}`)}, ${v})`);
    } else {
      // A Latin word or prefix earns what a Chinese term does: the title, abstract and claims, its
      // occurrences, its closeness to another term. Occurrences are counted with the separator after
      // the token looked ahead at, not taken, so "5G 5G" counts two.
      const prefix = n.mode === 'prefix';
      const re = tokenRegex(n.value, prefix);
      const each = `(^|[^a-z0-9])${escapeRegex(n.value)}${prefix ? '' : '(?=[^a-z0-9]|$)'}`;
      const occ = (c: SQL) => sql`regexp_count(${fold(c)}, ${each})`;
      parts.push(sql`(case when ${fold(sql`${p.title}`)} ~ ${re} then 100 else 0 end)`);
      parts.push(sql`(case when ${fold(sql`${p.abstract}`)} ~ ${re} then 20 else 0 end)`);
      parts.push(sql`(case when ${fold(sql`${p.mainClaim}`)} ~ ${re} or ${fold(sql`${p.claims}`)} ~ ${re} then 5 else 0 end)`);
      dear.push(sql`least(2 * (${occ(sql`${p.abstract}`)} + ${occ(sql`${p.mainClaim}`)}), 20)`);
      most += 20;
      if (!prefix) {
        dear.push(sql`(case when ${p.segWords} @> array[${n.value}]::text[] then 10 else 0 end)`);
        most += 10;
      }
      places.push(sql`regexp_instr(${fold(sql`${p.abstract}`)}, ${each})`);
    }
  }
  if (places.length >= 2) {
    // The first two terms: the nearer in the abstract, the more points.
    const [pa, pb] = places;
    dear.push(sql`(case when ${pa} > 0 and ${pb} > 0 then 30.0 / (1 + abs(${pa} - ${pb}) / 8.0) else 0 end)`);
    most += 30;
  }
  return {
    score: parts.length ? sql`(${sql.join(parts, sql` + `)})` : sql`0`,
    bonus: dear.length ? { score: sql`(${sql.join(dear, sql` + `)})`, max: most } : null,
  };
}

/** "Some positive term is in the title": the cheap test that finds the records ranking first. */
export function titleOf(q: QueryNode): SQL | null {
  const tests: SQL[] = [];
  for (const n of positiveLeaves(q)) {
    if (n.kind !== 'text' || (n.field !== 'all' && n.field !== 'ti')) continue;
    tests.push(textTest([sql`${p.title}`], n));
  }
  return tests.length ? sql`(${sql.join(tests, sql` or `)})` : null;
}

/**
 * The title keys (search/title-keys.ts) of the terms `titleOf` tests, one list per term: a record
 * with a term in its title has all of that term's keys. Null when some such term has none to give
 * (a single character, a prefix, Latin and Han in one term): its title hits are then found by
 * testing titles alone.
 */
export function titleLookupOf(q: QueryNode): number[][] | null {
  const terms: number[][] = [];
  for (const n of positiveLeaves(q)) {
    if (n.kind !== 'text' || (n.field !== 'all' && n.field !== 'ti')) continue;
    if (n.mode === 'token') terms.push([titleKeyOfToken(n.value)]);
    else if (n.mode === 'substring' && isHanOnly(n.value) && [...n.value].length >= 2) terms.push([...hanBigramCodes(n.value)].map(titleKeyOfCode));
    else return null;
  }
  return terms;
}
