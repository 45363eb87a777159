import { z } from 'zod';
import { LOCALES, ROLES } from '../../api/types';
import { passwordSchema } from '../auth/schemas';

const displayName = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required' })
  .max(100, { error: 'validation.displayNameLength' });

const email = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.email({ error: 'validation.email' }).max(254, { error: 'validation.email' }).optional().nullable(),
);

const organizationId = z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' });
const role = z.enum(ROLES, { error: 'validation.required' });

export const createUserSchema = z.object({
  username: z
    .string({ error: 'validation.required' })
    .trim()
    .min(3, { error: 'validation.usernameLength' })
    .max(64, { error: 'validation.usernameLength' })
    .regex(/^[A-Za-z0-9_.-]+$/, { error: 'validation.usernameChars' }),
  displayName,
  email,
  password: passwordSchema,
  organizationId,
  role,
});

export const editUserSchema = z.object({
  displayName,
  email,
  locale: z.enum(LOCALES, { error: 'validation.required' }),
});

export const addRoleSchema = z.object({ organizationId, role });
