import { App, Button, Dropdown, Space, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserRow } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { handOverWorkstation } from './hand-over-modal';
import { useResetPassword, useSetUserActive } from './users.api';

interface UserActionsProps {
  row: UserRow;
  onEdit: (row: UserRow) => void;
  onRoles: (row: UserRow) => void;
  onTemporaryPassword: (result: { username: string; temporaryPassword: string }) => void;
  onHandOver: (row: UserRow) => void;
}

/** Row buttons from the record's abilities; the rarer ones sit in a "more" menu. */
export function UserActions({ row, onEdit, onRoles, onTemporaryPassword, onHandOver }: UserActionsProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const setActive = useSetUserActive();
  const reset = useResetPassword();
  const { abilities } = row;
  // A workstation admin hands the open cases of their workstation's people to a colleague.
  const me = useCurrentUser();
  const mayHandOver = row.id !== me.id && !!handOverWorkstation(me.roles, row);

  const confirm = (title: string, onOk: () => void) =>
    void modal.confirm({ title, onOk, okText: t('common.confirm'), cancelText: t('common.cancel') });

  const toggle = (active: boolean) =>
    confirm(t(active ? 'user.activateConfirm' : 'user.deactivateConfirm', { name: row.displayName }), () =>
      setActive.mutate(
        { id: row.id, version: row.version, active },
        { onSuccess: () => message.success(t(active ? 'user.activated' : 'user.deactivated', { name: row.displayName })) },
      ),
    );

  const more: MenuProps['items'] = [
    abilities.resetPassword && { key: 'reset', label: t('user.resetPassword') },
    mayHandOver && { key: 'handOver', label: t('user.handOver') },
    abilities.deactivate && row.active && { key: 'deactivate', label: t('common.deactivate'), danger: true },
    abilities.activate && !row.active && { key: 'activate', label: t('common.activate') },
  ].filter((item) => !!item);

  const onMore: MenuProps['onClick'] = ({ key }) => {
    if (key === 'reset')
      confirm(t('user.resetPasswordConfirm', { name: row.displayName }), () =>
        reset.mutate(row.id, { onSuccess: ({ temporaryPassword }) => onTemporaryPassword({ username: row.username, temporaryPassword }) }),
      );
    if (key === 'handOver') onHandOver(row);
    if (key === 'deactivate') toggle(false);
    if (key === 'activate') toggle(true);
  };

  return (
    <Space size={0}>
      {abilities.update && (
        <Button type="link" size="small" onClick={() => onEdit(row)} aria-label={t('user.editNamed', { name: row.displayName })}>
          {t('common.edit')}
        </Button>
      )}
      {abilities.manageRoles && (
        <Button type="link" size="small" onClick={() => onRoles(row)} aria-label={t('user.rolesNamed', { name: row.displayName })}>
          {t('user.roles')}
        </Button>
      )}
      {more.length > 0 && (
        <Dropdown trigger={['click']} menu={{ items: more, onClick: onMore }}>
          <Button type="link" size="small" aria-label={t('common.moreNamed', { name: row.displayName })}>
            {t('common.more')}
          </Button>
        </Dropdown>
      )}
    </Space>
  );
}
