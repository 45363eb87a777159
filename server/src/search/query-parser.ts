import { normalizeIpc, numberQueryKey } from '../modules/patents/patents.numbers';
import { asciiLower, foldWidth, isHanOnly, isLatinToken } from './text';

/**
 * The search language (documented on the search pages):
 *
 *   terms separated by spaces must all match     锂电池 隔膜
 *   a run of Chinese characters is a substring    电池 finds 锂电池
 *   Latin words and numbers match whole tokens    5G  OLED   (any letter case)
 *   * after a Latin word matches a prefix         H01M*  lithi*
 *   a patent number matches the number fields     CN113914863A  201710117081.7
 *   "quoted text" matches as written              "锂离子 电池"
 *   a OR b, -a, NOT a, (grouping)                 OR binds tighter than the implicit AND
 *   fields: ti: ab: cl: ap: in: ipc: pd: type: status:   ti:(电池 OR 电容)
 *
 * The operators are the same for every kind of record; the fields and what an unfielded number
 * means are a dialect's (`patentDialect` here, the trademark one in modules/trademarks).
 * A malformed query throws QuerySyntaxError naming the character position of the problem.
 */

export const MAX_QUERY_LENGTH = 500;
/** At most this many terms (and field values) in one query: enough for a searcher's longest OR lists, and a bound on the SQL one request can make. */
export const MAX_QUERY_TERMS = 40;

/** The text fields of patent records; `all` is an unfielded term. */
export type TextField = 'all' | 'ti' | 'ab' | 'cl' | 'ap' | 'in';
export type TextMode = 'substring' | 'token' | 'prefix';

/** A parsed query. `F` is the text fields of the records searched (patents unless said otherwise). */
export type QueryNode<F extends string = TextField> =
  | { kind: 'and'; children: QueryNode<F>[] }
  | { kind: 'or'; children: QueryNode<F>[] }
  | { kind: 'not'; child: QueryNode<F> }
  | { kind: 'text'; field: F; mode: TextMode; value: string; pos: number }
  | { kind: 'number'; key: string; value: string; pos: number }
  | { kind: 'ipc'; prefix: string; pos: number }
  | { kind: 'date'; from: string | null; to: string | null; pos: number }
  | { kind: 'type'; value: PatentType; pos: number }
  | { kind: 'status'; value: string; pos: number }
  /** A Nice class (trademarks), 1–45. */
  | { kind: 'nice'; value: number; pos: number };

/**
 * What differs between the record kinds searched with this language: the field prefixes and what
 * an unfielded term can mean besides text.
 */
export interface QueryDialect<F extends string> {
  /** Prefixes of text fields (these may also head a group), each with the field it means (`mn` → `tm`). */
  textFields: Record<string, Exclude<F, 'all'>>;
  /** Every other prefix, and how its value becomes a leaf (or a QuerySyntaxError at `pos`). */
  fields: Record<string, (value: string, pos: number) => QueryNode<F>>;
  /** An unfielded term that is more than text (a patent number, a registration number), else null. */
  bare?: (value: string, quoted: boolean, pos: number) => QueryNode<F> | null;
}

export const patentTypes = ['invention', 'utility_model', 'design'] as const;
export type PatentType = (typeof patentTypes)[number];
export const legalStatuses = [
  'pending_publication', 'under_examination', 'granted_valid', 'lapsed_fee', 'expired', 'withdrawn_deemed',
  'rejected', 'invalidated_full', 'invalidated_partial', 'transferred', 'licensed', 'pledged',
] as const;
export type LegalStatus = (typeof legalStatuses)[number];

/** Patent types as Chinese registers and exports word them, accepted in files and in `type:`. */
export const PATENT_TYPE_WORDS: Record<string, PatentType> = { 发明: 'invention', 发明专利: 'invention', 发明申请: 'invention', 实用新型: 'utility_model', 实用新型专利: 'utility_model', 外观设计: 'design', 外观设计专利: 'design', 外观: 'design' };

/** The type values a file or `type:` may give, for messages. */
export const PATENT_TYPES_ALLOWED = `${patentTypes.join(' | ')} | 发明 | 实用新型 | 外观设计`;

export const patentTypeOf = (v: string): PatentType | null =>
  (Object.hasOwn(PATENT_TYPE_WORDS, v) ? PATENT_TYPE_WORDS[v] : null) ?? patentTypes.find((x) => x === v.toLowerCase()) ?? null;

