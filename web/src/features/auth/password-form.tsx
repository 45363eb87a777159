import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Session } from '../../api/types';
import { storeSession } from '../../auth/session';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { passwordChangeSchema } from './schemas';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Change one's own password; used by the forced step after sign-in and by the profile page. */
export function PasswordForm({ block = false }: { block?: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordValues) =>
      api.post<Session>('/auth/password', { currentPassword, newPassword }),
    onSuccess: (session) => {
      form.resetFields();
      storeSession(queryClient, session);
      message.success(t('password.changed'));
    },
    onError: (error) => applyServerErrors(form, error),
  });
  const rule = (field: keyof PasswordValues) => [zodRule(passwordChangeSchema, field)];

  return (
    <Form name="password" form={form} layout="vertical" onFinish={(values) => change.mutate(values)} disabled={change.isPending} className="password-form">
      <Form.Item name="currentPassword" label={t('password.current')} rules={rule('currentPassword')} required>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('password.new')} rules={rule('newPassword')} extra={t('password.policy')} required>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        rules={rule('confirmPassword')}
        dependencies={['newPassword']}
        required
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending} block={block}>
        {t('password.submit')}
      </Button>
    </Form>
  );
}
