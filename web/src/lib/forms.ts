import type { FormInstance } from 'antd';
import type { FormRule as Rule } from 'antd';
import type { z } from 'zod';
import { isApiError } from '../api/client';
import { i18n } from '../i18n';

/**
 * An antd rule that checks one field with a zod object schema. The whole form is parsed so that
 * cross-field refinements (e.g. "passwords match") report on the field they name. Schema messages
 * are i18n keys.
 */
export function zodRule(schema: z.ZodType, field: string): Rule {
  return (form) => ({
    validator: async (_rule, value) => {
      const values = { ...form.getFieldsValue(true), [field]: value };
      const result = schema.safeParse(values);
      if (result.success) return;
      const issue = result.error.issues.find((candidate) => String(candidate.path[0]) === field);
      if (issue) throw new Error(i18n.t(issue.message));
    },
  });
}

/** Put the server's VALIDATION details on the matching form fields. Returns whether any matched. */
export function applyServerErrors(form: FormInstance, error: unknown): boolean {
  if (!isApiError(error) || error.code !== 'VALIDATION' || !error.details) return false;
  const known = new Set(Object.keys(form.getFieldsValue()));
  const fields = error.details
    .map((issue) => {
      const path = Array.isArray(issue.path) ? issue.path : String(issue.path).split('.');
      // The server may prefix with the request part ("body.username").
      const trimmed = path[0] === 'body' ? path.slice(1) : path;
      return { name: trimmed.map(String), errors: [issue.message] };
    })
    .filter((field) => field.name[0] !== undefined && known.has(field.name[0]));
  if (fields.length > 0) form.setFields(fields.map((field) => ({ name: field.name, errors: field.errors })));
  return fields.length > 0;
}
