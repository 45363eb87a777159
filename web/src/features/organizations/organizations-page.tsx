import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORGANIZATION_TYPES, type OrganizationRow, type OrganizationType } from '../../api/types';
import { ActiveTag } from '../../components/labels';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';
import { useListState } from '../../lib/list-state';
import { OrganizationActions } from './organization-actions';
import { OrganizationFormModal, type OrganizationModalState } from './organization-form-modal';
import { useOrganizationList } from './organizations.api';

function isOrganizationType(value: string): value is OrganizationType {
  return (ORGANIZATION_TYPES as readonly string[]).includes(value);
}

function useColumns(onOpen: (state: OrganizationModalState) => void, sortOrder?: (field: string) => 'ascend' | 'descend' | null) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: TableColumnsType<OrganizationRow> = [
    {
      title: t('organization.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: !!sortOrder,
      sortOrder: sortOrder?.('name'),
      render: (name: string, row) => (row.hostKind ? <Flex gap={8} align="center" wrap>{name}<Tag>{t(`hostKind.${row.hostKind}`)}</Tag></Flex> : name),
    },
    { title: t('organization.uscc'), dataIndex: 'uscc', render: (value: string | null) => <span className="mono">{value ?? '—'}</span> },
    {
      title: t('organization.district'),
      dataIndex: 'districtCode',
      render: (code: string | null) => (code ? t(`district.${code}`, { defaultValue: code }) : '—'),
    },
    { title: t('common.status'), dataIndex: 'active', render: (active: boolean) => <ActiveTag active={active} /> },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: format.date,
      sorter: !!sortOrder,
      sortOrder: sortOrder?.('createdAt'),
    },
    { title: t('common.actions'), key: 'actions', render: (_, row) => <OrganizationActions row={row} onOpen={onOpen} /> },
  ];
  return columns;
}

/** The workstations under one host association, shown when its row is expanded. */
function ChildOrganizations({ parent, onOpen }: { parent: OrganizationRow; onOpen: (state: OrganizationModalState) => void }) {
  const { t } = useTranslation();
  const list = useOrganizationList({ parentId: parent.id, pageSize: 100, sort: 'name' });
  const columns = useColumns(onOpen);
  return (
    <Table<OrganizationRow>
      className="child-table"
      size="small"
      rowKey="id"
      loading={list.isPending}
      dataSource={list.data?.items ?? []}
      columns={columns}
      pagination={false}
      title={() => t('organization.childrenOf', { name: parent.name })}
      locale={{ emptyText: t('organization.noChildren') }}
    />
  );
}

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const list = useListState(['type', 'q', 'active'] as const, 'name');
  const type: OrganizationType = isOrganizationType(list.filters.type) ? list.filters.type : 'host_association';
  const [modal, setModal] = useState<OrganizationModalState>(null);
  const [search, setSearch] = useState(list.filters.q);

  const organizations = useOrganizationList({
    type,
    q: list.filters.q,
    active: list.filters.active,
    page: list.page,
    pageSize: list.pageSize,
    sort: list.sort,
  });
  const columns = useColumns(setModal, list.sortOrder);

  return (
    <PageContainer
      title={t('nav.organizations')}
      trail={['nav.adminGroup']}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create', type })}>
          {t('organization.create')}
        </Button>
      }
    >
      <Card>
        <Tabs
          activeKey={type}
          onChange={(key) => {
            setSearch('');
            list.setFilters({ type: key, q: undefined });
          }}
          items={ORGANIZATION_TYPES.map((value) => ({ key: value, label: t(`orgType.${value}`) }))}
        />
        <Flex gap="middle" wrap className="toolbar" role="search" aria-label={t('common.filters')}>
          <Input.Search
            aria-label={t('organization.search')}
            placeholder={t('organization.search')}
            allowClear
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => list.setFilters({ q: value.trim() })}
            style={{ maxWidth: 320 }}
            enterButton={t('common.search')}
          />
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
        <Table<OrganizationRow>
          rowKey="id"
          loading={organizations.isFetching}
          dataSource={organizations.data?.items ?? []}
          columns={columns}
          onChange={(pagination, _filters, sorter) => list.onTableChange(pagination, sorter)}
          scroll={{ x: 900 }}
          expandable={
            type === 'host_association'
              ? { expandedRowRender: (row) => <ChildOrganizations parent={row} onOpen={setModal} />, rowExpandable: () => true }
              : undefined
          }
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: organizations.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
        />
      </Card>
      <OrganizationFormModal state={modal} onClose={() => setModal(null)} />
    </PageContainer>
  );
}
