import { EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Result, Row, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { hasRole, useCurrentUser } from '../../auth/session';
import { FullPageSpin } from '../../components/full-page-spin';
import { PageContainer } from '../../components/page-container';
import { NotFoundPage } from '../../components/status-pages';
import { useFormat } from '../../i18n/format';
import { BranchesCard } from './branches-card';
import { DocumentsCard } from './documents-card';
import { FilingActions } from './filing-actions';
import { FilingFormDrawer } from './filing-form-drawer';
import { HistoryCard } from './history-card';
import { PendingChangeCard } from './pending-change-card';
import { CodeTags, FilingStatusTag, useQualificationLabel } from './registry-labels';
import { StaffCard } from './staff-card';
import type { WorkstationDetail, WorkstationSingle } from './types';
import { useWorkstation } from './workstations.api';
import './registry.css';

const PREPARING = ['draft', 'needs_correction'];

/** 深市监规〔2024〕4号 Art. 6(1): the host has existed for at least a year (as the server checks on submit). */
function hostOldEnough(foundedOn: string | null): boolean {
  if (!foundedOn) return false;
  const founded = new Date(`${foundedOn}T00:00:00+08:00`);
  const anniversary = new Date(founded);
  anniversary.setFullYear(founded.getFullYear() + 1);
  return anniversary.getTime() <= Date.now();
}

export default function WorkstationPage() {
  const { id } = useParams();
  const location = useLocation();
  const workstation = useWorkstation(id);
  const [editing, setEditing] = useState(() => !!(location.state as { editFiling?: boolean } | null)?.editFiling);

  if (workstation.isPending) return <FullPageSpin />;
  if (workstation.isError) {
    if (isApiError(workstation.error) && workstation.error.status === 404) return <NotFoundPage />;
    return <Result status="error" title={<h1 className="result-title">{workstation.error.message}</h1>} />;
  }
  const single = workstation.data;
  const { data, abilities } = single;

  return (
    <PageContainer
      title={data.name}
      trail={['nav.workstations']}
      extra={
        <Space wrap>
          {abilities.update && <EditButton workstation={single} onEdit={() => setEditing(true)} />}
          <FilingActions workstation={single} />
        </Space>
      }
    >
      <FilingAlerts workstation={single} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} className="full-width">
            <PendingChangeCard workstation={single} />
            <ProfileCard workstation={data} />
            <DocumentsCard workstation={single} />
            <StaffCard workstation={single} />
            <BranchesCard workstation={single} />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <HistoryCard history={data.history} />
        </Col>
      </Row>
      {abilities.update && <FilingFormDrawer workstation={data} open={editing} onClose={() => setEditing(false)} />}
    </PageContainer>
  );
}

