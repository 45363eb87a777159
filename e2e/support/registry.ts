// Helpers of the registry journeys (workstations, enterprises, directory, registration): the UI's
// words including the registry's own resource file, codes with a correct check character, a small
// PDF, and picking several options in a multi-select.
import { randomInt } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import enUS from '../../web/src/i18n/en-US.json';
import zhCN from '../../web/src/i18n/zh-CN.json';
import registryEnUS from '../../web/src/i18n/features/registry.en-US.json';
import registryZhCN from '../../web/src/i18n/features/registry.zh-CN.json';

type Tree = { [key: string]: string | Tree };

function merge(target: Tree, source: Tree): Tree {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    target[key] = typeof value === 'object' && typeof current === 'object' ? merge({ ...current }, value) : value;
  }
  return target;
}

const RESOURCES: Record<'zh-CN' | 'en-US', Tree> = {
  'zh-CN': merge(structuredClone(zhCN) as Tree, registryZhCN as Tree),
  'en-US': merge(structuredClone(enUS) as Tree, registryEnUS as Tree),
};

/** The UI's wording by key (shell and registry resources), `{{name}}` filled from params. */
export function rt(key: string, params: Record<string, string | number> = {}, locale: 'zh-CN' | 'en-US' = 'zh-CN'): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], RESOURCES[locale]);
  if (typeof value !== 'string') throw new Error(`no ${locale} text for ${key}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

// 统一社会信用代码 (GB 32100-2015): the check character from the first 17 with weights 3^(i-1) mod 31.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function checkChar(first17: string): string {
  const sum = [...first17].reduce((acc, ch, i) => acc + ALPHABET.indexOf(ch) * (WEIGHTS[i] ?? 0), 0);
  return ALPHABET[(31 - (sum % 31)) % 31] ?? '0';
}

/** A random, well-formed code registered in a Shenzhen district (division part 4403xx). */
export function validUscc(prefix = '91440305'): string {
  let body = '';
  for (let i = 0; i < 17 - prefix.length; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  const first17 = prefix + body;
  return first17 + checkChar(first17);
}

/** The same code with a wrong check character. */
export function withWrongCheck(code: string): string {
  const right = code[17] ?? '0';
  const wrong = ALPHABET[(ALPHABET.indexOf(right) + 1) % ALPHABET.length] ?? '1';
  return code.slice(0, 17) + wrong;
}

/** A one-page PDF (the server checks the content type by its bytes). */
export function minimalPdf(title: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  ];
  const text = `BT /F1 18 Tf 72 760 Td (${title.replace(/[()\\]/g, '')}) Tj ET`;
  objects.push(`<< /Length ${text.length} >>\nstream\n${text}\nendstream`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * Picks options in an antd multi-select found by its label: type to narrow the list, move the
 * highlight to the option and press Enter, for each option; then close the list.
 */
export async function chooseMany(scope: Page | Locator, label: string, options: string[]): Promise<void> {
  const page = 'page' in scope ? scope.page() : scope;
  const combobox = scope.getByRole('combobox', { name: label, exact: true });
  for (const option of options) {
    await combobox.click();
    const listbox = await combobox.getAttribute('aria-controls');
    if (!listbox) throw new Error(`the ${label} list did not open`);
    const dropdown = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listbox}"]`) });
    const items = dropdown.locator('.ant-select-item-option');
    await items.first().waitFor();
    await page.keyboard.type(option);
    await expect.poll(async () => (await items.allInnerTexts()).some((text) => text.includes(option))).toBe(true);
    const active = dropdown.locator('.ant-select-item-option-active');
    for (let step = 0; ; step += 1) {
      const text = (await active.count()) > 0 ? await active.innerText() : '';
      if (text.includes(option)) break;
      if (step > 40) throw new Error(`no option "${option}" in ${label}`);
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await dropdown.waitFor({ state: 'hidden' });
  }
}
