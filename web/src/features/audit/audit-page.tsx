import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Form, Input, Row, Space, Table, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { buildUrl } from '../../api/client';
import type { AuditEvent } from '../../api/types';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';
import { useListState } from '../../lib/list-state';
import { useAuditList } from './audit.api';
import { UserSelect } from './user-select';

const FILTERS = ['actorId', 'type', 'recordType', 'recordId', 'from', 'to'] as const;

interface FilterValues {
  actorId?: string | null;
  type?: string;
  recordType?: string;
  recordId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useListState(FILTERS, '');
  const { filters } = list;
  const [form] = Form.useForm<FilterValues>();

  useEffect(() => {
    form.setFieldsValue({
      actorId: filters.actorId || null,
      type: filters.type,
      recordType: filters.recordType,
      recordId: filters.recordId,
      range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : null,
    });
  }, [form, filters.actorId, filters.type, filters.recordType, filters.recordId, filters.from, filters.to]);

  const audit = useAuditList({ ...filters, page: list.page, pageSize: list.pageSize });

  const apply = (values: FilterValues) =>
    list.setFilters({
      actorId: values.actorId ?? undefined,
      type: values.type?.trim(),
      recordType: values.recordType?.trim(),
      recordId: values.recordId?.trim(),
      from: values.range?.[0]?.toISOString(),
      to: values.range?.[1]?.toISOString(),
    });

  const columns: TableColumnsType<AuditEvent> = [
    { title: t('audit.at'), dataIndex: 'at', render: format.dateTime, width: 170 },
    { title: t('audit.actor'), dataIndex: 'actorName', render: (name: string | null) => name ?? t('audit.system') },
    {
      title: t('audit.type'),
      dataIndex: 'type',
      // Known event types have a name; newer ones show their code until they get one.
      render: (type: string) => (
        <span className="audit-type">
          <span>{t(`auditType.${type}`, { defaultValue: type })}</span>
          <Tag className="mono">{type}</Tag>
        </span>
      ),
    },
    { title: t('audit.recordType'), dataIndex: 'recordType', render: (value: string | null) => value ?? '—' },
    { title: t('audit.recordId'), dataIndex: 'recordId', render: (value: string | null) => <span className="mono">{value ?? '—'}</span> },
  ];

  return (
    <PageContainer
      title={t('nav.audit')}
      trail={['nav.adminGroup']}
      extra={
        <Button icon={<DownloadOutlined />} href={buildUrl('/audit/export', filters)} download>
          {t('audit.export')}
        </Button>
      }
    >
      <Card className="filter-card">
        <Form name="auditFilters" form={form} layout="vertical" onFinish={apply} role="search" aria-label={t('common.filters')}>
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="actorId" label={t('audit.actor')}>
                <UserSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="type" label={t('audit.type')}>
                <Input placeholder={t('audit.typePlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="recordType" label={t('audit.recordType')}>
                <Input placeholder={t('audit.recordTypePlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="recordId" label={t('audit.recordId')}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="range" label={t('audit.range')}>
                <DatePicker.RangePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  allowEmpty={[true, true]}
                  style={{ width: '100%' }}
                  placeholder={[t('audit.from'), t('audit.to')]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8} className="filter-actions">
              <Space>
                <Button type="primary" htmlType="submit">
                  {t('common.search')}
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    apply({});
                  }}
                >
                  {t('common.reset')}
                </Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card>
        <Table<AuditEvent>
          rowKey="id"
          loading={audit.isFetching}
          dataSource={audit.data?.items ?? []}
          columns={columns}
          onChange={(pagination, _filters, sorter) => list.onTableChange(pagination, sorter)}
          scroll={{ x: 900 }}
          expandable={{
            expandedRowRender: (event) => <pre className="audit-data">{JSON.stringify(event.data, null, 2)}</pre>,
            rowExpandable: (event) => event.data !== null && event.data !== undefined,
          }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: audit.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
        />
      </Card>
    </PageContainer>
  );
}
