import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';
import { EmptyText } from '../cases/labels';
import { useListState } from '../../lib/list-state';
import { useSavedSearches, type SavedSearchSummary } from './search.api';
import './search.css';

/** The caller's own saved searches and watches, most recently changed first. */
export default function SavedSearchesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const list = useListState([] as const);
  const saved = useSavedSearches({ page: list.page, pageSize: list.pageSize });

  const columns: TableColumnsType<SavedSearchSummary> = [
    {
      title: t('search.saved.name'),
      dataIndex: 'name',
      width: 260,
      render: (name: string, row) => <Link to={`/saved-searches/${row.id}`}>{name}</Link>,
    },
    { title: t('search.saved.kind'), dataIndex: 'kind', width: 90, render: (kind: SavedSearchSummary['kind']) => <Tag>{t(`search.kind.${kind}`)}</Tag> },
    {
      title: t('search.saved.query'),
      dataIndex: 'query',
      render: (query: string, row) => (
        <>
          <code className="search-query-code">{query}</code>
          {row.niceClass && <span className="search-query-class">{t('search.trademark.classTag', { n: row.niceClass })}</span>}
        </>
      ),
    },
    {
      title: t('search.saved.watch'),
      dataIndex: 'watch',
      width: 110,
      render: (watch: boolean) => (watch ? <Tag color="processing">{t('search.saved.watching')}</Tag> : '—'),
    },
    { title: t('search.saved.updatedAt'), dataIndex: 'updatedAt', width: 170, render: format.dateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, row) => (
        <Link to={`/saved-searches/${row.id}`} aria-label={t('search.saved.openNamed', { name: row.name })}>
          {t('search.saved.open')}
        </Link>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('nav.savedSearches')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/patents')}>
          {t('search.saved.newSearch')}
        </Button>
      }
    >
      <Card>
        <Table<SavedSearchSummary>
          rowKey="id"
          loading={saved.isFetching}
          dataSource={saved.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: <EmptyText text={t('search.saved.none')} /> }}
          onChange={(pagination, _filters, sorter) => list.onTableChange(pagination, sorter)}
          scroll={{ x: 900 }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: saved.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (count) => t('common.total', { count }),
          }}
        />
      </Card>
    </PageContainer>
  );
}
