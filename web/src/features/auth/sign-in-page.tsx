import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { LoginResult, Session } from '../../api/types';
import { storeSession, useSession } from '../../auth/session';
import { FullPageSpin } from '../../components/full-page-spin';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { AuthLayout } from './auth-layout';
import { signInSchema, totpCodeSchema } from './schemas';

interface Credentials {
  username: string;
  password: string;
}

/** Only same-site paths are followed after sign-in. */
function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const { session, isPending } = useSession();
  const [params] = useSearchParams();
  const [mfaToken, setMfaToken] = useState<string | null>(null);

  if (isPending) return <FullPageSpin />;
  if (session) {
    const to = session.user.mustChangePassword ? '/password-change' : session.mfaEnrolmentRequired ? '/mfa-enrolment' : safeNext(params.get('next'));
    return <Navigate to={to} replace />;
  }

  return (
    <AuthLayout title={t(mfaToken ? 'auth.totpTitle' : 'auth.signInTitle')}>
      {mfaToken ? (
        <TotpStep mfaToken={mfaToken} onCancel={() => setMfaToken(null)} />
      ) : (
        <CredentialsStep onMfaRequired={setMfaToken} />
      )}
      <Flex justify="center" gap={24} className="auth-secondary">
        {!mfaToken && <Link to="/forgot-password">{t('passwordReset.forgot')}</Link>}
        <Link to="/directory">{t('directory.publicLink')}</Link>
      </Flex>
    </AuthLayout>
  );
}

function CredentialsStep({ onMfaRequired }: { onMfaRequired: (token: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Credentials>();
  const queryClient = useQueryClient();
  const login = useMutation({
    mutationFn: (values: Credentials) => api.post<LoginResult>('/auth/login', values),
    meta: { silent: true },
    onSuccess: (result) => {
      if (result.mfaRequired) {
        onMfaRequired(result.mfaToken);
        return;
      }
      const { user, csrfToken, mustChangePassword, mfaEnrolmentRequired } = result;
      storeSession(queryClient, { user: { ...user, mustChangePassword: user.mustChangePassword || !!mustChangePassword }, csrfToken, mfaEnrolmentRequired });
    },
    onError: (error) => applyServerErrors(form, error),
  });

  return (
    <Form name="signIn" form={form} layout="vertical" requiredMark={false} onFinish={(values) => login.mutate(values)} disabled={login.isPending}>
      {login.error && <Alert type="error" showIcon title={login.error.message} className="form-alert" role="alert" />}
      <Form.Item name="username" label={t('auth.username')} rules={[zodRule(signInSchema, 'username')]}>
        <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
      </Form.Item>
      <Form.Item name="password" label={t('auth.password')} rules={[zodRule(signInSchema, 'password')]}>
        <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
        {t('auth.signIn')}
      </Button>
    </Form>
  );
}

function TotpStep({ mfaToken, onCancel }: { mfaToken: string; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  const queryClient = useQueryClient();
  const verify = useMutation({
    mutationFn: ({ code }: { code: string }) => api.post<Session & { mustChangePassword?: boolean }>('/auth/login/totp', { mfaToken, code: code.trim() }),
    meta: { silent: true },
    onSuccess: ({ user, csrfToken, mustChangePassword, mfaEnrolmentRequired }) =>
      storeSession(queryClient, { user: { ...user, mustChangePassword: user.mustChangePassword || !!mustChangePassword }, csrfToken, mfaEnrolmentRequired }),
    onError: (error) => applyServerErrors(form, error),
  });

  return (
    <Form name="totp" form={form} layout="vertical" requiredMark={false} onFinish={(values) => verify.mutate(values)} disabled={verify.isPending}>
      <p className="auth-hint">{t('auth.totpHint')}</p>
      {verify.error && <Alert type="error" showIcon title={verify.error.message} className="form-alert" role="alert" />}
      <Form.Item name="code" label={t('auth.totpCode')} rules={[zodRule(totpCodeSchema, 'code')]}>
        <Input
          prefix={<SafetyOutlined aria-hidden />}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={6}
          autoFocus
          size="large"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={verify.isPending}>
        {t('auth.verify')}
      </Button>
      <Button type="link" block onClick={onCancel} className="auth-secondary">
        {t('auth.backToSignIn')}
      </Button>
    </Form>
  );
}
