import { pinyin } from 'pinyin-pro';

/**
 * The one place Chinese ordering is defined. PGlite and a PostgreSQL server can have different
 * collations, so lists never sort by `name` itself: they sort by this key (toneless pinyin, then the
 * original text) under the byte-wise "C" collation, which orders the same on every engine.
 */
export function sortKey(text: string): string {
  return `${spell(text).toLowerCase()}\u0001${text}`.slice(0, 1000);
}

/**
 * The key's spelling: the library's pinyin of each Chinese character without tone marks and with
 * ü written v, and other text as it is, joined by spaces. This is exactly
 * `pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join(' ')`
 * (the unit test holds the two equal), but the library strips tones with nine regular
 * expressions per syllable, two thirds of the cost of a name (an import of 120,000 names spent
 * ~2 s on it); here each toned syllable is stripped once and remembered.
 *
 * The library tells a spelled character from other text only inside: its array holds a syllable
 * for each Chinese character and each run of other text as it is. A run is recognised by being the
 * text at that point (a syllable never is: it is Latin letters where the text has a Chinese
 * character); should the items not account for the text exactly, the library's own conversion is
 * used.
 */
function spell(text: string): string {
  const items = pinyin(text, { type: 'array', nonZh: 'consecutive' });
  const out = new Array<string>(items.length);
  let at = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item !== '' && text.startsWith(item, at)) {
      out[i] = item;
      at += item.length;
    } else {
      out[i] = toneless(item);
      const c = text.charCodeAt(at);
      at += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
  }
  if (at === text.length) return out.join(' ');
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join(' ');
}

const TONELESS = new Map<string, string>();

/** A syllable without its tone mark, ü as v: what the library's `toneType: 'none'` and `v: true` do. */
function toneless(syllable: string): string {
  let plain = TONELESS.get(syllable);
  if (plain === undefined) {
    plain = stripTones(syllable).replace(/ü/g, 'v');
    // Syllables are a closed set (~1,500 toned spellings); the bound only guards against surprises.
    if (TONELESS.size < 20_000) TONELESS.set(syllable, plain);
  }
  return plain;
}

/** pinyin-pro 3.29's own tone stripping (core/pinyin/handle.mjs), which it does not export. */
const stripTones = (pinyin: string) =>
  pinyin
    .replace(/(ā|á|ǎ|à)/g, 'a')
    .replace(/(ō|ó|ǒ|ò)/g, 'o')
    .replace(/(ē|é|ě|è)/g, 'e')
    .replace(/(ī|í|ǐ|ì)/g, 'i')
    .replace(/(ū|ú|ǔ|ù)/g, 'u')
    .replace(/(ǖ|ǘ|ǚ|ǜ)/g, 'ü')
    .replace(/(n̄|ń|ň|ǹ)/g, 'n')
    .replace(/(m̄|ḿ|m̌|m̀)/g, 'm')
    .replace(/(ê̄|ế|ê̌|ề)/g, 'ê');
