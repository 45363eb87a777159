import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Drawer, Flex, Form, Input, Modal, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JURISDICTIONS } from '../../../../shared/src/jurisdictions';
import { buildUrl } from '../../api/client';
import { hasRole, useCurrentUser } from '../../auth/session';
import { PageContainer } from '../../components/page-container';
import { applyServerErrors } from '../../lib/forms';
import { useListState } from '../../lib/list-state';
import { ProfessionalCreateModal } from './professional-create-modal';
import { ProfileFields, profileBody, profileFormValues, type ProfileFormValues } from './profile-fields';
import { IP_TYPES, useProfessionalList, useSaveProfessional, type ProfessionalListRow } from './professionals.api';
import '../workstations/registry.css';

const KINDS = ['agency', 'expert', 'mediator'] as const;

function kindOf(row: ProfessionalListRow): string {
  if (row.subjectType === 'agency') return 'agency';
  return row.roles.includes('mediator') ? 'mediator' : 'expert';
}

function Tags({ values, label }: { values: string[] | null | undefined; label?: (value: string) => string }) {
  if (!values?.length) return <>—</>;
  return (
    <>
      {values.map((value) => (
        <Tag key={value}>{label ? label(value) : value}</Tag>
      ))}
    </>
  );
}

/** Agencies, experts and mediators with their specialties: the bureau and workstation staff browse, the bureau edits. */
export default function ProfessionalsPage() {
  const { t } = useTranslation();
  const mayCreate = hasRole(useCurrentUser(), 'bureau_admin');
  const list = useListState(['kind', 'ipType', 'jurisdiction', 'available', 'q'] as const);
  const [search, setSearch] = useState(list.filters.q);
  const [viewing, setViewing] = useState<ProfessionalListRow | null>(null);
  const [editing, setEditing] = useState<ProfessionalListRow | null>(null);
  const [creating, setCreating] = useState(false);
  const { kind, ipType, jurisdiction, available, q } = list.filters;
  // The export link takes the same filters, so the file holds what the list shows.
  const filters = { kind, ipType, jurisdiction, available, q };
  const professionals = useProfessionalList({ ...filters, page: list.page, pageSize: list.pageSize });
  const ipLabel = (value: string) => t(`cases.ipType.${value}`, { defaultValue: value });

  const columns: TableColumnsType<ProfessionalListRow> = [
    {
      title: t('professional.name'),
      dataIndex: 'name',
      width: 220,
      render: (name: string, row) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setViewing(row)}>
          {name}
        </Button>
      ),
    },
    { title: t('professional.kind'), key: 'kind', width: 110, render: (_, row) => t(`professional.kinds.${kindOf(row)}`) },
    { title: t('professional.organization'), dataIndex: 'organizationName', width: 180, render: (value: string | null) => value ?? '—' },
    { title: t('professional.licenceNumber'), key: 'licence', width: 160, render: (_, row) => <span className="mono">{row.profile?.licenceNumber ?? '—'}</span> },
    { title: t('professional.ipTypes'), key: 'ipTypes', width: 260, render: (_, row) => <Tags values={row.profile?.ipTypes} label={ipLabel} /> },
    {
      title: t('professional.available'),
      key: 'available',
      width: 110,
      render: (_, row) => (row.profile ? t(row.profile.available ? 'professional.availableYes' : 'professional.availableNo') : t('professional.noProfile')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'end',
      width: 110,
      render: (_, row) =>
        row.abilities.update ? (
          <Button type="link" style={{ padding: 0 }} onClick={() => setEditing(row)} aria-label={t('professional.editNamed', { name: row.name })}>
            {t('professional.edit')}
          </Button>
        ) : null,
    },
  ];

  return (
    <PageContainer
      title={t('nav.professionals')}
      extra={
        <Space wrap>
          {mayCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('professional.create')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} href={buildUrl('/professionals/export', filters)} download>
            {t('professional.export')}
          </Button>
        </Space>
      }
    >
      <Card>
        <Flex gap="middle" wrap className="toolbar" role="search" aria-label={t('common.filters')}>
          <Input.Search
            aria-label={t('professional.search')}
            placeholder={t('professional.search')}
            allowClear
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => list.setFilters({ q: value.trim() })}
            style={{ maxWidth: 320 }}
            enterButton={t('common.search')}
          />
          <Select
            aria-label={t('professional.kind')}
            value={list.filters.kind}
            onChange={(value) => list.setFilters({ kind: value })}
            style={{ width: 150 }}
            options={[{ value: '', label: t('professional.allKinds') }, ...KINDS.map((value) => ({ value, label: t(`professional.kinds.${value}`) }))]}
          />
          <Select
            aria-label={t('professional.ipType')}
            value={list.filters.ipType}
            onChange={(value) => list.setFilters({ ipType: value })}
            style={{ width: 190 }}
            options={[{ value: '', label: t('professional.allIpTypes') }, ...IP_TYPES.map((value) => ({ value, label: ipLabel(value) }))]}
          />
          <Select
            aria-label={t('professional.jurisdiction')}
            value={list.filters.jurisdiction}
            onChange={(value) => list.setFilters({ jurisdiction: value })}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 190 }}
            options={[
              { value: '', label: t('professional.allJurisdictions') },
              ...JURISDICTIONS.map((value) => ({ value, label: `${value} ${t(`professional.jurisdictionNames.${value}`)}` })),
            ]}
          />
          <Select
            aria-label={t('professional.available')}
            value={list.filters.available}
            onChange={(value) => list.setFilters({ available: value })}
            style={{ width: 150 }}
            options={[
              { value: '', label: t('professional.allAvailability') },
              { value: 'true', label: t('professional.availableYes') },
              { value: 'false', label: t('professional.availableNo') },
            ]}
          />
        </Flex>
        <Table<ProfessionalListRow>
          rowKey={(row) => `${row.subjectType}:${row.subjectId}`}
          loading={professionals.isFetching}
          dataSource={professionals.data?.items ?? []}
          columns={columns}
          onChange={(pagination, _filters, sorter) => list.onTableChange(pagination, sorter)}
          scroll={{ x: 1160 }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: professionals.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (count) => t('common.total', { count }),
          }}
        />
      </Card>
      <ProfessionalDrawer row={viewing} onClose={() => setViewing(null)} />
      <ProfessionalFormModal row={editing} onClose={() => setEditing(null)} />
      {mayCreate && <ProfessionalCreateModal open={creating} onClose={() => setCreating(false)} />}
    </PageContainer>
  );
}

