import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { AuthLayout } from './auth-layout';
import { passwordResetRequestSchema, passwordResetSchema } from './schemas';

interface RequestValues {
  login: string;
}

/**
 * "Forgot password": asks for a reset link by username or e-mail. The server answers the same for
 * every login (it never says whether an account exists), so the page does too, and says who else
 * can reset a password when no e-mail arrives (the platform may run without e-mail).
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<RequestValues>();
  const request = useMutation({
    mutationFn: (values: RequestValues) => api.post<void>('/auth/password-reset/request', values),
    onError: (error) => applyServerErrors(form, error),
  });
  return (
    <AuthLayout title={t('passwordReset.requestTitle')}>
      {request.isSuccess ? (
        <Result status="info" title={t('passwordReset.sentTitle')} subTitle={t('passwordReset.sentHint')} />
      ) : (
        <Form name="password-reset-request" form={form} layout="vertical" onFinish={(values) => request.mutate(values)} disabled={request.isPending}>
          <p className="section-hint">{t('passwordReset.requestHint')}</p>
          <Form.Item name="login" label={t('passwordReset.login')} rules={[zodRule(passwordResetRequestSchema, 'login')]} required>
            <Input autoComplete="username" maxLength={254} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={request.isPending} block>
            {t('passwordReset.send')}
          </Button>
        </Form>
      )}
      <Link to="/login" className="auth-secondary auth-link-block">
        {t('auth.backToSignIn')}
      </Link>
    </AuthLayout>
  );
}

interface ResetValues {
  newPassword: string;
  confirmPassword: string;
}

/** The page the e-mailed link opens (`/reset-password?token=…`): a new password, then sign in. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [form] = Form.useForm<ResetValues>();
  const confirm = useMutation({
    mutationFn: (values: ResetValues) => api.post<void>('/auth/password-reset/confirm', { token, newPassword: values.newPassword }),
    meta: { silent: true },
    onError: (error) => applyServerErrors(form, error),
  });
  // A refused link (expired, used, unknown) or a password the policy refuses, in the user's language.
  const refusal = confirm.error && isApiError(confirm.error) ? confirm.error.message : null;
  const rule = (field: keyof ResetValues) => [zodRule(passwordResetSchema, field)];
  return (
    <AuthLayout title={t('passwordReset.resetTitle')}>
      {confirm.isSuccess ? (
        <Result
          status="success"
          title={t('passwordReset.doneTitle')}
          extra={
            <Link to="/login">
              <Button type="primary">{t('auth.signIn')}</Button>
            </Link>
          }
        />
      ) : !token ? (
        <Alert type="warning" showIcon title={t('passwordReset.noToken')} className="form-alert" />
      ) : (
        <Form name="password-reset" form={form} layout="vertical" onFinish={(values) => confirm.mutate(values)} disabled={confirm.isPending}>
          {refusal && <Alert type="error" showIcon title={refusal} className="form-alert" role="alert" />}
          <Form.Item name="newPassword" label={t('password.new')} rules={rule('newPassword')} extra={t('password.policy')} required>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="confirmPassword" label={t('password.confirm')} rules={rule('confirmPassword')} dependencies={['newPassword']} required>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={confirm.isPending} block>
            {t('passwordReset.submit')}
          </Button>
        </Form>
      )}
      {!confirm.isSuccess && (
        <Link to="/forgot-password" className="auth-secondary auth-link-block">
          {t('passwordReset.again')}
        </Link>
      )}
    </AuthLayout>
  );
}
