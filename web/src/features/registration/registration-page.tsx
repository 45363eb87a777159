import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, Result } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { AuthLayout } from '../auth/auth-layout';
import { registrationSchema, type RegistrationValues } from './schemas';
import '../workstations/registry.css';

/**
 * An invited enterprise contact registers with the one-time code and the enterprise's
 * 统一社会信用代码; the account waits until the workstation approves it.
 */
export default function RegistrationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegistrationValues>();
  const [registered, setRegistered] = useState<string | null>(null);
  const register = useMutation({
    mutationFn: (values: ReturnType<typeof registrationSchema.parse>) =>
      api.post<{ status: 'registered'; username: string }>('/registrations', {
        code: values.code,
        uscc: values.uscc,
        username: values.username,
        displayName: values.displayName,
        email: values.email ?? null,
        password: values.password,
      }),
    meta: { silent: true },
    onSuccess: (result) => setRegistered(result.username),
    onError: (error) => applyServerErrors(form, error),
  });
  const rule = (field: keyof RegistrationValues) => [zodRule(registrationSchema, field)];

  useEffect(() => {
    const code = params.get('code');
    if (code) form.setFieldsValue({ code });
  }, [params, form]);

  if (registered) {
    return (
      <AuthLayout title={t('registration.title')}>
        <Result
          status="success"
          title={<h2 className="card-title">{t('registration.waitingTitle')}</h2>}
          subTitle={t('registration.waiting', { username: registered })}
          extra={
            <Button type="primary" onClick={() => navigate('/login')}>
              {t('registration.toSignIn')}
            </Button>
          }
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('registration.title')}>
      <p className="auth-hint">{t('registration.intro')}</p>
      {register.error && <Alert type="error" showIcon title={register.error.message} className="form-alert" role="alert" />}
      <Form
        name="registration"
        form={form}
        layout="vertical"
        requiredMark
        disabled={register.isPending}
        onFinish={(values) => register.mutate(registrationSchema.parse(values))}
      >
        <Form.Item name="code" label={t('registration.code')} rules={rule('code')} required extra={t('registration.codeHint')}>
          <Input className="mono" autoComplete="off" maxLength={20} />
        </Form.Item>
        <Form.Item name="uscc" label={t('enterprise.uscc')} rules={rule('uscc')} required extra={t('registration.usccHint')}>
          <Input className="mono" autoComplete="off" maxLength={24} />
        </Form.Item>
        <Form.Item name="username" label={t('user.username')} rules={rule('username')} required extra={t('user.usernameHint')}>
          <Input autoComplete="username" maxLength={64} />
        </Form.Item>
        <Form.Item name="displayName" label={t('user.displayName')} rules={rule('displayName')} required>
          <Input autoComplete="name" maxLength={100} />
        </Form.Item>
        <Form.Item name="email" label={t('user.email')} rules={rule('email')}>
          <Input type="email" autoComplete="email" maxLength={254} />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={rule('password')} required extra={t('password.policy')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirmPassword" label={t('registration.confirmPassword')} rules={rule('confirmPassword')} dependencies={['password']} required>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={register.isPending}>
          {t('registration.submit')}
        </Button>
      </Form>
      <Flex justify="center" className="auth-secondary">
        <Link to="/login">{t('registration.haveAccount')}</Link>
      </Flex>
    </AuthLayout>
  );
}
