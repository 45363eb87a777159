import { EditOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Result, Row, Space, Table, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { FullPageSpin } from '../../components/full-page-spin';
import { PageContainer } from '../../components/page-container';
import { NotFoundPage } from '../../components/status-pages';
import { useFormat } from '../../i18n/format';
import { CodeTags, EmptyText } from '../workstations/registry-labels';
import { EditEnterpriseModal, useOwnWorkstations } from './enterprise-form-modals';
import { useEnterprise, useInvitations } from './enterprises.api';
import { InviteButton, InvitationsTable } from './invitations';
import type { Contact, EnterpriseMembership } from './types';
import '../workstations/registry.css';

export default function EnterprisePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id } = useParams();
  const enterprise = useEnterprise(id);
  const [editing, setEditing] = useState(false);
  const ownWorkstations = useOwnWorkstations();

  if (enterprise.isPending) return <FullPageSpin />;
  if (enterprise.isError) {
    if (isApiError(enterprise.error) && enterprise.error.status === 404) return <NotFoundPage />;
    return <Result status="error" title={<h1 className="result-title">{enterprise.error.message}</h1>} />;
  }
  const { data, abilities } = enterprise.data;
  // A workstation invites the contacts of its own member enterprises.
  const canInvite = data.memberships.some((membership) => ownWorkstations.some((own) => own.value === membership.workstationId));

  return (
    <PageContainer
      title={data.name}
      trail={['nav.enterprises']}
      extra={
        abilities.update && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" size={16} className="full-width">
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card title={<h2 className="card-title">{t('enterprise.profile')}</h2>}>
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'uscc', label: t('enterprise.uscc'), children: <span className="mono">{data.uscc}</span> },
                  { key: 'name', label: t('enterprise.name'), children: data.name },
                  { key: 'district', label: t('enterprise.district'), children: data.districtCode ? t(`district.${data.districtCode}`, { defaultValue: data.districtCode }) : '—' },
                  { key: 'address', label: t('enterprise.address'), children: data.address ?? '—' },
                  {
                    key: 'clusters',
                    label: t('enterprise.clusters'),
                    children: (
                      <>
                        <CodeTags codes={data.clusters} prefix="cluster" />
                        <span className="field-hint">{t('workstation.clusterVersion', { version: data.clusterVersion })}</span>
                      </>
                    ),
                  },
                  { key: 'flags', label: t('enterprise.flags'), children: <CodeTags codes={data.flags} prefix="enterpriseFlag" /> },
                  { key: 'created', label: t('common.createdAt'), children: format.dateTime(data.createdAt) },
                  { key: 'updated', label: t('enterprise.updatedAt'), children: format.dateTime(data.updatedAt) },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card title={<h2 className="card-title">{t('enterprise.memberships')}</h2>}>
              <Table<EnterpriseMembership>
                rowKey="workstationId"
                size="small"
                pagination={false}
                dataSource={data.memberships}
                locale={{ emptyText: <EmptyText>{t('enterprise.noMemberships')}</EmptyText> }}
                columns={[
                  { title: t('enterprise.workstation'), dataIndex: 'workstationName' },
                  { title: t('enterprise.joinedOn'), dataIndex: 'joinedOn', render: format.date },
                  { title: t('enterprise.source'), dataIndex: 'source', render: (source: string) => t(`membershipSource.${source}`, { defaultValue: source }) },
                ]}
              />
            </Card>
          </Col>
        </Row>
        <Card title={<h2 className="card-title">{t('contact.title')}</h2>}>
          <Table<Contact>
            rowKey={(contact) => `${contact.name}-${contact.consent.at}`}
            size="small"
            pagination={false}
            dataSource={data.contacts}
            locale={{ emptyText: <EmptyText>{t('contact.none')}</EmptyText> }}
            columns={[
              { title: t('contact.name'), dataIndex: 'name' },
              { title: t('contact.phone'), dataIndex: 'phone', render: (value?: string) => value ?? '—' },
              { title: t('contact.email'), dataIndex: 'email', render: (value?: string) => value ?? '—' },
              { title: t('contact.consentPurpose'), key: 'purpose', render: (_, contact) => contact.consent.purpose },
              { title: t('contact.consentAt'), key: 'at', render: (_, contact) => format.dateTime(contact.consent.at) },
            ]}
          />
        </Card>
        {canInvite && <InvitationsCard enterpriseId={data.id} enterpriseName={data.name} />}
      </Space>
      {abilities.update && <EditEnterpriseModal enterprise={data} open={editing} onClose={() => setEditing(false)} />}
    </PageContainer>
  );
}

function InvitationsCard({ enterpriseId, enterpriseName }: { enterpriseId: string; enterpriseName: string }) {
  const { t } = useTranslation();
  const invitations = useInvitations({ enterpriseId });
  return (
    <Card title={<h2 className="card-title">{t('invitation.cardTitle')}</h2>} extra={<InviteButton enterpriseId={enterpriseId} enterpriseName={enterpriseName} />}>
      <Space orientation="vertical" className="full-width">
        <p className="section-hint">{t('invitation.cardHint')}</p>
        <InvitationsTable items={invitations.data?.items ?? []} loading={invitations.isFetching} />
      </Space>
    </Card>
  );
}
