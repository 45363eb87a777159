import { pinyin } from 'pinyin-pro';

/**
 * The one place Chinese ordering is defined. PGlite and a PostgreSQL server can have different
 * collations, so lists never sort by `name` itself: they sort by this key (toneless pinyin, then the
 * original text) under the byte-wise "C" collation, which orders the same on every engine.
 */
export function sortKey(text: string): string {
  const spelled = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .join(' ')
    .toLowerCase();
  return `${spelled}\u0001${text}`.slice(0, 1000);
}
