import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFormat } from '../../i18n/format';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { ReasonModal } from '../workstations/reason-modal';
import { EmptyText } from '../workstations/registry-labels';
import { useCreateInvitation, useDecideInvitation } from './enterprises.api';
import { invitationSchema, type InvitationValues } from './schemas';
import type { Invitation, InvitationStatus } from './types';

const STATUS_COLORS: Record<InvitationStatus, string> = {
  pending: 'processing',
  registered: 'warning',
  approved: 'success',
  rejected: 'error',
  revoked: 'default',
};

export function InvitationStatusTag({ status }: { status: InvitationStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`invitationStatus.${status}`)}</Tag>;
}

/** The registration address for a code, as the invitee opens it. */
export function registrationLink(code: string): string {
  return `${window.location.origin}/register?code=${encodeURIComponent(code)}`;
}

/** Invitations with their decisions: approve or reject a registered account, revoke an unused code. */
export function InvitationsTable({ items, loading, enterpriseNames }: { items: Invitation[]; loading: boolean; enterpriseNames?: Record<string, string> }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const format = useFormat();
  const decide = useDecideInvitation();
  const [rejecting, setRejecting] = useState<Invitation | null>(null);
  const who = (row: Invitation) => row.displayName ?? row.name ?? row.email ?? t('invitation.unnamed');

  const approve = (row: Invitation) =>
    decide.mutate({ id: row.id, decision: 'approve' }, { onSuccess: () => message.success(t('invitation.approved', { name: who(row) })) });
  const revoke = (row: Invitation) =>
    void modal.confirm({
      title: t('invitation.revokeConfirm', { name: who(row) }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: () => decide.mutateAsync({ id: row.id, decision: 'revoke' }).then(() => message.success(t('invitation.revoked'))),
    });

  const columns: TableColumnsType<Invitation> = [
    ...(enterpriseNames
      ? [
          {
            title: t('enterprise.name'),
            dataIndex: 'enterpriseId',
            key: 'enterprise',
            render: (id: string) => <Link to={`/enterprises/${id}`}>{enterpriseNames[id] ?? t('invitation.openEnterprise')}</Link>,
          },
        ]
      : []),
    {
      title: t('invitation.invitee'),
      key: 'invitee',
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.name ?? '—'}</span>
          {row.email && <span className="field-hint">{row.email}</span>}
        </Space>
      ),
    },
    { title: t('common.status'), dataIndex: 'status', render: (status: InvitationStatus) => <InvitationStatusTag status={status} /> },
    {
      title: t('invitation.account'),
      key: 'account',
      render: (_, row) => (row.username ? t('invitation.accountLabel', { name: row.displayName ?? '', username: row.username }) : '—'),
    },
    { title: t('invitation.createdAt'), dataIndex: 'createdAt', render: format.dateTime },
    { title: t('invitation.expiresAt'), dataIndex: 'expiresAt', render: format.dateTime },
    { title: t('invitation.reason'), dataIndex: 'reason', render: (reason: string | null) => reason ?? '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Space size={0} wrap>
          {row.status === 'registered' && (
            <>
              <Button type="link" size="small" onClick={() => approve(row)} aria-label={t('invitation.approveNamed', { name: who(row) })}>
                {t('invitation.approve')}
              </Button>
              <Button type="link" size="small" danger onClick={() => setRejecting(row)} aria-label={t('invitation.rejectNamed', { name: who(row) })}>
                {t('invitation.reject')}
              </Button>
            </>
          )}
          {row.status === 'pending' && (
            <Button type="link" size="small" danger onClick={() => revoke(row)} aria-label={t('invitation.revokeNamed', { name: who(row) })}>
              {t('invitation.revoke')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Table<Invitation>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        columns={columns}
        pagination={items.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: <EmptyText>{t('invitation.none')}</EmptyText> }}
        scroll={{ x: 900 }}
      />
      <ReasonModal
        request={rejecting ? { title: t('invitation.rejectTitle', { name: who(rejecting) }), okText: t('invitation.reject'), required: false, danger: true } : null}
        pending={decide.isPending}
        onCancel={() => setRejecting(null)}
        onSubmit={(reason) =>
          decide.mutateAsync({ id: rejecting?.id ?? '', decision: 'reject', reason }).then(() => {
            setRejecting(null);
            message.success(t('invitation.rejected'));
          })
        }
      />
    </>
  );
}

/** Creates an invitation and shows its one-time code once. */
export function InviteButton({ enterpriseId, enterpriseName }: { enterpriseId: string; enterpriseName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ code: string; emailed: boolean } | null>(null);
  const [form] = Form.useForm<InvitationValues>();
  const create = useCreateInvitation();
  const rule = (field: keyof InvitationValues) => [zodRule(invitationSchema, field)];

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    const values = invitationSchema.parse(await form.validateFields());
    create.mutate(
      { enterpriseId, name: values.name ?? null, email: values.email ?? null },
      {
        onSuccess: (result) => {
          setOpen(false);
          setCreated({ code: result.code, emailed: result.emailed });
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );
  };

  return (
    <>
      <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        {t('invitation.create')}
      </Button>
      <Modal
        open={open}
        title={t('invitation.createTitle', { name: enterpriseName })}
        onCancel={() => setOpen(false)}
        onOk={() => void submit().catch(() => undefined)}
        okText={t('invitation.createOk')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        forceRender
      >
        <p className="section-hint">{t('invitation.createHint')}</p>
        <Form name="invitation" form={form} layout="vertical" disabled={create.isPending} onFinish={() => void submit()}>
          <Form.Item name="name" label={t('invitation.name')} rules={rule('name')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="email" label={t('invitation.email')} rules={rule('email')} extra={t('invitation.emailHint')}>
            <Input type="email" maxLength={254} />
          </Form.Item>
          <button type="submit" hidden />
        </Form>
      </Modal>
      <Modal
        open={created !== null}
        title={t('invitation.codeTitle')}
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('invitation.codeSaved')}
          </Button>
        }
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('invitation.codeOnce')} className="form-alert" />
        {created?.emailed && <Alert type="info" showIcon title={t('invitation.emailed')} className="form-alert" />}
        <Typography.Paragraph>{t('invitation.codeLabel')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: created?.code ?? '' }} code className="secret-code" data-testid="invitation-code">
          {created?.code}
        </Typography.Paragraph>
        <Typography.Paragraph>{t('invitation.linkLabel')}</Typography.Paragraph>
        <Typography.Paragraph copyable className="break-all">
          {created ? registrationLink(created.code) : ''}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}
