import { App, Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { OrganizationRow } from '../../api/types';
import type { OrganizationModalState } from './organization-form-modal';
import { useSetOrganizationActive } from './organizations.api';

/** Row buttons, shown from the record's abilities. */
export function OrganizationActions({ row, onOpen }: { row: OrganizationRow; onOpen: (state: OrganizationModalState) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const setActive = useSetOrganizationActive();
  const { abilities } = row;

  const toggle = (active: boolean) =>
    setActive.mutate(
      { id: row.id, version: row.version, active },
      { onSuccess: () => message.success(t(active ? 'organization.activated' : 'organization.deactivated', { name: row.name })) },
    );

  return (
    <Space size={0} wrap>
      {abilities.update && (
        <Button type="link" size="small" onClick={() => onOpen({ mode: 'edit', organization: row })} aria-label={t('organization.editNamed', { name: row.name })}>
          {t('common.edit')}
        </Button>
      )}
      {row.type === 'host_association' && abilities.update && row.active && (
        <Button
          type="link"
          size="small"
          onClick={() => onOpen({ mode: 'create', type: 'workstation', parentId: row.id })}
          aria-label={t('organization.addWorkstationNamed', { name: row.name })}
        >
          {t('organization.addWorkstation')}
        </Button>
      )}
      {abilities.manageUsers && (
        <Button type="link" size="small" onClick={() => navigate(`/admin/users?organizationId=${encodeURIComponent(row.id)}`)}>
          {t('organization.users')}
        </Button>
      )}
      {abilities.deactivate && row.active && (
        <Popconfirm
          title={t('organization.deactivateConfirm', { name: row.name })}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => toggle(false)}
        >
          <Button type="link" size="small" danger>
            {t('common.deactivate')}
          </Button>
        </Popconfirm>
      )}
      {abilities.activate && !row.active && (
        <Popconfirm
          title={t('organization.activateConfirm', { name: row.name })}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => toggle(true)}
        >
          <Button type="link" size="small">
            {t('common.activate')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
