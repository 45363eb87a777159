import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/zh-cn';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALES, type Locale } from '../api/types';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';

type Tree = { [key: string]: string | Tree };

/**
 * Each feature keeps its strings in i18n/features/<feature>.<locale>.json, merged over the shell's
 * resources, so features never edit one shared file at the same time.
 */
const featureFiles = import.meta.glob<Tree>('./features/*.json', { eager: true, import: 'default' });

function merge(target: Tree, source: Tree): Tree {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    target[key] = typeof value === 'object' && typeof current === 'object' ? merge({ ...current }, value) : value;
  }
  return target;
}

function resourcesFor(locale: string, base: Tree): Tree {
  let out: Tree = { ...base };
  for (const [path, tree] of Object.entries(featureFiles)) if (path.endsWith(`.${locale}.json`)) out = merge(out, tree);
  return out;
}

const STORAGE_KEY = 'ipstation.locale';
export const DEFAULT_LOCALE: Locale = 'zh-CN';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'en-US': 'en' };

function applyDocumentLocale(locale: Locale): void {
  dayjs.locale(DAYJS_LOCALE[locale]);
  document.documentElement.lang = locale;
  document.title = i18next.t('app.title');
}

export const i18n = i18next;

await i18next.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: resourcesFor('zh-CN', zhCN as Tree) },
    'en-US': { translation: resourcesFor('en-US', enUS as Tree) },
  },
  lng: storedLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyDocumentLocale(currentLocale());

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : DEFAULT_LOCALE;
}

/** Switch the UI language and remember it on this browser. */
export async function changeLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode without storage: the switch still applies to this page.
  }
  await i18next.changeLanguage(locale);
  applyDocumentLocale(locale);
}
