import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';

type Tree = { [key: string]: string | Tree };

/** Every leaf key as a dotted path, plural suffixes folded (total_one, total_other -> total). */
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, '')}`] : keys(value, `${prefix}${key}.`),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.includes('.test.') ? [path] : [];
  });
}

/** The shell's resources plus every feature file (i18n/features/<feature>.<locale>.json). */
function withFeatures(base: Tree, locale: string): string[] {
  const dir = fileURLToPath(new URL('./features', import.meta.url));
  const extra = readdirSync(dir)
    .filter((f) => f.endsWith(`.${locale}.json`))
    .flatMap((f) => keys(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Tree));
  return [...keys(base), ...extra];
}

const zh = new Set(withFeatures(zhCN as Tree, 'zh-CN'));
const en = new Set(withFeatures(enUS as Tree, 'en-US'));

describe('web i18n resources', () => {
  it('zh-CN and en-US have the same keys', () => {
    expect([...zh].filter((key) => !en.has(key))).toEqual([]);
    expect([...en].filter((key) => !zh.has(key))).toEqual([]);
  });

  it('every literal key the code uses exists', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const used = new Set<string>();
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      // t('a.b'), i18n.t('a.b'), label: 'nav.x' and schema messages { error: 'validation.x' }.
      for (const match of text.matchAll(/\bt\(\s*'([\w.-]+)'|(?:label|error|title): '((?:nav|validation|error)\.[\w.-]+)'/g)) {
        used.add((match[1] ?? match[2]) as string);
      }
      for (const match of text.matchAll(/\?\s*'([a-z]+\.[\w.]+)'\s*:\s*'([a-z]+\.[\w.]+)'/g)) {
        used.add(match[1] as string);
        used.add(match[2] as string);
      }
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !zh.has(key)).sort()).toEqual([]);
  });
});
