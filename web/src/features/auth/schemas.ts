import { z } from 'zod';

// Web-side copies of the API's limits; messages are i18n keys (translated by zodRule).

const PASSWORD_CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

export const passwordSchema = z
  .string({ error: 'validation.required' })
  .min(10, { error: 'validation.passwordLength' })
  .max(128, { error: 'validation.passwordLength' })
  .refine((value) => PASSWORD_CLASSES.filter((pattern) => pattern.test(value)).length >= 3, {
    error: 'validation.passwordClasses',
  });

export const signInSchema = z.object({
  username: z.string({ error: 'validation.required' }).trim().min(1, { error: 'validation.required' }),
  password: z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }),
});

export const totpCodeSchema = z.object({
  code: z
    .string({ error: 'validation.required' })
    .trim()
    .regex(/^\d{6}$/, { error: 'validation.totpCode' }),
});

export const passwordChangeSchema = z
  .object({
    currentPassword: z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }),
    newPassword: passwordSchema,
    confirmPassword: z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }),
  })
  .refine((values) => values.newPassword === values.confirmPassword, {
    error: 'validation.passwordMismatch',
    path: ['confirmPassword'],
  })
  .refine((values) => values.newPassword !== values.currentPassword, {
    error: 'validation.passwordUnchanged',
    path: ['newPassword'],
  });

export const passwordResetRequestSchema = z.object({
  login: z.string({ error: 'validation.required' }).trim().min(1, { error: 'validation.required' }).max(254, { error: 'validation.required' }),
});

export const passwordResetSchema = z
  .object({
    newPassword: passwordSchema,
    confirmPassword: z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }),
  })
  .refine((values) => values.newPassword === values.confirmPassword, {
    error: 'validation.passwordMismatch',
    path: ['confirmPassword'],
  });
