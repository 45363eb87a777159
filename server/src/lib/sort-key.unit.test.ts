import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { sortKey } from './sort-key';

/** The key as it was first defined (rows already stored carry it): the library's whole conversion. */
const reference = (text: string) =>
  `${pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join(' ').toLowerCase()}\u0001${text}`.slice(0, 1000);

/**
 * Names that exercise what the library does with context: polyphones read by the word they are in
 * (银行/行长, 重庆/重要, 长沙/成长), the tone changes of 一 and 不, ü (绿, 吕, 女), the rare syllables
 * with their own tone marks (嗯 ń/ň/ǹ, 呣 m̀, 欸 ê̄), characters outside the basic plane, and Latin text
 * with accents or ü, which must stay as written.
 */
const NAMES = [
  '重庆银行股份有限公司', '深圳市行长俱乐部', '长沙重要行业协会', '成长型企业服务中心', '朝阳区单于科技', '一个不一样的公司',
  '不二家（深圳）食品有限公司', '绿色吕氏女装厂', '嗯嗯网络', '呣呣文化', '欸乃传媒', '𠀀𠀁古籍数字化', '深圳市𪚥龙科技',
  'Müller GmbH 深圳代表处', 'Café Zoë 咖啡', 'ā á ǎ à 声调', 'ABC协会', 'abc协会', '阿里协会', '北京协会', '张江协会',
  '深圳市基准测试12号科技有限公司', '深圳市基准测试2号科技有限公司', '华为技术有限公司', '中兴通讯股份有限公司', '腾讯科技（深圳）有限公司',
  '比亚迪股份有限公司', '大疆创新', '平安银行', '招商银行', '万科企业股份有限公司', '华润（集团）有限公司', '深圳市长城开发科技',
  '曾氏宗亲会', '单县贸易', '解放路商行', '乐乐音乐', '还珠楼', '重重叠叠', '银行行长行走', '〇一二三', '１２３全角', 'ＡＢＣ全角',
  '', ' ', '  前后空格  ', 'O\'Reilly 出版', '3M中国', 'iPhone维修', 'ü', 'ǖǘǚǜ', 'n̄ńňǹ', '😀表情', 'a😀b', '中文😀English',
  '\u0001控制符', 'Ω希腊', 'Привет俄文', '東京繁體', '臺灣繁體', '龍頭企業', 'x'.repeat(1200), '深'.repeat(600),
];

/** Random strings over a pool that mixes all of the above, so runs and syllables meet in every order. */
function randomNames(count: number, seed = 42) {
  let s = seed;
  const rand = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pool = [...new Set(Array.from(NAMES.slice(0, 60).join('')))];
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(rand() * 14) }, () => pool[Math.floor(rand() * pool.length)]).join(''));
}

describe('Chinese sort key', () => {
  it('orders by pinyin under byte order', () => {
    const names = ['张江协会', '阿里协会', '北京协会', '长城协会', 'ABC协会'];
    const sorted = [...names].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    // 阿里 spells "a li", which comes before "abc" letter by letter
    expect(sorted).toEqual(['阿里协会', 'ABC协会', '北京协会', '长城协会', '张江协会']);
  });
  it('keeps the original text as a tie breaker and never contains NUL', () => {
    expect(sortKey('长')).not.toContain('\u0000');
    expect(sortKey('长') < sortKey('长城')).toBe(true);
  });
  it('is the key stored rows carry: the same text for varied Chinese and Latin names, so lists keep their order', () => {
    for (const name of NAMES) expect(sortKey(name), name).toBe(reference(name));
    const byKey = (key: (s: string) => string) => [...NAMES].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    expect(byKey(sortKey)).toEqual(byKey(reference));
  });
  it('is the same key for random mixtures of those characters', () => {
    for (const name of randomNames(20_000)) expect(sortKey(name), name).toBe(reference(name));
  });
});
