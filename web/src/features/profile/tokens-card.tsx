import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '../../api/types';
import { useFormat } from '../../i18n/format';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { useCreateToken, useRevokeToken, useTokens } from './profile.api';
import { tokenSchema } from './schemas';

export function TokensCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  const onCreate = ({ name }: { name: string }) =>
    create.mutate(name.trim(), {
      onSuccess: ({ data, token }) => {
        form.resetFields();
        setCreated({ name: data.name, token });
      },
      onError: (error) => applyServerErrors(form, error),
    });

  return (
    <>
      <p className="section-hint">{t('profile.tokensHint')}</p>
      <Form name="token" form={form} layout="inline" onFinish={onCreate} className="token-form">
        <Form.Item name="name" label={t('profile.token.name')} rules={[zodRule(tokenSchema, 'name')]} required>
          <Input maxLength={100} placeholder={t('profile.token.namePlaceholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>
          {t('profile.token.create')}
        </Button>
      </Form>
      <Table<ApiToken>
        rowKey="id"
        loading={tokens.isPending}
        dataSource={tokens.data?.items ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        columns={[
          { title: t('profile.token.name'), dataIndex: 'name' },
          { title: t('profile.token.createdAt'), dataIndex: 'createdAt', render: format.dateTime },
          { title: t('profile.token.lastUsedAt'), dataIndex: 'lastUsedAt', render: format.dateTime },
          { title: t('profile.token.expiresAt'), dataIndex: 'expiresAt', render: format.dateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, token) => (
              <Popconfirm
                title={t('profile.token.revokeConfirm', { name: token.name })}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => revoke.mutate(token.id, { onSuccess: () => message.success(t('profile.token.revoked')) })}
              >
                <Button type="link" danger size="small" aria-label={t('profile.token.revokeNamed', { name: token.name })}>
                  {t('profile.token.revoke')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        open={created !== null}
        title={t('profile.token.createdTitle')}
        onCancel={() => setCreated(null)}
        footer={
          <Flex justify="end">
            <Button type="primary" onClick={() => setCreated(null)}>
              {t('profile.token.done')}
            </Button>
          </Flex>
        }
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('profile.token.showOnce')} className="form-alert" />
        <p>{t('profile.token.createdFor', { name: created?.name ?? '' })}</p>
        <Typography.Paragraph copyable={{ text: created?.token ?? '' }} code className="secret-value">
          {created?.token}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
