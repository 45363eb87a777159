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

/**
 * "Due soon" has no filter of its own in the API: the open cases nearest their deadline come first
 * (sorted by due date, not overdue), and of those the page keeps the ones due within a day.
 */
const DUE_SOON_WINDOW = 100;

const TAB_QUERY: Record<Tab, Query> = {
  mine: { assignee: 'me', sort: 'dueAt' },
  unassigned: { unassigned: true, sort: 'dueAt' },
  dueSoon: { overdue: false, sort: 'dueAt', page: 1, pageSize: DUE_SOON_WINDOW },
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

  const paged = tab !== 'dueSoon';
  const query: Query = paged ? { ...TAB_QUERY[tab], page: list.page, pageSize: list.pageSize } : TAB_QUERY[tab];
  const cases = useCaseList(query);
  const items = paged ? (cases.data?.items ?? []) : (cases.data?.items ?? []).filter((item) => item.dueState === 'due_soon');

  // Counts on the tabs, one small request each.
  const counts = {
    mine: useCaseList({ ...TAB_QUERY.mine, page: 1, pageSize: 1 }).data?.total,
    unassigned: useCaseList({ ...TAB_QUERY.unassigned, page: 1, pageSize: 1 }, staff).data?.total,
    overdue: useCaseList({ ...TAB_QUERY.overdue, page: 1, pageSize: 1 }).data?.total,
    dueSoon: tab === 'dueSoon' ? items.length : undefined,
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
          pagination={
            paged
              ? {
                  current: list.page,
                  pageSize: list.pageSize,
                  total: cases.data?.total ?? 0,
                  showSizeChanger: true,
                  showTotal: (total) => t('common.total', { count: total }),
                }
              : false
          }
        />
      </Card>
      {staff && <QuickConsultationModal open={quickOpen} onClose={() => setQuickOpen(false)} />}
    </PageContainer>
  );
}
