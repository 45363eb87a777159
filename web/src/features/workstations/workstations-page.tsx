import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { buildUrl } from '../../api/client';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';
import { useListState } from '../../lib/list-state';
import { NewFilingModal, useCanOpenFiling } from './new-filing-modal';
import { FILING_STATES, type FilingState } from './reference';
import { CodeTags, FilingStatusTag, useClusterOptions, useDistrictOptions } from './registry-labels';
import type { WorkstationRow } from './types';
import { useWorkstationList } from './workstations.api';
import './registry.css';

/** Workstations and their filings: the bureau, districts and the alliance see all, staff their own. */
export default function WorkstationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useListState(['status', 'cluster', 'district', 'q', 'hostId'] as const, 'name');
  const [search, setSearch] = useState(list.filters.q);
  const [creating, setCreating] = useState(false);
  const canOpenFiling = useCanOpenFiling();
  const clusterOptions = useClusterOptions();
  const districtOptions = useDistrictOptions();

  const filters = {
    status: list.filters.status,
    cluster: list.filters.cluster,
    district: list.filters.district,
    hostId: list.filters.hostId,
    q: list.filters.q,
    sort: list.sort,
  };
  const workstations = useWorkstationList({ ...filters, page: list.page, pageSize: list.pageSize });

  const columns: TableColumnsType<WorkstationRow> = [
    {
      title: t('workstation.name'),
      dataIndex: 'name',
      key: 'name',
      width: 300,
      sorter: true,
      sortOrder: list.sortOrder('name'),
      render: (name: string, row) => <Link to={`/workstations/${row.id}`}>{name}</Link>,
    },
    { title: t('workstation.host'), dataIndex: 'hostName', width: 220, render: (value: string | null) => value ?? '—' },
    { title: t('workstation.status'), dataIndex: 'filingStatus', width: 120, render: (status: FilingState) => <FilingStatusTag status={status} /> },
    {
      title: t('workstation.filingNumber'),
      dataIndex: 'filingNumber',
      key: 'filingNumber',
      width: 200,
      sorter: true,
      sortOrder: list.sortOrder('filingNumber'),
      render: (value: string | null) => value ?? '—',
    },
    { title: t('workstation.clusters'), dataIndex: 'clusters', width: 220, render: (codes: string[]) => <CodeTags codes={codes} prefix="cluster" /> },
    { title: t('workstation.districts'), dataIndex: 'districts', width: 160, render: (codes: string[]) => <CodeTags codes={codes} prefix="district" /> },
    { title: t('workstation.updatedAt'), dataIndex: 'updatedAt', width: 170, render: format.dateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'end',
      width: 110,
      render: (_, row) => (
        <Link to={`/workstations/${row.id}`} aria-label={t('workstation.openNamed', { name: row.name })}>
          {t(row.abilities.actions.length > 0 ? 'workstation.handle' : 'workstation.view')}
        </Link>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('nav.workstations')}
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={buildUrl('/workstations/export', filters)} download>
            {t('workstation.export')}
          </Button>
          {canOpenFiling && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('workstation.newFiling')}
            </Button>
          )}
        </Space>
      }
    >
      <Card>
        <Flex gap="middle" wrap className="toolbar" role="search" aria-label={t('common.filters')}>
          <Input.Search
            aria-label={t('workstation.search')}
            placeholder={t('workstation.search')}
            allowClear
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => list.setFilters({ q: value.trim() })}
            style={{ maxWidth: 300 }}
            enterButton={t('common.search')}
          />
          <Select
            aria-label={t('workstation.status')}
            value={list.filters.status}
            onChange={(value) => list.setFilters({ status: value })}
            style={{ width: 150 }}
            options={[{ value: '', label: t('common.allStatuses') }, ...FILING_STATES.map((value) => ({ value, label: t(`filingState.${value}`) }))]}
          />
          <Select
            aria-label={t('workstation.cluster')}
            showSearch={{ optionFilterProp: 'label' }}
            value={list.filters.cluster}
            onChange={(value) => list.setFilters({ cluster: value })}
            style={{ width: 220 }}
            options={[{ value: '', label: t('registry.allClusters') }, ...clusterOptions]}
          />
          <Select
            aria-label={t('workstation.district')}
            value={list.filters.district}
            onChange={(value) => list.setFilters({ district: value })}
            style={{ width: 170 }}
            options={[{ value: '', label: t('registry.allDistricts') }, ...districtOptions]}
          />
        </Flex>
        <Table<WorkstationRow>
          rowKey="id"
          loading={workstations.isFetching}
          dataSource={workstations.data?.items ?? []}
          columns={columns}
          onChange={(pagination, _filters, sorter) => list.onTableChange(pagination, sorter)}
          scroll={{ x: 1500 }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: workstations.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
        />
      </Card>
      <NewFilingModal open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}
