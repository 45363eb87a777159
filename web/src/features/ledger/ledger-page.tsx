import { Button, Card, Col, DatePicker, Form, Row, Select, Space, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { DownloadOutlined } from '@ant-design/icons';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { buildUrl } from '../../api/client';
import { hasRole, useCurrentUser } from '../../auth/session';
import { OrganizationSelect } from '../../components/organization-select';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';
import { useListState } from '../../lib/list-state';
import { CASE_TYPES, CHANNELS, useWorkstationBranches } from '../cases/cases.api';
import { ConfidentialityTag } from '../cases/case-documents';
import type { Confidentiality } from '../cases/case-documents.api';
import { EmptyText } from '../cases/labels';
import { staffWorkstations } from '../cases/roles';
import { SHENZHEN_DISTRICTS } from '../organizations/districts';
import { CLUSTER_CODES } from './clusters';
import { useLedger, type LedgerRow } from './ledger.api';
import '../cases/cases.css';

const FILTERS = ['from', 'to', 'type', 'channel', 'cluster', 'district', 'workstationId', 'branchId'] as const;

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  type?: string;
  channel?: string;
  cluster?: string;
  district?: string;
  workstationId?: string | null;
  branchId?: string | null;
}

const day = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : undefined);

/**
 * The service ledger (服务台账): one row per enterprise served per service per case, and the total of
 * enterprise-times (服务家次) by the one counting rule. Workstations read their own rows; the bureau
 * and the alliance every row's metadata; a district officer the rows of its district.
 */
