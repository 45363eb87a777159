import { FileSearchOutlined, MessageOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageContainer } from '../../components/page-container';
import { useListState } from '../../lib/list-state';
import { CaseTable } from '../cases/case-table';
import { CASE_TYPES, useCaseList } from '../cases/cases.api';
import '../cases/cases.css';

/** The enterprise's own requests, newest first, and the way to ask for a service. */
export default function PortalPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useListState(['type'] as const, '-createdAt');
  const cases = useCaseList({ type: list.filters.type, page: list.page, pageSize: list.pageSize, sort: list.sort });

  return (
    <PageContainer
      title={t('nav.portal')}
      extra={
        <Space wrap>
          <Button type="primary" icon={<MessageOutlined />} onClick={() => navigate('/portal/new?type=consultation')}>
            {t('portal.newConsultation')}
          </Button>
          <Button icon={<FileSearchOutlined />} onClick={() => navigate('/portal/new?type=retrieval')}>
            {t('portal.newRetrieval')}
          </Button>
        </Space>
      }
    >
      <Card title={<h2 className="card-title">{t('portal.myRequests')}</h2>}>
        <Flex gap="middle" wrap className="toolbar" role="search" aria-label={t('common.filters')}>
          <Select
            aria-label={t('cases.field.type')}
            value={list.filters.type}
            onChange={(value) => list.setFilters({ type: value })}
            style={{ width: 160 }}
            options={[{ value: '', label: t('cases.list.allTypes') }, ...CASE_TYPES.map((value) => ({ value, label: t(`cases.type.${value}`) }))]}
          />
        </Flex>
        <CaseTable
          compact
          items={cases.data?.items ?? []}
          loading={cases.isFetching}
          sortOrder={list.sortOrder}
          emptyText={t('portal.noRequests')}
          onChange={(pagination, sorter) => list.onTableChange(pagination, sorter)}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: cases.data?.total ?? 0,
            showTotal: (total) => t('common.total', { count: total }),
          }}
        />
      </Card>
    </PageContainer>
  );
}
