import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Query } from '../../api/client';
import { useCurrentUser } from '../../auth/session';
import { PageContainer } from '../../components/page-container';
import { useListState } from '../../lib/list-state';
import { CaseTable } from './case-table';
import { useCaseList } from './cases.api';
import { QuickConsultationModal } from './quick-consultation-modal';
import { isWorkstationStaff } from './roles';
import './cases.css';

type Tab = 'mine' | 'unassigned' | 'dueSoon' | 'overdue';

const TAB_QUERY: Record<Tab, Query> = {
  mine: { assignee: 'me', sort: 'dueAt' },
  unassigned: { unassigned: true, sort: 'dueAt' },
  dueSoon: { dueState: 'due_soon', sort: 'dueAt' },
  overdue: { overdue: true, sort: 'dueAt' },
};

/** The staff's and handlers' work: mine, the workstation's unassigned, due soon and overdue. */
export default function InboxPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const staff = isWorkstationStaff(user);
  const tabs: Tab[] = staff ? ['mine', 'unassigned', 'dueSoon', 'overdue'] : ['mine', 'dueSoon', 'overdue'];
  const list = useListState(['tab'] as const);
  const tab: Tab = tabs.includes(list.filters.tab as Tab) ? (list.filters.tab as Tab) : 'mine';
  const [quickOpen, setQuickOpen] = useState(false);

  const query: Query = { ...TAB_QUERY[tab], page: list.page, pageSize: list.pageSize };
  const cases = useCaseList(query);
  const items = cases.data?.items ?? [];

  // Counts on the tabs, one small request each.
  const counts = {
    mine: useCaseList({ ...TAB_QUERY.mine, page: 1, pageSize: 1 }).data?.total,
    unassigned: useCaseList({ ...TAB_QUERY.unassigned, page: 1, pageSize: 1 }, staff).data?.total,
    overdue: useCaseList({ ...TAB_QUERY.overdue, page: 1, pageSize: 1 }).data?.total,
    dueSoon: useCaseList({ ...TAB_QUERY.dueSoon, page: 1, pageSize: 1 }).data?.total,
  };

  return (
    <PageContainer
      title={t('nav.inbox')}
      extra={
        staff && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setQuickOpen(true)}>
            {t('cases.quick.open')}
          </Button>
        )
      }
    >
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => list.setFilters({ tab: key === 'mine' ? undefined : key })}
          items={tabs.map((key) => ({
            key,
            label: (
              <Space size={6}>
                <span>{t(`cases.inbox.${key}`)}</span>
                {counts[key] !== undefined && (
                  <Badge count={counts[key]} showZero overflowCount={999} color={key === 'overdue' && counts[key] ? '#cf1322' : '#595959'} />
                )}
              </Space>
            ),
          }))}
        />
        <p className="section-hint">{t(`cases.inbox.${tab}Hint`)}</p>
        <CaseTable
          items={items}
          loading={cases.isFetching}
          emptyText={t('cases.inbox.empty')}
          onChange={(pagination, sorter) => list.onTableChange(pagination, sorter)}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: cases.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
        />
      </Card>
      {staff && <QuickConsultationModal open={quickOpen} onClose={() => setQuickOpen(false)} />}
    </PageContainer>
  );
}
