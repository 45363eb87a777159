import { DownloadOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { buildUrl } from '../../api/client';
import { useCurrentUser } from '../../auth/session';
import { PageContainer } from '../../components/page-container';
import { useListState } from '../../lib/list-state';
import { CaseTable } from './case-table';
import { ALL_CASE_STATUSES, CASE_STATUSES, CASE_TYPES, useBranchesOf, useCaseList, type CaseType } from './cases.api';
import { QuickConsultationModal } from './quick-consultation-modal';
import { isWorkstationStaff, staffWorkstations } from './roles';
import './cases.css';

/** Every case the caller may see, filtered, sorted and paged on the server. */
export default function CasesPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = isWorkstationStaff(user);
  const navigate = useNavigate();
  const list = useListState(['type', 'status', 'dueState', 'branchId', 'q'] as const, '-createdAt');
  const workstations = staffWorkstations(user);
  // The branch column and filter only for staff whose workstations have branches (分站).
  const branches = useBranchesOf(workstations.map((membership) => membership.organizationId));
  const workstationName = (id: string) => workstations.find((membership) => membership.organizationId === id)?.organizationName ?? '';
  const { filters } = list;
  const [search, setSearch] = useState(filters.q);
  const [quickOpen, setQuickOpen] = useState(false);
  const statuses = filters.type in CASE_STATUSES ? CASE_STATUSES[filters.type as CaseType] : ALL_CASE_STATUSES;

  const query = { type: filters.type, status: filters.status, dueState: filters.dueState, branchId: filters.branchId, q: filters.q, sort: list.sort };
  const cases = useCaseList({ ...query, page: list.page, pageSize: list.pageSize });

  return (
    <PageContainer
      title={t('nav.cases')}
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={buildUrl('/cases/export', query)} download>
            {t('cases.list.export')}
          </Button>
          {staff && (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')}>
                {t('cases.newRequest.open')}
              </Button>
              <Button icon={<PhoneOutlined />} onClick={() => setQuickOpen(true)}>
                {t('cases.quick.open')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Card>
        <Flex gap="middle" wrap className="toolbar" role="search" aria-label={t('common.filters')}>
          <Input.Search
            aria-label={t('cases.list.search')}
            placeholder={t('cases.list.search')}
            allowClear
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => list.setFilters({ q: value.trim() })}
            style={{ maxWidth: 320 }}
            enterButton={t('common.search')}
          />
          <Select
            aria-label={t('cases.field.type')}
            value={filters.type}
            onChange={(value) => list.setFilters({ type: value, status: statusFits(value, filters.status) ? filters.status : undefined })}
            style={{ width: 150 }}
            options={[{ value: '', label: t('cases.list.allTypes') }, ...CASE_TYPES.map((value) => ({ value, label: t(`cases.type.${value}`) }))]}
          />
          <Select
            aria-label={t('cases.field.status')}
            value={filters.status}
            onChange={(value) => list.setFilters({ status: value })}
            style={{ width: 150 }}
            options={[{ value: '', label: t('common.allStatuses') }, ...statuses.map((value) => ({ value, label: t(`cases.status.${value}`) }))]}
          />
          <Select
            aria-label={t('cases.list.dueState')}
            value={filters.dueState}
            onChange={(value) => list.setFilters({ dueState: value })}
            style={{ width: 150 }}
            options={[
              { value: '', label: t('cases.list.anyDue') },
              { value: 'overdue', label: t('cases.due.overdue') },
              { value: 'due_soon', label: t('cases.due.due_soon') },
              { value: 'due', label: t('cases.due.due') },
            ]}
          />
          {staff && branches.length > 0 && (
            <Select
              aria-label={t('cases.field.branch')}
              value={filters.branchId}
              onChange={(value) => list.setFilters({ branchId: value })}
              style={{ width: 200 }}
              options={[
                { value: '', label: t('cases.list.allBranches') },
                ...branches.map((b) => ({ value: b.id, label: workstations.length > 1 ? `${workstationName(b.workstationId)} · ${b.name}` : b.name })),
              ]}
            />
          )}
        </Flex>
        <CaseTable
          items={cases.data?.items ?? []}
          loading={cases.isFetching}
          showBranch={staff && branches.length > 0}
          sortOrder={list.sortOrder}
          onChange={(pagination, sorter) => list.onTableChange(pagination, sorter)}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: cases.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t(cases.data?.totalIsEstimate ? 'cases.list.totalAbout' : 'common.total', { count: total }),
          }}
        />
      </Card>
      {staff && <QuickConsultationModal open={quickOpen} onClose={() => setQuickOpen(false)} />}
    </PageContainer>
  );
}

function statusFits(type: string, status: string): boolean {
  if (!status) return true;
  return type in CASE_STATUSES ? CASE_STATUSES[type as CaseType].includes(status) : true;
}
