import enUS from '../../web/src/i18n/en-US.json';
import zhCN from '../../web/src/i18n/zh-CN.json';

type Resources = typeof zhCN;
const RESOURCES: Record<'zh-CN' | 'en-US', Resources> = { 'zh-CN': zhCN, 'en-US': enUS as unknown as Resources };

/**
 * The UI's own wording, looked up by key, so journeys find controls by the same label a person
 * reads without copying the text into every test. `{{name}}` placeholders are filled from params.
 */
export function t(key: string, params: Record<string, string | number> = {}, locale: 'zh-CN' | 'en-US' = 'zh-CN'): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], RESOURCES[locale]);
  if (typeof value !== 'string') throw new Error(`no ${locale} text for ${key}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}
