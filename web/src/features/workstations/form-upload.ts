// Requests whose answer depends on the status code (201 created vs 200 joined, 202 queued) and
// multipart uploads (documents, spreadsheets): the shared JSON client returns bodies only and sends
// JSON only, so these go through here with the same cookie, CSRF token, language and error shape.
import { ApiError, buildUrl, type FieldIssue } from '../../api/client';
import { i18n } from '../../i18n';

export interface FormResponse<T> {
  status: number;
  body: T;
}

/**
 * POSTs a FormData (multipart) or an object (JSON). Non-2xx answers throw an ApiError, except those listed in `keepStatuses`,
 * whose body is returned as is (e.g. an import refused with its row report).
 */
export async function postForm<T>(path: string, form: FormData | object, csrfToken: string | null, keepStatuses: number[] = []): Promise<FormResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const isForm = form instanceof FormData;
  if (!isForm) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(buildUrl(path), { method: 'POST', headers, body: isForm ? form : JSON.stringify(form), credentials: 'include' });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK', message: i18n.t('error.network') });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (response.ok || keepStatuses.includes(response.status)) {
    const payload = (body as { error?: unknown; data?: unknown } | undefined) ?? {};
    if (response.ok || payload.data !== undefined) return { status: response.status, body: body as T };
  }
  const error = (body as { error?: { code?: string; message?: string; details?: FieldIssue[]; requestId?: string } } | undefined)?.error;
  throw new ApiError({
    status: response.status,
    code: error?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL'),
    message: error?.message || i18n.t('error.unknown'),
    details: Array.isArray(error?.details) ? error.details : undefined,
    requestId: error?.requestId,
  });
}

/** Human-readable file size. */
export function formatBytes(size: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
