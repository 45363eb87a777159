// Pure helpers of the search pages: narrowing a query by a facet, and reading the server's snippets.

export type FacetKind = 'ipc' | 'applicant' | 'year';

/** The query term a facet adds: `ipc:H01M`, `ap:"深圳市某某有限公司"`, `pd:2021`. */
export function facetTerm(kind: FacetKind, value: string): string {
  const v = value.trim();
  switch (kind) {
    case 'ipc':
      return `ipc:${v.replace(/\s+/g, '')}`;
    case 'year':
      return `pd:${v}`;
    case 'applicant': {
      // The query language quotes with "…" or “…”; a name that holds both kinds cannot be quoted, so
      // its quote marks are dropped (the name still matches as a substring of the applicant).
      if (!v.includes('"')) return `ap:"${v}"`;
      if (!v.includes('“') && !v.includes('”')) return `ap:“${v}”`;
      return `ap:"${v.replace(/["“”]/g, ' ').replace(/\s+/g, ' ').trim()}"`;
    }
  }
}

/** Whether the query already holds the term as a whole (space-separated) term, in any letter case. */
export function hasTerm(q: string, term: string): boolean {
  const needle = term.toLowerCase();
  const text = q.toLowerCase();
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const before = at === 0 ? ' ' : text[at - 1];
    const after = at + needle.length >= text.length ? ' ' : text[at + needle.length];
    if (/[\s(（]/.test(before ?? ' ') && /[\s)）]/.test(after ?? ' ')) return true;
  }
  return false;
}

/**
 * The query narrowed by one more term. Terms separated by spaces must all match and the implicit
 * AND binds loosest, so appending a term always narrows whatever the query was (`a OR b` becomes
 * `(a OR b) AND term`).
 */
export function narrow(q: string, term: string): string {
  const trimmed = q.trim();
  if (!trimmed) return term;
  if (hasTerm(trimmed, term)) return trimmed;
  return `${trimmed} ${term}`;
}

export interface SnippetPart {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Undoes the server's HTML escaping of record text, so React can render (and escape) it as text. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/**
 * Reads a snippet as the server writes it (matched text in <mark>…</mark>, everything else
 * escaped) into plain text parts. Nothing of it is ever inserted as HTML: any other tag is shown as
 * the text it is.
 */
export function parseSnippet(html: string | null | undefined): SnippetPart[] {
  if (!html) return [];
  const parts: SnippetPart[] = [];
  const push = (raw: string, marked: boolean) => {
    const text = unescapeHtml(raw);
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.marked === marked) last.text += text;
    else parts.push({ text, marked });
  };
  const re = /<mark>([\s\S]*?)<\/mark>/gi;
  let at = 0;
  for (const match of html.matchAll(re)) {
    push(html.slice(at, match.index), false);
    push(match[1] ?? '', true);
    at = match.index + match[0].length;
  }
  push(html.slice(at), false);
  return parts;
}
