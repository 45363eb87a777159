import type { FormInstance } from 'antd';
import { isApiError } from '../../api/client';

/**
 * The server's VALIDATION details on the saved-search form's fields ("results.1.note" lands on the
 * second result's note). Returns whether any matched a field; `dryRun` only answers that.
 */
export function applySavedSearchErrors(form: FormInstance, error: unknown, options: { dryRun?: boolean } = {}): boolean {
  if (!isApiError(error) || error.code !== 'VALIDATION' || !error.details) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true)));
  const fields = error.details
    .map((issue) => {
      let path = Array.isArray(issue.path) ? issue.path.map(String) : String(issue.path).split('.');
      if (path[0] === 'body') path = path.slice(1);
      const message = issue.message || error.message;
      // A list of plain texts is one field (a tags select): the error names the entry it is about.
      const [head, index] = path;
      const list: unknown = form.getFieldValue(head);
      if (Array.isArray(list) && index !== undefined && path.length === 2 && /^\d+$/.test(index) && typeof list[Number(index)] === 'string') {
        return { name: [head], errors: [`${String(list[Number(index)])}：${message}`] };
      }
      return { name: path.map((part) => (/^\d+$/.test(part) ? Number(part) : part)), errors: [message] };
    })
    .filter((field) => typeof field.name[0] === 'string' && known.has(field.name[0]));
  if (fields.length > 0 && !options.dryRun) form.setFields(fields);
  return fields.length > 0;
}

/** The message of a refused query: the server names the problem and its position. */
export function queryProblem(error: unknown): string | null {
  if (!isApiError(error) || error.code !== 'VALIDATION') return null;
  return error.details?.find((issue) => String(issue.path) === 'q' || String(issue.path) === 'query.q')?.message || error.message;
}
