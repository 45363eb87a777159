import type { FormInstance } from 'antd';
import { isApiError } from '../../api/client';

/** The server's VALIDATION details as form fields: "body." and the intake's "form." prefixes dropped. */
function fieldErrors(form: FormInstance, error: unknown): { name: string[]; errors: string[] }[] {
  if (!isApiError(error) || error.code !== 'VALIDATION' || !error.details) return [];
  const known = new Set(Object.keys(form.getFieldsValue(true)));
  return error.details
    .map((issue) => {
      let path = Array.isArray(issue.path) ? issue.path.map(String) : String(issue.path).split('.');
      if (path[0] === 'body') path = path.slice(1);
      if (path[0] === 'form') path = path.slice(1);
      // Some refusals name the field without a message of their own (e.g. "not a member").
      return { name: path, errors: [issue.message || error.message] };
    })
    .filter((field) => field.name[0] !== undefined && known.has(field.name[0]));
}

/** Puts the server's field errors on the form; returns whether any matched a field. */
export function applyCaseFormErrors(form: FormInstance, error: unknown): boolean {
  const fields = fieldErrors(form, error);
  if (fields.length > 0) form.setFields(fields);
  return fields.length > 0;
}

/** Whether an error belongs above the form (it did not land on any field). */
export function isFormLevelError(form: FormInstance, error: unknown): boolean {
  return !!error && fieldErrors(form, error).length === 0;
}

/** A fresh Idempotency-Key for an opened request form (also where crypto.randomUUID is missing, e.g. plain http). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
