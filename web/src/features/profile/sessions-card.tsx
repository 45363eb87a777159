import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../api/types';
import { storeSession } from '../../auth/session';
import { useFormat } from '../../i18n/format';
import { useRevokeSession, useSessions } from './profile.api';

export function SessionsCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sessions = useSessions();
  const revoke = useRevokeSession();

  const onRevoke = (session: SessionInfo) =>
    revoke.mutate(session.id, {
      onSuccess: () => {
        message.success(t('profile.sessionRevoked'));
        if (session.current) storeSession(queryClient, null);
      },
    });

  return (
    <>
      <p className="section-hint">{t('profile.sessionsHint')}</p>
      <Table<SessionInfo>
        rowKey="id"
        loading={sessions.isPending}
        dataSource={sessions.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          {
            title: t('profile.session.device'),
            key: 'device',
            render: (_, session) => (
              <>
                <span className="user-agent">{session.userAgent ?? t('profile.session.unknownDevice')}</span>
                {session.current && (
                  <Tag color="processing" className="inline-tag">
                    {t('profile.session.current')}
                  </Tag>
                )}
              </>
            ),
          },
          { title: t('profile.session.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
          { title: t('profile.session.createdAt'), dataIndex: 'createdAt', render: format.dateTime },
          { title: t('profile.session.lastSeenAt'), dataIndex: 'lastSeenAt', render: format.dateTime },
          { title: t('profile.session.expiresAt'), dataIndex: 'expiresAt', render: format.dateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, session) => (
              <Popconfirm
                title={t(session.current ? 'profile.session.revokeCurrentConfirm' : 'profile.session.revokeConfirm')}
                onConfirm={() => onRevoke(session)}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
              >
                <Button type="link" danger size="small">
                  {t('profile.session.revoke')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  );
}
