import { positiveLeaves, type QueryNode } from './query-parser';
import { asciiLower, foldWidth } from './text';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Range = [number, number];

/** Where the query's positive text terms occur in a text (UTF-16 offsets), by the search's own rules. */
export function matchRanges(text: string, q: QueryNode<string>, fields: string[]): Range[] {
  // Both folds keep every offset, so the ranges fit the original text.
  const lower = asciiLower(foldWidth(text));
  const ranges: Range[] = [];
  for (const n of positiveLeaves(q)) {
    if (n.kind !== 'text' || !fields.includes(n.field)) continue;
    if (n.mode === 'substring') {
      const needle = asciiLower(foldWidth(n.value));
      for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) ranges.push([i, i + needle.length]);
    } else {
      const re = new RegExp(`(?<![a-z0-9])${escapeRegex(n.value)}${n.mode === 'prefix' ? '[a-z0-9]*' : ''}(?![a-z0-9])`, 'g');
      for (const m of lower.matchAll(re)) ranges.push([m.index!, m.index! + m[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/** Text with the given ranges in <mark>…</mark>, everything else HTML-escaped. */
export function highlight(text: string, ranges: Range[]): string {
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    out += `${escapeHtml(text.slice(at, s))}<mark>${escapeHtml(text.slice(s, e))}</mark>`;
    at = e;
  }
  return out + escapeHtml(text.slice(at));
}

/**
 * A short passage around the first match in the first source that has one (each source: a text and
 * the query fields that look in it), with the matched text marked; else the start of `fallback`
 * (default: the first non-empty source). Safe to insert as HTML: all record text is escaped.
 */
export function passageOf(sources: [text: string, fields: string[]][], q: QueryNode<string>, width = 160, fallback?: string): string {
  for (const [text, fields] of sources) {
    const ranges = matchRanges(text, q, fields);
    if (!ranges.length) continue;
    const start = Math.max(0, ranges[0][0] - Math.floor(width / 4));
    const end = Math.min(text.length, start + width);
    const inWindow = ranges.filter(([s, e]) => s >= start && e <= end);
    const shifted = inWindow.map(([s, e]) => [s - start, e - start] as Range);
    return `${start > 0 ? '…' : ''}${highlight(text.slice(start, end), shifted)}${end < text.length ? '…' : ''}`;
  }
  const text = fallback ?? sources.find(([t]) => t)?.[0] ?? '';
  return escapeHtml(text.slice(0, width)) + (text.length > width ? '…' : '');
}

/** A patent's snippet: from the abstract, else the claims, else the title. */
export function snippetOf(r: { title: string; abstract: string; mainClaim: string; claims: string }, q: QueryNode, width = 160): string {
  return passageOf(
    [
      [r.abstract, ['all', 'ab']],
      [r.mainClaim, ['all', 'cl']],
      [r.claims, ['all', 'cl']],
      [r.title, ['all', 'ti']],
    ],
    q,
    width,
    r.abstract || r.mainClaim || r.title,
  );
}
