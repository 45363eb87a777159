import { sql, type SQL } from 'drizzle-orm';
import { patents } from '../../db/schema';
import { positiveLeaves, type QueryNode, type TextField } from '../../search/query-parser';
import { asciiLower, bigramCode, HAN, isExactBigram, isHanOnly, literalKeys, MAX_PREFIX_KEY } from '../../search/text';

/**
 * Compiles a parsed query to SQL on the patents table. Every leaf is `keys ⊆ han_keys/search_keys`
 * (GIN lookups, a necessary condition) AND an exact test on the text where the keys alone are not exact;
 * so a Chinese term matches exactly the records a LIKE '%term%' scan finds, only faster.
 */

const p = patents;
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** ASCII-only case folding, the same as text.ts asciiLower (lower() would follow the server's locale). */
const fold = (e: SQL) => sql`translate(${e}, ${UPPER}, ${LOWER})`;

const textColumns = (f: TextField): SQL[] => {
  switch (f) {
    case 'all':
      return [sql`${p.title}`, sql`${p.abstract}`, sql`${p.mainClaim}`, sql`${p.claims}`];
    case 'ti':
      return [sql`${p.title}`];
    case 'ab':
      return [sql`${p.abstract}`];
    case 'cl':
      return [sql`${p.mainClaim}`, sql`${p.claims}`];
    case 'ap':
      return [sql`array_to_string(${p.applicants}, E'\\n')`];
    case 'in':
      return [sql`array_to_string(${p.inventors}, E'\\n')`];
  }
};
const keyNamespace = (f: TextField) => (f === 'ap' ? 'p:' : f === 'in' ? 'i:' : '');

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Compiled {
  /** Han bigram codes every matching record has (han_keys). */
  han: number[];
  /** Other keys every matching record has (search_keys). */
  keys: string[];
  /** The rest of the exact condition (null = the keys are exact). */
  residual: SQL | null;
}

const TRUE = null;

function substringTest(cols: SQL[], value: string): SQL {
  const hasAscii = /[A-Za-z]/.test(value);
  const needle = hasAscii ? asciiLower(value) : value;
  const tests = cols.map((c) => sql`strpos(${hasAscii ? fold(c) : c}, ${needle}) > 0`);
  return sql`(${sql.join(tests, sql` or `)})`;
}

function tokenTest(cols: SQL[], token: string, prefix: boolean): SQL {
  const re = `(^|[^a-z0-9])${escapeRegex(token)}${prefix ? '' : '([^a-z0-9]|$)'}`;
  return sql`(${sql.join(cols.map((c) => sql`${fold(c)} ~ ${re}`), sql` or `)})`;
}

function leaf(n: QueryNode): Compiled {
  switch (n.kind) {
    case 'text': {
      const ns = keyNamespace(n.field);
      const cols = textColumns(n.field);
      // Keys are built per field group (the four text fields; applicants; inventors), so where the
      // query's field is that whole group, the keys answer exactly.
      const keysExact = n.field === 'all' || n.field === 'ap' || n.field === 'in';
      if (n.mode === 'token') return { han: [], keys: [`${ns}w:${n.value}`], residual: keysExact ? TRUE : tokenTest(cols, n.value, false) };
      if (n.mode === 'prefix') {
        const short = n.value.length <= MAX_PREFIX_KEY;
        return { han: [], keys: [`${ns}x:${n.value.slice(0, MAX_PREFIX_KEY)}`], residual: keysExact && short ? TRUE : tokenTest(cols, n.value, true) };
      }
      const keys = literalKeys(n.value, ns);
      const han = ns ? [] : hanCodes(n.value);
      // A two-character Chinese term is one bigram: its key is the exact answer.
      const chars = [...n.value];
      const exactByKey = n.field === 'all' && isHanOnly(n.value) && chars.length === 2 && isExactBigram(chars[0], chars[1]);
      return { han, keys, residual: exactByKey ? TRUE : substringTest(cols, n.value) };
    }
    case 'number':
      return { han: [], keys: [n.key], residual: TRUE };
    case 'ipc':
      return n.prefix.length <= 24
        ? { han: [], keys: [`c:${n.prefix}`], residual: TRUE }
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
      throw new Error('not a leaf');
  }
}

/** Bigram codes of the Han runs of a literal (every adjacent pair within a run). */
function hanCodes(literal: string): number[] {
  const codes = new Set<number>();
  let run: string[] = [];
  for (const ch of [...literal, ' ']) {
    if (HAN.test(ch)) run.push(ch);
    else {
      for (let i = 0; i + 1 < run.length; i++) codes.add(bigramCode(run[i], run[i + 1]));
      run = [];
    }
  }
  return [...codes];
}

const keysContain = (keys: string[]) => sql`${p.searchKeys} @> array[${sql.join(keys.map((k) => sql`${k}`), sql`, `)}]::text[]`;
// Integers are inlined: they are computed here, never taken from the caller's text.
const hanContain = (codes: number[]) => sql`${p.hanKeys} @> ${sql.raw(`'{${codes.map((c) => String(Math.trunc(c))).join(',')}}'::int4[]`)}`;

function asCondition(c: Compiled): SQL {
  const parts: SQL[] = [];
  if (c.han.length) parts.push(hanContain(c.han));
  if (c.keys.length) parts.push(keysContain(c.keys));
  if (c.residual) parts.push(c.residual);
  return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

function compile(n: QueryNode): Compiled {
  if (n.kind === 'and') {
    const cs = n.children.map(compile);
    const residuals = cs.map((c) => c.residual).filter((r): r is SQL => !!r);
    return {
      han: [...new Set(cs.flatMap((c) => c.han))],
      keys: [...new Set(cs.flatMap((c) => c.keys))],
      residual: residuals.length ? sql`(${sql.join(residuals, sql` and `)})` : TRUE,
    };
  }
  if (n.kind === 'or') return { han: [], keys: [], residual: sql`(${sql.join(n.children.map((c) => asCondition(compile(c))), sql` or `)})` };
  if (n.kind === 'not') return { han: [], keys: [], residual: sql`not ${asCondition(compile(n.child))}` };
  return leaf(n);
}

/** The WHERE condition of a query. */
export const whereOf = (q: QueryNode): SQL => asCondition(compile(q));

/**
 * Relevance: a term in the title (100) outranks anything a term can earn elsewhere (abstract 20,
 * claims 5, occurrences up to 20, a jieba word of the record 10, closeness of two terms up to 30);
 * ties go to the newer publication.
 */
export function scoreOf(q: QueryNode): SQL {
  const parts: SQL[] = [];
  const hanTerms: string[] = [];
  for (const n of positiveLeaves(q)) {
    if (n.kind !== 'text' || n.field === 'ap' || n.field === 'in') continue;
    if (n.mode === 'substring') {
      const hasAscii = /[A-Za-z]/.test(n.value);
      const v = hasAscii ? asciiLower(n.value) : n.value;
      const col = (c: SQL) => (hasAscii ? fold(c) : c);
      const occ = (c: SQL) => sql`(length(${col(c)}) - length(replace(${col(c)}, ${v}, ''))) / ${[...v].length}`;
      parts.push(sql`(case when strpos(${col(sql`${p.title}`)}, ${v}) > 0 then 100 else 0 end)`);
      parts.push(sql`(case when strpos(${col(sql`${p.abstract}`)}, ${v}) > 0 then 20 else 0 end)`);
      parts.push(sql`(case when strpos(${col(sql`${p.mainClaim}`)}, ${v}) > 0 or strpos(${col(sql`${p.claims}`)}, ${v}) > 0 then 5 else 0 end)`);
      parts.push(sql`least(2 * (${occ(sql`${p.abstract}`)} + ${occ(sql`${p.mainClaim}`)}), 20)`);
      parts.push(sql`(case when ${p.segWords} @> array[${v}]::text[] then 10 else 0 end)`);
      if (isHanOnly(n.value)) hanTerms.push(n.value);
    } else {
      const re = `(^|[^a-z0-9])${escapeRegex(n.value)}${n.mode === 'prefix' ? '' : '([^a-z0-9]|$)'}`;
      parts.push(sql`(case when ${fold(sql`${p.title}`)} ~ ${re} then 100 else 0 end)`);
      parts.push(sql`(case when ${fold(sql`${p.abstract}`)} ~ ${re} then 20 else 0 end)`);
      if (n.mode === 'token') parts.push(sql`(case when ${p.segWords} @> array[${n.value}]::text[] then 10 else 0 end)`);
    }
  }
  if (hanTerms.length >= 2) {
    const [a, b] = hanTerms;
    const pa = sql`strpos(${p.abstract}, ${a})`;
    const pb = sql`strpos(${p.abstract}, ${b})`;
    parts.push(sql`(case when ${pa} > 0 and ${pb} > 0 then 30.0 / (1 + abs(${pa} - ${pb}) / 8.0) else 0 end)`);
  }
  return parts.length ? sql`(${sql.join(parts, sql` + `)})` : sql`0`;
}

/** "Some positive term is in the title": the cheap test that finds the records ranking first. */
export function titleOf(q: QueryNode): SQL | null {
  const tests: SQL[] = [];
  for (const n of positiveLeaves(q)) {
    if (n.kind !== 'text' || (n.field !== 'all' && n.field !== 'ti')) continue;
    if (n.mode === 'substring') tests.push(substringTest([sql`${p.title}`], n.value));
    else tests.push(tokenTest([sql`${p.title}`], n.value, n.mode === 'prefix'));
  }
  return tests.length ? sql`(${sql.join(tests, sql` or `)})` : null;
}
