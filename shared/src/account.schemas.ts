import { z } from 'zod';

/**
 * Field rules shared by the API and the web forms. Messages are i18n keys; the server renders them
 * in the caller's language and the web app looks them up in its own resource files.
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export function passwordKinds(p: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
}
export const isStrongPassword = (p: string) => p.length >= PASSWORD_MIN && passwordKinds(p) >= 3;

export const usernameField = z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, 'validation.username');
export const passwordField = z.string().max(PASSWORD_MAX).refine(isStrongPassword, 'validation.password_weak');
export const displayNameField = z.string().trim().min(1).max(100);
export const emailField = z.email().max(254);
export const localeField = z.enum(['zh-CN', 'en-US']);
export const orgNameField = z.string().trim().min(1).max(200);
