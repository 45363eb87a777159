// Error toasts from outside React (the query and mutation caches) go through the antd App context,
// which a small component inside <App> registers here.
import type { MessageInstance } from 'antd/es/message/interface';
import { isApiError } from '../api/client';
import { i18n } from '../i18n';

let messageApi: MessageInstance | null = null;

export function registerMessageApi(api: MessageInstance | null): void {
  messageApi = api;
}

/** Codes the router handles by moving the user (sign-in, forced password change, TOTP enrolment); no toast for them. */
const REDIRECT_CODES = new Set(['UNAUTHENTICATED', 'PASSWORD_CHANGE_REQUIRED', 'MFA_ENROLMENT_REQUIRED']);

export function notifyError(error: unknown): void {
  if (isApiError(error)) {
    if (REDIRECT_CODES.has(error.code)) return;
    messageApi?.error(error.message);
    return;
  }
  messageApi?.error(i18n.t('error.unknown'));
}
