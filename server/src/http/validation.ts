import { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors';
import { hasMessage, translate, type Locale } from '../i18n/messages';

const zodLocales = { 'zh-CN': z.locales.zhCN(), 'en-US': z.locales.en() } as const;

/**
 * Turns zod issues into `path: message` details in the caller's language. Our own refinements use a
 * message key (e.g. `validation.uscc`); everything else is rendered by zod's own locale tables.
 */
export function issuesToDetails(issues: z.core.$ZodIssue[], locale: Locale): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        details.push({ path: [...issue.path, key].join('.'), message: translate(locale, 'validation.unknown_field') });
      }
      continue;
    }
    const path = issue.path.map(String).join('.') || '(body)';
    let message: string;
    if (issue.message && hasMessage(issue.message)) message = translate(locale, issue.message);
    else if (issue.code === 'invalid_type') {
      // The input is not kept on the issue, so say what is expected rather than what was sent.
      message = translate(locale, 'validation.expected', { expected: issue.expected });
    } else {
      const rendered = zodLocales[locale].localeError(issue as never);
      message = typeof rendered === 'string' ? rendered : rendered?.message ?? issue.message;
    }
    details.push({ path, message });
  }
  return details;
}

export const validationError = (error: z.ZodError, locale: Locale) =>
  new AppError('VALIDATION', { details: issuesToDetails(error.issues, locale) });
