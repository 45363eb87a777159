import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useFormat } from '../../i18n/format';
import { useMarkRead, useNotifications, type Notification } from './notifications.api';

/**
 * The header's bell: the unread count, and the newest notifications (watch alerts, finished imports,
 * overdue cases). Opening one marks it read and follows its link.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const list = useNotifications();
  const markRead = useMarkRead();
  const unread = list.data?.unread ?? 0;

  const openOne = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.link) {
      setOpen(false);
      navigate(n.link);
    }
  };

  const content = (
    <div className="notification-panel">
      <List<Notification>
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('notifications.none') }}
        renderItem={(n) => (
          <List.Item className={n.readAt ? 'notification-read' : 'notification-unread'}>
            <Button type="link" className="notification-open" onClick={() => openOne(n)} aria-label={n.title}>
              <span className="notification-title">{n.title}</span>
            </Button>
            <Typography.Paragraph type="secondary" className="notification-body" ellipsis={{ rows: 2 }}>
              {n.body}
            </Typography.Paragraph>
            <Typography.Text type="secondary" className="notification-time">
              {format.dateTime(n.createdAt)}
            </Typography.Text>
          </List.Item>
        )}
      />
      {unread > 0 && (
        <Button size="small" onClick={() => markRead.mutate('all')} loading={markRead.isPending}>
          {t('notifications.markAllRead')}
        </Button>
      )}
    </div>
  );

  return (
    <Popover trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} title={t('notifications.title')} content={content}>
      <Button type="text" aria-label={t('notifications.bell', { count: unread })} aria-expanded={open}>
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined aria-hidden />
        </Badge>
      </Button>
    </Popover>
  );
}
