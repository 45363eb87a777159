import { z } from 'zod';
import { passwordSchema } from '../auth/schemas';
import { usccField } from '../enterprises/schemas';

// The registration form, with the API's rules (POST /api/registrations); messages are i18n keys.

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const registrationSchema = z
  .object({
    code: z
      .string({ error: 'validation.required' })
      .trim()
      .min(1, { error: 'validation.required' })
      .regex(/^[A-Za-z0-9-\s]{8,20}$/, { error: 'validation.invitationCode' }),
    uscc: usccField,
    username: z
      .string({ error: 'validation.required' })
      .trim()
      .min(3, { error: 'validation.usernameLength' })
      .max(64, { error: 'validation.usernameLength' })
      .regex(/^[A-Za-z0-9_.-]+$/, { error: 'validation.usernameChars' }),
    displayName: z
      .string({ error: 'validation.required' })
      .trim()
      .min(1, { error: 'validation.required' })
      .max(100, { error: 'validation.displayNameLength' }),
    email: z.preprocess(blankToUndefined, z.email({ error: 'validation.email' }).max(254, { error: 'validation.email' }).optional().nullable()),
    password: passwordSchema,
    confirmPassword: z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }),
  })
  .refine((values) => values.password === values.confirmPassword, { error: 'validation.passwordMismatch', path: ['confirmPassword'] });

export type RegistrationValues = z.input<typeof registrationSchema>;