/**
 * Legal-status words of CNIPA's register, the commercial databases' exports and the labels this
 * application shows, each naming one status; accepted in files and in `status:`. 有效 and 审中 name
 * one status in a file; in a query their group (LEGAL_STATUS_GROUPS) is looked up first.
 */
export const LEGAL_STATUS_WORDS: Record<string, LegalStatus> = {
  有效: 'granted_valid', 审中: 'under_examination',
  待公开: 'pending_publication', 未公开: 'pending_publication',
  公开: 'under_examination', 实质审查: 'under_examination', 实质审查中: 'under_examination', 实审: 'under_examination', 审查中: 'under_examination', 在审: 'under_examination', 实质审查的生效: 'under_examination',
  授权: 'granted_valid', 授权有效: 'granted_valid', 有效专利: 'granted_valid', 专利权维持: 'granted_valid',
  未缴年费: 'lapsed_fee', 未缴年费终止: 'lapsed_fee', 未缴年费专利权终止: 'lapsed_fee', 欠费失效: 'lapsed_fee',
  期限届满: 'expired', 期满终止: 'expired', 期限届满终止: 'expired', 届满终止: 'expired',
  视为撤回: 'withdrawn_deemed', 撤回: 'withdrawn_deemed', 主动撤回: 'withdrawn_deemed',
  驳回: 'rejected', 被驳回: 'rejected',
  全部无效: 'invalidated_full', 无效: 'invalidated_full', 宣告全部无效: 'invalidated_full',
  部分无效: 'invalidated_partial', 宣告部分无效: 'invalidated_partial',
  权利转移: 'transferred', 专利权转移: 'transferred', 转让: 'transferred',
  许可: 'licensed', 实施许可: 'licensed', 专利实施许可: 'licensed',
  质押: 'pledged', 专利权质押: 'pledged',
};

/**
 * The three-way status of the commercial databases (有效 / 失效 / 审中): in `status:` each matches
 * every status of its group. A file must name one status: 失效 does not say which.
 */
export const LEGAL_STATUS_GROUPS: Record<string, readonly LegalStatus[]> = {
  有效: ['granted_valid', 'transferred', 'licensed', 'pledged', 'invalidated_partial'],
  审中: ['pending_publication', 'under_examination'],
  失效: ['lapsed_fee', 'expired', 'withdrawn_deemed', 'rejected', 'invalidated_full'],
};

/** The one status a file's cell names (an enum value in any case, or a word above), else null. */
export const legalStatusOf = (v: string): LegalStatus | null =>
  (Object.hasOwn(LEGAL_STATUS_WORDS, v) ? LEGAL_STATUS_WORDS[v] : null) ?? legalStatuses.find((x) => x === v.toLowerCase()) ?? null;

