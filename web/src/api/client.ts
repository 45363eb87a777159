// The one way the web talks to the API: cookies ride along, every non-GET request carries the
// CSRF token from the last login / me / password response, the server answers in the user's
// language (Accept-Language), and every error body becomes an ApiError.
import { i18n } from '../i18n';

/** The API's error codes the web reacts to; others (e.g. MFA_INVALID) are shown by their message. */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'BAD_CREDENTIALS'
  | 'MFA_INVALID'
  | 'CSRF'
  | 'FORBIDDEN'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'MFA_ENROLMENT_REQUIRED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VERSION_CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'NETWORK'
  | (string & {});

export interface FieldIssue {
  path: string | (string | number)[];
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: FieldIssue[] | undefined;
  readonly requestId: string | undefined;

  constructor(init: { status: number; code: ErrorCode; message: string; details?: FieldIssue[]; requestId?: string }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

interface ClientHooks {
  onUnauthenticated?: () => void;
  onPasswordChangeRequired?: () => void;
  onMfaEnrolmentRequired?: () => void;
}

let csrfToken: string | null = null;
let hooks: ClientHooks = {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once by the session provider so the client can send people to sign-in or the password step. */
export function setClientHooks(next: ClientHooks): void {
  hooks = next;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.language,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, options.headers);
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'include',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'NETWORK', message: i18n.t('error.network') });
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = await toApiError(response);
  if (error.code === 'UNAUTHENTICATED') hooks.onUnauthenticated?.();
  if (error.code === 'PASSWORD_CHANGE_REQUIRED') hooks.onPasswordChangeRequired?.();
  if (error.code === 'MFA_ENROLMENT_REQUIRED') hooks.onMfaEnrolmentRequired?.();
  throw error;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const payload = (body as { error?: Partial<ApiError> & { code?: ErrorCode } } | undefined)?.error;
  if (payload && typeof payload.code === 'string') {
    return new ApiError({
      status: response.status,
      code: payload.code,
      message: payload.message || i18n.t('error.unknown'),
      details: Array.isArray(payload.details) ? payload.details : undefined,
      requestId: payload.requestId,
    });
  }
  return new ApiError({
    status: response.status,
    code: response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL',
    message: i18n.t('error.unknown'),
  });
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>(path, { method: 'POST', body: body ?? {}, headers }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  delete: <T = void>(path: string) => request<T>(path, { method: 'DELETE' }),
};