export default function LedgerPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useCurrentUser();
  const list = useListState(FILTERS, '');
  const { filters } = list;
  const [form] = Form.useForm<FilterValues>();
  const ownWorkstations = staffWorkstations(user);
  const networkWide = hasRole(user, 'bureau_admin', 'alliance_officer', 'district_officer');
  const showWorkstation = networkWide || ownWorkstations.length > 1;
  // Branches are a workstation's: offered once the ledger is of one workstation (chosen, or the caller's only one).
  const chosenWorkstation = Form.useWatch('workstationId', form) ?? undefined;
  const branchWorkstation = chosenWorkstation || (!networkWide && ownWorkstations.length === 1 ? ownWorkstations[0]?.organizationId : undefined);
  const branches = useWorkstationBranches(branchWorkstation);

  useEffect(() => {
    form.setFieldsValue({
      range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : null,
      type: filters.type,
      channel: filters.channel,
      cluster: filters.cluster,
      district: filters.district,
      workstationId: filters.workstationId || null,
      branchId: filters.branchId || null,
    });
  }, [form, filters.from, filters.to, filters.type, filters.channel, filters.cluster, filters.district, filters.workstationId, filters.branchId]);

  const ledger = useLedger({ ...filters, page: list.page, pageSize: list.pageSize });

  const apply = (values: FilterValues) =>
    list.setFilters({
      from: day(values.range?.[0]),
      to: day(values.range?.[1]),
      type: values.type,
      channel: values.channel,
      cluster: values.cluster,
      district: values.district,
      workstationId: values.workstationId ?? undefined,
      branchId: values.branchId ?? undefined,
    });

  const options = (values: readonly string[], key: (value: string) => string) => [
    { value: '', label: t('ledger.all') },
    ...values.map((value) => ({ value, label: t(key(value)) })),
  ];

  const columns: TableColumnsType<LedgerRow> = [
    { title: t('ledger.deliveredAt'), dataIndex: 'deliveredAt', width: 120, render: format.date },
    ...(showWorkstation ? [{ title: t('cases.field.workstation'), dataIndex: 'workstationName', width: 220 }] : []),
    { title: t('ledger.branch'), dataIndex: 'branchName', width: 140, render: (name: string | null) => name ?? '—' },
    {
      title: t('cases.field.enterprise'),
      dataIndex: 'enterpriseName',
      width: 240,
      render: (name: string, row: LedgerRow) => (
        <>
          <div>{name}</div>
          <div className="mono case-timeline-meta">{row.uscc}</div>
        </>
      ),
    },
    { title: t('ledger.serviceType'), dataIndex: 'serviceType', width: 110, render: (type: string) => t(`cases.type.${type}`, { defaultValue: type }) },
    { title: t('cases.field.channel'), dataIndex: 'channel', width: 100, render: (channel: string) => t(`cases.channel.${channel}`, { defaultValue: channel }) },
    {
      title: t('cases.field.ipType'),
      dataIndex: 'ipType',
      width: 120,
      render: (ipType: string | null) => (ipType ? t(`cases.ipType.${ipType}`, { defaultValue: ipType }) : '—'),
    },
    {
      title: t('cases.field.rightNumbers'),
      dataIndex: 'rightNumbers',
      width: 180,
      render: (numbers: string[]) => (numbers.length ? <span className="mono">{numbers.join('，')}</span> : '—'),
    },
    {
      title: t('organization.district'),
      dataIndex: 'districtCode',
      width: 110,
      render: (code: string | null) => (code ? t(`district.${code}`, { defaultValue: code }) : '—'),
    },
    {
      title: t('ledger.cluster'),
      dataIndex: 'clusters',
      width: 180,
      render: (codes: string[]) =>
        codes.length
          ? codes.map((code) => (
              <Tag key={code}>{t(`ledger.clusters.${code}`, { defaultValue: code })}</Tag>
            ))
          : '—',
    },
    { title: t('ledger.satisfaction'), dataIndex: 'satisfaction', width: 100, render: (score: number | null) => (score === null ? '—' : t('cases.rating.score', { count: score })) },
    { title: t('ledger.handlers'), dataIndex: 'handlers', width: 140, render: (handlers: string[]) => (handlers.length ? handlers.join('、') : '—') },
    { title: t('cases.field.outcome'), dataIndex: 'outcome', width: 100, render: (outcome: string | null) => (outcome ? t(`cases.outcome.${outcome}`, { defaultValue: outcome }) : '—') },
    { title: t('ledger.confidentiality'), dataIndex: 'confidentiality', width: 100, render: (level: Confidentiality) => <ConfidentialityTag level={level} /> },
    // Case content stays with the workstation: only its own staff follow the link.
    ...(ownWorkstations.length
      ? [
          {
            title: t('ledger.case'),
            key: 'case',
            width: 100,
            fixed: 'end' as const,
            render: (_: unknown, row: LedgerRow) =>
              ownWorkstations.some((membership) => membership.organizationId === row.workstationId) ? (
                <Link to={`/cases/${row.caseId}`} aria-label={t('ledger.openCaseOf', { name: row.enterpriseName })}>
                  {t('ledger.openCase')}
                </Link>
              ) : (
                '—'
              ),
          },
        ]
      : []),
  ];

  return (
    <PageContainer title={t('nav.ledger')}>
      <Card className="filter-card">
        <Form name="ledgerFilters" form={form} layout="vertical" onFinish={apply} role="search" aria-label={t('common.filters')}>
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="range" label={t('ledger.period')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} placeholder={[t('ledger.from'), t('ledger.to')]} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="type" label={t('ledger.serviceType')}>
                <Select options={options(CASE_TYPES, (value) => `cases.type.${value}`)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="channel" label={t('cases.field.channel')}>
                <Select options={options(CHANNELS, (value) => `cases.channel.${value}`)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="cluster" label={t('ledger.cluster')}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={options(CLUSTER_CODES, (value) => `ledger.clusters.${value}`)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item name="district" label={t('organization.district')}>
                <Select options={options(SHENZHEN_DISTRICTS, (value) => `district.${value}`)} />
              </Form.Item>
            </Col>
            {showWorkstation && (
              <Col xs={24} md={12} xl={8}>
                <Form.Item name="workstationId" label={t('cases.field.workstation')}>
                  {networkWide ? (
                    <OrganizationSelect types={['workstation']} placeholder={t('ledger.all')} onChange={() => form.setFieldValue('branchId', null)} />
                  ) : (
                    <Select
                      allowClear
                      placeholder={t('ledger.all')}
                      options={ownWorkstations.map((membership) => ({ value: membership.organizationId, label: membership.organizationName }))}
                      onChange={() => form.setFieldValue('branchId', null)}
                    />
                  )}
                </Form.Item>
              </Col>
            )}
            {(branches.data?.length ?? 0) > 0 && (
              <Col xs={24} md={12} xl={8}>
                <Form.Item name="branchId" label={t('ledger.branch')}>
                  <Select allowClear placeholder={t('ledger.all')} options={branches.data?.map((b) => ({ value: b.id, label: b.name }))} />
                </Form.Item>
              </Col>
            )}
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
        <Row gutter={[16, 16]} className="toolbar">
          <Col>
            <Statistic
              className="ledger-total"
              title={t('ledger.enterpriseTimes')}
              value={ledger.data?.enterpriseTimes ?? 0}
              loading={ledger.isPending}
              formatter={(value) => format.number(Number(value))}
            />
          </Col>
          <Col flex="auto" className="toolbar-end">
            {/* The rows the filters select, in the columns a workstation keeps (GET /api/ledger/export). */}
            <Button icon={<DownloadOutlined />} href={buildUrl('/ledger/export', filters)} download>
              {t('ledger.export')}
            </Button>
          </Col>
        </Row>
        <p className="section-hint">{t('ledger.countingRule')}</p>
        <Table<LedgerRow>
          rowKey="id"
          loading={ledger.isFetching}
          dataSource={ledger.data?.items ?? []}
          columns={columns}
          onChange={(pagination, _filters, sorter) => list.onTableChange(pagination, sorter)}
          scroll={{ x: 1500 }}
          locale={{ emptyText: <EmptyText text={t('ledger.empty')} /> }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: ledger.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
          }}
        />
      </Card>
    </PageContainer>
  );
}
