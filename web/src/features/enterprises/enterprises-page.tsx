import { DownloadOutlined, PlusOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Flex, Input, Select, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { buildUrl } from '../../api/client';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';
import { useListState } from '../../lib/list-state';
import { CodeTags, useClusterOptions, useDistrictOptions } from '../workstations/registry-labels';
import { AddEnterpriseModal, useCanManageEnterprises, useOwnWorkstations } from './enterprise-form-modals';
import { useEnterpriseList, useInvitations } from './enterprises.api';
import { ENTERPRISE_FLAGS } from './schemas';
import type { EnterpriseRow } from './types';
import '../workstations/registry.css';

/** The enterprises the user may see: the bureau and alliance all, a district its own, a workstation its members, an enterprise itself. */
export default function EnterprisesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const list = useListState(['cluster', 'district', 'flag', 'q'] as const, 'name');
  const [search, setSearch] = useState(list.filters.q);
  const [adding, setAdding] = useState(false);
  const canManage = useCanManageEnterprises();
  const isStaff = useOwnWorkstations().length > 0;
  const clusterOptions = useClusterOptions();
  const districtOptions = useDistrictOptions();
  const waiting = useInvitations({ status: 'registered' }, isStaff);
  const waitingCount = waiting.data?.items.length ?? 0;

  const filters = { cluster: list.filters.cluster, district: list.filters.district, flag: list.filters.flag, q: list.filters.q };
  const enterprises = useEnterpriseList({ ...filters, page: list.page, pageSize: list.pageSize, sort: list.sort });
  const total = enterprises.data?.total ?? 0;

  const columns: TableColumnsType<EnterpriseRow> = [
    {
      title: t('enterprise.name'),
      dataIndex: 'name',
      key: 'name',
      width: 280,
      sorter: true,
      sortOrder: list.sortOrder('name'),
      render: (name: string, row) => <Link to={`/enterprises/${row.id}`}>{name}</Link>,
    },
    {
      title: t('enterprise.uscc'),
      dataIndex: 'uscc',
      key: 'uscc',
      width: 200,
      sorter: true,
      sortOrder: list.sortOrder('uscc'),
      render: (value: string) => <span className="mono">{value}</span>,
    },
    {
      title: t('enterprise.district'),
      dataIndex: 'districtCode',
      width: 130,
      render: (code: string | null) => (code ? t(`district.${code}`, { defaultValue: code }) : '—'),
    },
    { title: t('enterprise.clusters'), dataIndex: 'clusters', width: 240, render: (codes: string[]) => <CodeTags codes={codes} prefix="cluster" /> },
    { title: t('enterprise.flags'), dataIndex: 'flags', width: 200, render: (codes: string[]) => <CodeTags codes={codes} prefix="enterpriseFlag" /> },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 130,
      render: format.date,
      sorter: true,
      sortOrder: list.sortOrder('createdAt'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'end',
      width: 100,
      render: (_, row) => (
        <Link to={`/enterprises/${row.id}`} aria-label={t('enterprise.openNamed', { name: row.name })}>
          {t(row.abilities.update ? 'enterprise.manage' : 'enterprise.view')}
        </Link>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('nav.enterprises')}
      extra={
        <Space wrap>
          {isStaff && (
            <Badge count={waitingCount} size="small">
              <Button icon={<UserAddOutlined />} onClick={() => navigate('/enterprises/invitations')}>
                {t('invitation.pageTitle')}
              </Button>
            </Badge>
          )}
          <Button icon={<DownloadOutlined />} href={buildUrl('/enterprises/export', { ...filters, sort: list.sort })} download>
            {t('enterprise.export')}
          </Button>
          {canManage && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/enterprises/import')}>
              {t('import.open')}
            </Button>
          )}
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('enterprise.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Card>
        <Flex gap="middle" wrap className="toolbar" role="search" aria-label={t('common.filters')}>
          <Input.Search
            aria-label={t('enterprise.search')}
            placeholder={t('enterprise.search')}
            allowClear
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => list.setFilters({ q: value.trim() })}
            style={{ maxWidth: 320 }}
            enterButton={t('common.search')}
          />
          <Select
            aria-label={t('enterprise.cluster')}
            showSearch={{ optionFilterProp: 'label' }}
            value={list.filters.cluster}
            onChange={(value) => list.setFilters({ cluster: value })}
            style={{ width: 220 }}
            options={[{ value: '', label: t('registry.allClusters') }, ...clusterOptions]}
          />
          <Select
            aria-label={t('enterprise.district')}
            value={list.filters.district}
            onChange={(value) => list.setFilters({ district: value })}
            style={{ width: 170 }}
            options={[{ value: '', label: t('registry.allDistricts') }, ...districtOptions]}
          />
          <Select
            aria-label={t('enterprise.flag')}
            value={list.filters.flag}
            onChange={(value) => list.setFilters({ flag: value })}
            style={{ width: 160 }}
            options={[{ value: '', label: t('enterprise.allFlags') }, ...ENTERPRISE_FLAGS.map((value) => ({ value, label: t(`enterpriseFlag.${value}`) }))]}
          />
        </Flex>
        <Table<EnterpriseRow>
          rowKey="id"
          loading={enterprises.isFetching}
          dataSource={enterprises.data?.items ?? []}
          columns={columns}
          onChange={(pagination, _filters, sorter) => list.onTableChange(pagination, sorter)}
          scroll={{ x: 1280 }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total,
            showSizeChanger: true,
            showTotal: (count) => t(enterprises.data?.totalIsEstimate ? 'enterprise.totalEstimate' : 'common.total', { count }),
          }}
        />
      </Card>
      <AddEnterpriseModal open={adding} onClose={() => setAdding(false)} />
    </PageContainer>
  );
}
