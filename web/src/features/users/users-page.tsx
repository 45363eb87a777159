import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Modal, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type UserRow } from '../../api/types';
import { ActiveTag, MembershipLabel } from '../../components/labels';
import { OrganizationSelect } from '../../components/organization-select';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';
import { useListState } from '../../lib/list-state';
import { HandOverModal } from './hand-over-modal';
import { UserActions } from './user-actions';
import { UserFormModal, type UserModalState } from './user-form-modal';
import { UserRolesDrawer } from './user-roles-drawer';
import { useUserList } from './users.api';

export default function UsersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useListState(['q', 'role', 'organizationId', 'active'] as const, '-createdAt');
  const [search, setSearch] = useState(list.filters.q);
  const [modal, setModal] = useState<UserModalState>(null);
  const [rolesFor, setRolesFor] = useState<string | null>(null);
  const [temporary, setTemporary] = useState<{ username: string; temporaryPassword: string } | null>(null);
  const [handOverFrom, setHandOverFrom] = useState<UserRow | null>(null);

  const users = useUserList({
    q: list.filters.q,
    role: list.filters.role,
    organizationId: list.filters.organizationId,
    active: list.filters.active,
    page: list.page,
    pageSize: list.pageSize,
    sort: list.sort,
  });

  const columns: TableColumnsType<UserRow> = [
    { title: t('user.username'), dataIndex: 'username', key: 'username', width: 150, sorter: true, sortOrder: list.sortOrder('username') },
    { title: t('user.displayName'), dataIndex: 'displayName', key: 'displayName', width: 170, sorter: true, sortOrder: list.sortOrder('displayName') },
    { title: t('user.email'), dataIndex: 'email', width: 200, render: (email: string | null) => email ?? '—' },
    {
      title: t('user.roles'),
      key: 'roles',
      width: 380,
      render: (_, row) => (
        <Space orientation="vertical" size={4}>
          {row.roles.map((membership) => (
            <MembershipLabel key={membership.id} role={membership.role} organizationName={membership.organizationName} />
          ))}
        </Space>
      ),
    },
    { title: t('common.status'), dataIndex: 'active', width: 100, render: (active: boolean) => <ActiveTag active={active} /> },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 170,
      render: format.dateTime,
      sorter: true,
      sortOrder: list.sortOrder('createdAt'),
      sortDirections: ['descend', 'ascend', 'descend'],
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'end',
      width: 200,
      render: (_, row) => (
        <UserActions
          row={row}
          onEdit={(user) => setModal({ mode: 'edit', user })}
          onRoles={(user) => setRolesFor(user.id)}
          onTemporaryPassword={setTemporary}
          onHandOver={setHandOverFrom}
        />
      ),
    },
  ];

  return (
    <PageContainer
      title={t('nav.users')}
      trail={['nav.adminGroup']}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setModal({ mode: 'create', organizationId: list.filters.organizationId || undefined })}
        >
          {t('user.create')}
        </Button>
      }
    >
      <Card>
        <Flex gap="middle" wrap className="toolbar" role="search" aria-label={t('common.filters')}>
          <Input.Search
            aria-label={t('user.search')}
            placeholder={t('user.search')}
            allowClear
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => list.setFilters({ q: value.trim() })}
            style={{ maxWidth: 300 }}
            enterButton={t('common.search')}
          />
          <Select
            aria-label={t('user.role')}
            showSearch={{ optionFilterProp: 'label' }}
            value={list.filters.role}
            onChange={(value) => list.setFilters({ role: value })}
            style={{ width: 180 }}
            options={[{ value: '', label: t('user.allRoles') }, ...ROLES.map((value) => ({ value, label: t(`role.${value}`) }))]}
          />
          <div style={{ width: 260 }}>
            <OrganizationSelect
              aria-label={t('user.organization')}
              placeholder={t('user.allOrganizations')}
              value={list.filters.organizationId || null}
              onChange={(value) => list.setFilters({ organizationId: value ?? undefined })}
            />
          </div>
          <Select
            aria-label={t('common.status')}
            value={list.filters.active}
            onChange={(value) => list.setFilters({ active: value })}
            style={{ width: 140 }}
            options={[
              { value: '', label: t('common.allStatuses') },
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
            ]}
          />
        </Flex>
        <Table<UserRow>
          rowKey="id"
          loading={users.isFetching}
          dataSource={users.data?.items ?? []}
          columns={columns}
          onChange={(pagination, _filters, sorter) => list.onTableChange(pagination, sorter)}
          scroll={{ x: 1370 }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
        />
      </Card>
      <UserFormModal state={modal} onClose={() => setModal(null)} />
      <UserRolesDrawer userId={rolesFor} onClose={() => setRolesFor(null)} />
      <HandOverModal row={handOverFrom} onClose={() => setHandOverFrom(null)} />
      <Modal
        open={temporary !== null}
        title={t('user.temporaryPasswordTitle')}
        onCancel={() => setTemporary(null)}
        footer={
          <Button type="primary" onClick={() => setTemporary(null)}>
            {t('common.done')}
          </Button>
        }
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('user.temporaryPasswordHint', { username: temporary?.username ?? '' })} className="form-alert" />
        <Typography.Paragraph copyable={{ text: temporary?.temporaryPassword ?? '' }} code className="secret-value">
          {temporary?.temporaryPassword}
        </Typography.Paragraph>
      </Modal>
    </PageContainer>
  );
}
