import { Table, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFormat } from '../../i18n/format';
import type { CaseListItem } from './cases.api';
import { CaseStatusTag, CaseTypeTag, DueCell, EmptyText } from './labels';

interface CaseTableProps {
  items: CaseListItem[];
  loading: boolean;
  /** Server-side paging; omitted for a short list on one page. */
  pagination?: TablePaginationConfig | false;
  onChange?: (pagination: TablePaginationConfig, sorter: SorterResult<CaseListItem> | SorterResult<CaseListItem>[]) => void;
  sortOrder?: (field: string) => 'ascend' | 'descend' | null;
  /** Hide the channel column (the enterprise's own list). */
  compact?: boolean;
  /** Show the branch (分站) column (a workstation that has branches). */
  showBranch?: boolean;
  emptyText?: string;
}

/** Cases as every list shows them: number (a link to the case), subject, type, status, deadline. */
export function CaseTable({ items, loading, pagination = false, onChange, sortOrder, compact, showBranch, emptyText }: CaseTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: TableColumnsType<CaseListItem> = [
    {
      title: t('cases.field.caseNo'),
      dataIndex: 'caseNo',
      width: 170,
      render: (caseNo: string, row) => (
        <Link to={`/cases/${row.id}`} className="mono">
          {caseNo}
        </Link>
      ),
    },
    { title: t('cases.field.subject'), dataIndex: 'title', ellipsis: true },
    { title: t('cases.field.type'), dataIndex: 'type', width: 110, render: (type: string) => <CaseTypeTag type={type} /> },
    { title: t('cases.field.status'), dataIndex: 'status', width: 110, render: (status: string) => <CaseStatusTag status={status} /> },
    ...(compact
      ? []
      : [{ title: t('cases.field.channel'), dataIndex: 'channel', width: 110, render: (channel: string) => t(`cases.channel.${channel}`, { defaultValue: channel }) }]),
    ...(showBranch ? [{ title: t('cases.field.branch'), dataIndex: 'branchName', width: 140, render: (name: string | null) => name ?? '—' }] : []),
    {
      title: t('cases.field.dueAt'),
      dataIndex: 'dueAt',
      key: 'dueAt',
      width: 250,
      sorter: !!sortOrder,
      sortOrder: sortOrder?.('dueAt'),
      render: (_: unknown, row) => <DueCell dueAt={row.dueAt} state={row.dueState} />,
    },
    {
      title: t('cases.field.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 170,
      sorter: !!sortOrder,
      sortOrder: sortOrder?.('createdAt'),
      sortDirections: ['descend', 'ascend', 'descend'],
      render: format.dateTime,
    },
  ];
  return (
    <Table<CaseListItem>
      rowKey="id"
      loading={loading}
      dataSource={items}
      columns={columns}
      pagination={pagination}
      onChange={(next, _filters, sorter) => onChange?.(next, sorter)}
      scroll={{ x: 1000 }}
      locale={emptyText ? { emptyText: <EmptyText text={emptyText} /> } : undefined}
    />
  );
}
