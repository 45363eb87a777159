import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { translate, type Locale } from './i18n/messages';

/** Every error code the API can answer, with its HTTP status. Modules add codes here, never their own shapes. */
export const errorStatus = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  BAD_CREDENTIALS: 401,
  MFA_INVALID: 401,
  CSRF: 403,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  MFA_ENROLMENT_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  COI_CONFLICT: 409,
  DATA_DIR_LOCKED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * The one error class. `messageKey` names a message in the i18n table (defaults to the code),
 * `params` fill its placeholders; the handler renders it in the caller's language.
 */
export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    readonly options: {
      messageKey?: string;
      params?: Record<string, string | number>;
      details?: ErrorDetail[];
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(options.messageKey ?? code);
    this.status = errorStatus[code];
  }

  render(locale: Locale) {
    return translate(locale, `errors.${this.options.messageKey ?? this.code}`, this.options.params);
  }
}

export const notFound = (what = 'record') => new AppError('NOT_FOUND', { params: { what } });
export const forbidden = () => new AppError('FORBIDDEN');
export const versionConflict = () => new AppError('VERSION_CONFLICT');