/** `messageKey` is an i18n key under `search.`; `position` is 1-based, in characters. */
export class QuerySyntaxError extends Error {
  constructor(
    readonly messageKey: string,
    readonly position: number,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${messageKey} at ${position}`);
  }
}

type Token =
  | { t: 'lparen'; pos: number; neg: boolean; field?: string }
  | { t: 'rparen'; pos: number }
  | { t: 'or' | 'and' | 'not'; pos: number }
  | { t: 'word'; pos: number; neg: boolean; value: string; quoted: boolean; field?: string; fieldPos?: number };

const isSpace = (c: string) => /\s/.test(c);
const OPEN_QUOTE = new Set(['"', '“']);
const CLOSE_FOR: Record<string, string[]> = { '"': ['"', '”'], '“': ['”', '"'] };
const LPAREN = new Set(['(', '（']);
const RPAREN = new Set([')', '）']);

function lex<F extends string>(q: string, d: QueryDialect<F>): Token[] {
  // Full-width forms read as ASCII (５Ｇ is 5G, ＂…＂ quotes); one character for one, so positions hold.
  const chars = [...foldWidth(q)];
  const out: Token[] = [];
  let i = 0;
  const pos = () => i + 1;
  while (i < chars.length) {
    const c = chars[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (RPAREN.has(c)) {
      out.push({ t: 'rparen', pos: pos() });
      i++;
      continue;
    }
    const start = pos();
    let neg = false;
    if (c === '-') {
      neg = true;
      i++;
      if (i >= chars.length || isSpace(chars[i]) || RPAREN.has(chars[i])) throw new QuerySyntaxError('search.dangling_operator', start, { op: '-' });
    }
    let field: string | undefined;
    let fieldPos: number | undefined;
    // A field prefix: letters then a colon (ASCII or full-width).
    const m = /^([A-Za-z]+)[:：]/.exec(chars.slice(i, i + 12).join(''));
    if (m) {
      const name = m[1].toLowerCase();
      if (!isTextField(d, name) && !Object.hasOwn(d.fields, name)) {
        throw new QuerySyntaxError('search.unknown_field', pos(), { field: m[1], fields: fieldsOf(d).join(' ') });
      }
      field = name;
      fieldPos = pos();
      i += m[0].length;
      if (i >= chars.length || isSpace(chars[i]) || RPAREN.has(chars[i])) throw new QuerySyntaxError('search.empty_value', fieldPos, { field: name });
    }
    if (LPAREN.has(chars[i])) {
      out.push({ t: 'lparen', pos: pos(), neg, field });
      i++;
      continue;
    }
    if (OPEN_QUOTE.has(chars[i])) {
      const open = chars[i];
      const qpos = pos();
      i++;
      let value = '';
      while (i < chars.length && !CLOSE_FOR[open].includes(chars[i])) value += chars[i++];
      if (i >= chars.length) throw new QuerySyntaxError('search.unclosed_quote', qpos);
      i++;
      value = value.replace(/\s+/g, ' ').trim();
      if (!value) throw new QuerySyntaxError('search.empty_phrase', qpos);
      out.push({ t: 'word', pos: start, neg, value, quoted: true, field, fieldPos });
      continue;
    }
    let value = '';
    while (i < chars.length && !isSpace(chars[i]) && !LPAREN.has(chars[i]) && !RPAREN.has(chars[i]) && !OPEN_QUOTE.has(chars[i])) value += chars[i++];
    if (!neg && !field && (value === 'OR' || value === 'AND' || value === 'NOT')) {
      out.push({ t: value.toLowerCase() as 'or' | 'and' | 'not', pos: start });
      continue;
    }
    out.push({ t: 'word', pos: start, neg, value, quoted: false, field, fieldPos });
  }
  return out;
}

/** Node type while parsing: text fields are still the dialect's; parseQuery types the result. */
type Node = QueryNode<string>;

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly end: number,
    private readonly d: QueryDialect<string>,
  ) {}

  private peek() {
    return this.tokens[this.i];
  }

  parseQuery(): Node {
    const node = this.conj(undefined);
    const t = this.peek();
    if (t) throw new QuerySyntaxError('search.unexpected_paren', t.pos);
    return node;
  }

  /** disj (AND? disj)*, up to a closing parenthesis or the end. */
  private conj(field: string | undefined): Node {
    const children: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.t === 'rparen') break;
      if (t.t === 'and') {
        if (!children.length) throw new QuerySyntaxError('search.dangling_operator', t.pos, { op: 'AND' });
        this.i++;
        const n = this.peek();
        if (!n || n.t === 'rparen' || n.t === 'or' || n.t === 'and') throw new QuerySyntaxError('search.dangling_operator', t.pos, { op: 'AND' });
        continue;
      }
      if (t.t === 'or') throw new QuerySyntaxError('search.dangling_operator', t.pos, { op: 'OR' });
      children.push(this.disj(field));
    }
    if (!children.length) {
      const t = this.peek();
      throw new QuerySyntaxError(t ? 'search.empty_group' : 'search.empty', t ? t.pos : this.end);
    }
    return children.length === 1 ? children[0] : { kind: 'and', children };
  }

  private disj(field: string | undefined): Node {
    const children = [this.unary(field)];
    while (this.peek()?.t === 'or') {
      const op = this.peek()!;
      this.i++;
      const n = this.peek();
      if (!n || n.t === 'rparen' || n.t === 'or' || n.t === 'and') throw new QuerySyntaxError('search.dangling_operator', op.pos, { op: 'OR' });
      children.push(this.unary(field));
    }
    return children.length === 1 ? children[0] : { kind: 'or', children };
  }

  private unary(field: string | undefined): Node {
    const t = this.peek()!;
    if (t.t === 'not') {
      this.i++;
      const n = this.peek();
      if (!n || n.t === 'rparen' || n.t === 'or' || n.t === 'and') throw new QuerySyntaxError('search.dangling_operator', t.pos, { op: 'NOT' });
      return { kind: 'not', child: this.unary(field) };
    }
    if (t.t === 'lparen') {
      this.i++;
      if (t.field && !isTextField(this.d, t.field)) {
        throw new QuerySyntaxError('search.group_field', t.pos, { field: t.field, allowed: Object.keys(this.d.textFields).join(' ') });
      }
      if (this.peek()?.t === 'rparen') throw new QuerySyntaxError('search.empty_group', t.pos);
      // `(` at the very end: the bracket is what is wrong, not an empty query.
      if (!this.peek()) throw new QuerySyntaxError('search.unclosed_paren', t.pos);
      const inner = this.conj(t.field ?? field);
      const close = this.peek();
      if (!close || close.t !== 'rparen') throw new QuerySyntaxError('search.unclosed_paren', t.pos);
      this.i++;
      return t.neg ? { kind: 'not', child: inner } : inner;
    }
    if (t.t === 'word') {
      this.i++;
      const leaf = makeLeaf(this.d, t, t.field ?? field);
      return t.neg ? { kind: 'not', child: leaf } : leaf;
    }
    throw new QuerySyntaxError('search.unexpected_paren', t.pos);
  }
}

const isTextField = (d: QueryDialect<string>, name: string) => Object.hasOwn(d.textFields, name);
/** Every field prefix of a dialect, text fields first (for the unknown-field message). */
export const fieldsOf = (d: QueryDialect<string>) => [...Object.keys(d.textFields), ...Object.keys(d.fields)];

const DATE_RE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

function dateBound(s: string, end: boolean, pos: number): string | null {
  if (!s) return null;
  const m = DATE_RE.exec(s);
  if (!m) throw new QuerySyntaxError('search.bad_date', pos, { value: s });
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) : end ? 12 : 1;
  if (mo < 1 || mo > 12) throw new QuerySyntaxError('search.bad_date', pos, { value: s });
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const d = m[3] ? Number(m[3]) : end ? last : 1;
  if (d < 1 || d > last) throw new QuerySyntaxError('search.bad_date', pos, { value: s });
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A text term of a field: a Chinese (or mixed) substring, a whole Latin token, or a Latin prefix (`H01M*`). */
export function textTerm<F extends string>(field: F, value: string, quoted: boolean, pos: number): QueryNode<F> {
  if (!quoted && value.endsWith('*')) {
    const body = value.replace(/\*+$/, '');
    if (!body) throw new QuerySyntaxError('search.bad_prefix', pos);
    if (isLatinToken(body)) return { kind: 'text', field, mode: 'prefix', value: asciiLower(body), pos };
    if (body.includes('*')) throw new QuerySyntaxError('search.bad_prefix', pos);
    // A Chinese term already matches anywhere, so a trailing * adds nothing.
    return { kind: 'text', field, mode: 'substring', value: body, pos };
  }
  if (!quoted && value.includes('*')) throw new QuerySyntaxError('search.bad_prefix', pos);
  if (!quoted && isLatinToken(value)) return { kind: 'text', field, mode: 'token', value: asciiLower(value), pos };
  return { kind: 'text', field, mode: 'substring', value, pos };
}

function makeLeaf(d: QueryDialect<string>, t: Extract<Token, { t: 'word' }>, field: string | undefined): Node {
  if (field === undefined) return d.bare?.(t.value, t.quoted, t.pos) ?? textTerm('all', t.value, t.quoted, t.pos);
  if (isTextField(d, field)) return textTerm(d.textFields[field], t.value, t.quoted, t.pos);
  const pos = t.fieldPos ?? t.pos;
  if (Object.hasOwn(d.fields, field)) return d.fields[field](t.value, pos);
  throw new QuerySyntaxError('search.unknown_field', pos, { field, fields: fieldsOf(d).join(' ') });
}

/** The patent dialect: fields ti: ab: cl: ap: in: ipc: pd: type: status:, and patent numbers unfielded. */
export const patentDialect: QueryDialect<TextField> = {
  textFields: { ti: 'ti', ab: 'ab', cl: 'cl', ap: 'ap', in: 'in' },
  fields: {
    ipc: (v, pos) => {
      const code = normalizeIpc(v.replace(/\*+$/, ''));
      if (!code) throw new QuerySyntaxError('search.bad_ipc', pos, { value: v });
      return { kind: 'ipc', prefix: code.replace(/\s+/g, '').toLowerCase(), pos };
    },
    pd: (v, pos) => {
      const parts = v.split('..');
      if (parts.length > 2 || (parts.length === 2 && !parts[0] && !parts[1])) throw new QuerySyntaxError('search.bad_date', pos, { value: v });
      const from = dateBound(parts[0], false, pos);
      const to = parts.length === 2 ? dateBound(parts[1], true, pos) : dateBound(parts[0], true, pos);
      if (from && to && from > to) throw new QuerySyntaxError('search.bad_date', pos, { value: v });
      return { kind: 'date', from, to, pos };
    },
    type: (v, pos) => {
      const value = patentTypeOf(v);
      if (!value) throw new QuerySyntaxError('search.bad_type', pos, { value: v, allowed: PATENT_TYPES_ALLOWED });
      return { kind: 'type', value, pos };
    },
    status: (v, pos) => {
      const group = Object.hasOwn(LEGAL_STATUS_GROUPS, v) ? LEGAL_STATUS_GROUPS[v] : null;
      if (group) return { kind: 'or', children: group.map((value) => ({ kind: 'status', value, pos })) };
      const value = legalStatusOf(v);
      if (!value) throw new QuerySyntaxError('search.bad_status', pos, { value: v, allowed: `有效 | 审中 | 失效 | ${legalStatuses.join(' | ')}` });
      return { kind: 'status', value, pos };
    },
  },
  bare: (v, _quoted, pos) => {
    const key = numberQueryKey(v);
    return key ? { kind: 'number', key, value: v, pos } : null;
  },
};

export const QUERY_FIELDS = fieldsOf(patentDialect);

/** True when the node can only match records it names, i.e. it is not a pure exclusion. */
function anchored(n: Node): boolean {
  if (n.kind === 'not') return false;
  if (n.kind === 'and') return n.children.some(anchored);
  if (n.kind === 'or') return n.children.every(anchored);
  return true;
}

/**
 * Numbers typed with spaces, as registers print them (`CN 113914863 A`, `113914863 A`): two or
 * three plain words in a row that together are a number of the dialect, and not each alone, are one
 * number term. The longest such run wins.
 */
function joinSpacedNumbers(tokens: Token[], d: QueryDialect<string>): Token[] {
  if (!d.bare) return tokens;
  const plain = (t: Token | undefined): t is Extract<Token, { t: 'word' }> => !!t && t.t === 'word' && !t.quoted && !t.field;
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    let joined = 0;
    if (plain(first) && !d.bare(first.value, false, first.pos)) {
      for (const n of [3, 2]) {
        const run = tokens.slice(i, i + n);
        if (run.length === n && run.every(plain) && run.slice(1).every((t) => !t.neg)) {
          const value = run.map((t) => t.value).join(' ');
          if (d.bare(value, false, first.pos)) {
            out.push({ ...first, value });
            joined = n;
            break;
          }
        }
      }
    }
    if (joined) i += joined - 1;
    else out.push(first);
  }
  return out;
}

/** Parses a query in a dialect (patents unless given). */
export function parseQuery(q: string): QueryNode;
export function parseQuery<F extends string>(q: string, dialect: QueryDialect<F>): QueryNode<F>;
export function parseQuery(q: string, dialect: QueryDialect<string> = patentDialect): Node {
  const length = [...q].length;
  if (length > MAX_QUERY_LENGTH) throw new QuerySyntaxError('search.too_long', MAX_QUERY_LENGTH + 1, { max: MAX_QUERY_LENGTH });
  const tokens = joinSpacedNumbers(lex(q, dialect), dialect);
  if (!tokens.length) throw new QuerySyntaxError('search.empty', 1);
  const root = new Parser(tokens, length + 1, dialect).parseQuery();
  if (!anchored(root)) throw new QuerySyntaxError('search.only_negative', 1);
  const leaves = allLeaves(root);
  if (leaves.length > MAX_QUERY_TERMS) {
    const extra = leaves[MAX_QUERY_TERMS] as { pos?: number };
    throw new QuerySyntaxError('search.too_many_terms', extra.pos ?? 1, { max: MAX_QUERY_TERMS });
  }
  return root;
}

/** Every leaf, negated ones included, in query order. */
function allLeaves(n: Node, out: Node[] = []): Node[] {
  if (n.kind === 'and' || n.kind === 'or') n.children.forEach((c) => allLeaves(c, out));
  else if (n.kind === 'not') allLeaves(n.child, out);
  else out.push(n);
  return out;
}

/** The positive leaves (not under NOT): what ranking, snippets and highlighting look for. */
export function positiveLeaves<F extends string>(n: QueryNode<F>, out: QueryNode<F>[] = []): QueryNode<F>[] {
  if (n.kind === 'and' || n.kind === 'or') n.children.forEach((c) => positiveLeaves(c, out));
  else if (n.kind !== 'not') out.push(n);
  return out;
}

/** Han-only terms are the ones whose matching is exactly a substring test; used by ranking and tests. */
export const isHanTerm = <F extends string>(n: QueryNode<F>) => n.kind === 'text' && n.mode === 'substring' && isHanOnly(n.value);