function EditButton({ workstation, onEdit }: { workstation: WorkstationSingle; onEdit: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const viaChange = workstation.data.filingStatus === 'active' && !hasRole(user, 'bureau_admin');
  return (
    <Button icon={<EditOutlined />} onClick={onEdit} disabled={viaChange && workstation.data.pendingChange !== null}>
      {t(viaChange ? 'filing.requestChange' : 'filing.edit')}
    </Button>
  );
}

/** What the host must know now: the bureau's reason, what is still missing, whether it may submit. */
function FilingAlerts({ workstation }: { workstation: WorkstationSingle }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { data } = workstation;
  const preparing = PREPARING.includes(data.filingStatus);
  const viaChange = data.filingStatus === 'active' && !hasRole(user, 'bureau_admin');
  const alerts = [];
  if (data.lastReason && data.filingStatus === 'needs_correction') {
    alerts.push(
      <Alert key="correction" type="warning" showIcon title={t('filing.correctionRequested')} description={data.lastReason} role="alert" />,
    );
  } else if (data.lastReason && ['suspended', 'revoked', 'withdrawn'].includes(data.filingStatus)) {
    alerts.push(<Alert key="reason" type="info" showIcon title={t('filing.lastReason')} description={data.lastReason} />);
  }
  if (preparing && data.missing.length > 0) {
    alerts.push(
      <Alert
        key="missing"
        type="warning"
        showIcon
        title={t('filing.missingTitle')}
        description={
          <ul className="missing-list">
            {data.missing.map((field) => (
              <li key={field}>{t(`filingMissing.${field.replace(/\./g, '_')}`, { defaultValue: field })}</li>
            ))}
          </ul>
        }
      />,
    );
  }
  if (preparing && data.missing.length === 0 && workstation.abilities.actions.includes('submit')) {
    alerts.push(<Alert key="ready" type="success" showIcon title={t('filing.readyToSubmit')} />);
  }
  if (preparing && !hostOldEnough(data.hostFoundedOn)) {
    alerts.push(
      <Alert
        key="age"
        type="error"
        showIcon
        title={data.hostFoundedOn ? t('filing.hostTooYoung', { date: data.hostFoundedOn }) : t('filing.hostFoundedUnknown')}
      />,
    );
  }
  if (viaChange && !data.pendingChange) {
    alerts.push(<Alert key="change" type="info" showIcon title={t('filing.activeChangeHint')} />);
  }
  if (alerts.length === 0) return null;
  return (
    <Space orientation="vertical" size={12} className="full-width filing-alerts">
      {alerts}
    </Space>
  );
}

function ProfileCard({ workstation: w }: { workstation: WorkstationDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const qualification = useQualificationLabel();
  const dash = (value: string | null | undefined) => (value ? value : '—');
  return (
    <Card title={<h2 className="card-title">{t('filing.profile')}</h2>}>
      <Descriptions
        column={{ xs: 1, md: 2 }}
        size="small"
        items={[
          { key: 'status', label: t('workstation.status'), children: <FilingStatusTag status={w.filingStatus} /> },
          {
            key: 'number',
            label: t('workstation.filingNumber'),
            children: w.filingNumber ? <strong className="filing-number">{w.filingNumber}</strong> : '—',
          },
          { key: 'date', label: t('workstation.filingDate'), children: format.date(w.filingDate) },
          { key: 'host', label: t('workstation.host'), children: dash(w.hostName) },
          { key: 'hostUscc', label: t('workstation.hostUscc'), children: <span className="mono">{dash(w.hostUscc)}</span> },
          { key: 'founded', label: t('workstation.hostFoundedOn'), children: format.date(w.hostFoundedOn) },
          {
            key: 'clusters',
            label: t('workstation.clusters'),
            span: 'filled',
            children: (
              <>
                <CodeTags codes={w.clusters} prefix="cluster" />
                <span className="field-hint">{t('workstation.clusterVersion', { version: w.clusterVersion })}</span>
              </>
            ),
          },
          { key: 'districts', label: t('workstation.districts'), span: 'filled', children: <CodeTags codes={w.districts} prefix="district" /> },
          { key: 'services', label: t('workstation.services'), span: 'filled', children: <CodeTags codes={w.services} prefix="service" /> },
          { key: 'address', label: t('workstation.address'), span: 'filled', children: dash(w.address) },
          { key: 'phone', label: t('workstation.contactPhone'), children: dash(w.contactPhone) },
          { key: 'email', label: t('workstation.contactEmail'), children: dash(w.contactEmail) },
          { key: 'leader', label: t('workstation.leaderName'), children: dash(w.leader.name) },
          { key: 'leaderTitle', label: t('workstation.leaderTitle'), children: dash(w.leader.title) },
          {
            key: 'leaderQualifications',
            label: t('workstation.leaderQualifications'),
            span: 'filled',
            children: w.leader.qualifications?.length ? w.leader.qualifications.map(qualification).join('、') : '—',
          },
          {
            key: 'area',
            label: t('workstation.premisesArea'),
            children: w.premises.area !== undefined ? `${format.number(w.premises.area)} ㎡` : '—',
          },
          { key: 'budget', label: t('workstation.annualBudget'), children: format.number(w.funding.annualBudget) },
          { key: 'facilities', label: t('workstation.premisesFacilities'), span: 'filled', children: dash(w.premises.facilities) },
          { key: 'funding', label: t('workstation.fundingDescription'), span: 'filled', children: dash(w.funding.description) },
          {
            key: 'partners',
            label: t('workstation.partnerAgencies'),
            span: 'filled',
            children: w.partnerAgencies?.length ? w.partnerAgencies.map((a) => a.name).join('、') : '—',
          },
          { key: 'alliance', label: t('workstation.allianceMember'), children: t(w.allianceMember ? 'common.yes' : 'common.no') },
          { key: 'discipline', label: t('workstation.selfDisciplineSigned'), children: t(w.selfDisciplineSigned ? 'common.yes' : 'common.no') },
        ]}
      />
    </Card>
  );
}
