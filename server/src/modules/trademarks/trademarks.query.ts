import { sql, type SQL } from 'drizzle-orm';
import { trademarks } from '../../db/schema';
import { positiveLeaves, QuerySyntaxError, textTerm, type QueryDialect, type QueryNode } from '../../search/query-parser';
import { fold, ginIndex, textTest, whereOf as compileWhere, type SearchTarget } from '../../search/sql';
import { asciiLower, needsFold } from '../../search/text';
import { niceClassOf, normalizeRegistrationNumber, statusOf, trademarkStatuses } from './trademarks.record';

/**
 * Trademark search: the patent search language (search/query-parser.ts) with the trademark fields,
 * compiled by search/sql.ts on the trademarks table.
 *
 *   tm: or mn:   mark name          mn:华为
 *   gs:          goods/services     gs:手机
 *   ap:          applicant          ap:华为技术
 *   nc:          Nice class 1–45    nc:9
 *   status:      trademark status   status:registered  status:已注册
 *   a number (G and digits for international registrations) also finds that registration number.
 */

export type TrademarkTextField = 'all' | 'tm' | 'gs' | 'ap';
export type TrademarkQuery = QueryNode<TrademarkTextField>;

export const trademarkDialect: QueryDialect<TrademarkTextField> = {
  textFields: { tm: 'tm', mn: 'tm', gs: 'gs', ap: 'ap' },
  fields: {
    nc: (v, pos) => {
      const n = niceClassOf(v);
      if (n === null) throw new QuerySyntaxError('search.bad_nice_class', pos, { value: v });
      return { kind: 'nice', value: n, pos };
    },
    status: (v, pos) => {
      const s = statusOf(v);
      if (!s) throw new QuerySyntaxError('search.bad_trademark_status', pos, { value: v, allowed: trademarkStatuses.join(' | ') });
      return { kind: 'status', value: s, pos };
    },
  },
  bare: (v, quoted, pos) => {
    const reg = !quoted && /^[Gg]?\d+$/.test(v) ? normalizeRegistrationNumber(v) : null;
    if (!reg) return null;
    // The registration number, or the same digits as a word of the mark name or goods.
    return { kind: 'or', children: [{ kind: 'number', key: `n:${reg.toLowerCase()}`, value: v, pos }, textTerm<TrademarkTextField>('all', v, false, pos)] };
  },
};

const t = trademarks;
const markName = sql`${t.markName}`;
const goods = sql`${t.goodsServices}`;

/** han_keys hold the bigrams of mark name and goods/services; applicants' keys are `p:` search keys. */
export const trademarkTarget: SearchTarget<TrademarkTextField> = {
  index: ginIndex(t.hanKeys, t.searchKeys),
  text: (f) => {
    switch (f) {
      case 'all':
        return { cols: [markName, goods], ns: '', keysExact: true };
      case 'tm':
        return { cols: [markName], ns: '', keysExact: false };
      case 'gs':
        return { cols: [goods], ns: '', keysExact: false };
      case 'ap':
        return { cols: [sql`array_to_string(${t.applicants}, E'\\n')`], ns: 'p:', keysExact: true };
    }
  },
  other: (n) => {
    switch (n.kind) {
      case 'nice':
        return { han: [], keys: [], residual: sql`${t.niceClasses} @> array[${n.value}]::int4[]` };
      case 'status':
        return { han: [], keys: [], residual: sql`coalesce(${t.status} = ${n.value}, false)` };
      default:
        throw new Error(`no ${n.kind} field on trademarks`);
    }
  },
};

export const whereOf = (q: TrademarkQuery): SQL => compileWhere(trademarkTarget, q);

/** Positive text terms that rank: in the mark name or goods/services (applicant terms only filter). */
const rankedTerms = (q: TrademarkQuery) =>
  positiveLeaves(q).filter((n): n is Extract<TrademarkQuery, { kind: 'text' }> => n.kind === 'text' && n.field !== 'ap');

/**
 * Relevance: a term in the mark name (100, and up to 20 more the more of the name it is, 50 more
 * when it is the whole name) outranks a term only in the goods/services (10); ties go to the newer
 * filing.
 */
export function scoreOf(q: TrademarkQuery): SQL {
  const parts: SQL[] = [];
  for (const n of rankedTerms(q)) {
    if (n.field !== 'gs') {
      parts.push(sql`(case when ${textTest([markName], n)} then 100 else 0 end)`);
      if (n.mode === 'substring') {
        const hasAscii = needsFold(n.value);
        const v = hasAscii ? asciiLower(n.value) : n.value;
        const name = hasAscii ? fold(markName) : markName;
        parts.push(sql`(case when strpos(${name}, ${v}) > 0 then 20.0 * ${[...v].length} / greatest(char_length(${name}), 1) else 0 end)`);
        parts.push(sql`(case when ${name} = ${v} then 50 else 0 end)`);
      } else if (n.mode === 'token') {
        parts.push(sql`(case when ${fold(markName)} = ${n.value} then 50 else 0 end)`);
      }
    }
    if (n.field !== 'tm') parts.push(sql`(case when ${textTest([goods], n)} then 10 else 0 end)`);
  }
  return parts.length ? sql`(${sql.join(parts, sql` + `)})` : sql`0`;
}

/** "Some positive term is in the mark name": the cheap test that finds the records ranking first. */
export function markNameOf(q: TrademarkQuery): SQL | null {
  const tests = rankedTerms(q)
    .filter((n) => n.field !== 'gs')
    .map((n) => textTest([markName], n));
  return tests.length ? sql`(${sql.join(tests, sql` or `)})` : null;
}