function ProfessionalDrawer({ row, onClose }: { row: ProfessionalListRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const p = row?.profile;
  return (
    <Drawer open={!!row} onClose={onClose} title={row?.name} size="large">
      {row && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('professional.kind')}>{t(`professional.kinds.${kindOf(row)}`)}</Descriptions.Item>
          <Descriptions.Item label={t('professional.organization')}>{row.organizationName ?? '—'}</Descriptions.Item>
          {row.subjectType === 'agency' && (
            <Descriptions.Item label={t('professional.agencyType')}>{p?.agencyType ? t(`professional.agencyTypes.${p.agencyType}`) : '—'}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('professional.licenceNumber')}>{p?.licenceNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('professional.ipTypes')}>
            <Tags values={p?.ipTypes} label={(value) => t(`cases.ipType.${value}`, { defaultValue: value })} />
          </Descriptions.Item>
          <Descriptions.Item label={t('professional.ipcSections')}><Tags values={p?.ipcSections} /></Descriptions.Item>
          <Descriptions.Item label={t('professional.industries')}><Tags values={p?.industries} /></Descriptions.Item>
          <Descriptions.Item label={t('professional.jurisdictions')}><Tags values={p?.jurisdictions} /></Descriptions.Item>
          <Descriptions.Item label={t('professional.languages')}><Tags values={p?.languages} /></Descriptions.Item>
          <Descriptions.Item label={t('professional.ndaOnFile')}>{p ? t(p.ndaOnFile ? 'professional.yes' : 'professional.no') : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('professional.available')}>
            {p ? t(p.available ? 'professional.availableYes' : 'professional.availableNo') : t('professional.noProfile')}
          </Descriptions.Item>
          {p?.conflictUsccs && (
            <Descriptions.Item label={t('professional.conflictUsccs')}><Tags values={p.conflictUsccs} /></Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Drawer>
  );
}

/** The profile as the form holds it: the API's input without the version, the licence number as typed. */
type FormValues = ProfileFormValues;

/** Files or edits a profile; conflict declarations are checked with the 统一社会信用代码 check character before they are sent. */
function ProfessionalFormModal({ row, onClose }: { row: ProfessionalListRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveProfessional();

  useEffect(() => {
    if (!row) return;
    form.resetFields();
    form.setFieldsValue(profileFormValues(row.profile));
  }, [row, form]);

  const submit = async (values: FormValues) => {
    if (!row) return;
    try {
      await save.mutateAsync({
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        body: {
          ...(row.profile ? { version: row.profile.version } : {}),
          ...profileBody(values, row.subjectType === 'agency'),
        },
      });
      message.success(t('professional.saved'));
      onClose();
    } catch (error) {
      if (!applyServerErrors(form, error)) throw error;
    }
  };

  return (
    <Modal
      open={!!row}
      title={row ? t('professional.editTitle', { name: row.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <ProfileFields agency={row?.subjectType === 'agency'} />
      </Form>
    </Modal>
  );
}
