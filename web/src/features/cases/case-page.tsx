import { FilePdfOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Result, Row, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import type { User } from '../../api/types';
import { hasRole, useCurrentUser } from '../../auth/session';
import { FullPageSpin } from '../../components/full-page-spin';
import { PageContainer } from '../../components/page-container';
import { NotFoundPage } from '../../components/status-pages';
import { useFormat } from '../../i18n/format';
import { CaseActions } from './case-actions';
import { CaseAnswer, CaseConversation, CaseRating, CaseTimeline } from './case-conversation';
import { CaseLinks } from './case-links';
import { CaseParties } from './case-parties';
import { CaseDocumentsPanel } from './case-documents';
import { availableNotices, noticeUrl, useCase, useEnterprise, useSetCaseBranch, useWorkstationBranches, type CaseAssignment, type CaseSingle } from './cases.api';
import { IntakeView } from './intake-fields';
import { CaseStatusTag, CaseTypeTag, DueCell, EmptyText } from './labels';
import { userEnterprises } from './roles';
import './cases.css';

/** The workstation's name, from the caller's own memberships or their enterprise's. */
function useWorkstationName(user: User, workstationId: string | undefined): string | undefined {
  const own = user.roles.find((membership) => membership.organizationId === workstationId)?.organizationName;
  const enterpriseId = own ? undefined : userEnterprises(user)[0]?.organizationId;
  const enterprise = useEnterprise(workstationId ? enterpriseId : undefined);
  return own ?? enterprise.data?.data.memberships.find((membership) => membership.workstationId === workstationId)?.workstationName;
}

/**
 * One case: header, intake answers, parties, assignments, timeline, messages, internal notes,
 * printed documents, and only the actions the caller's abilities allow.
 */
export default function CasePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const user = useCurrentUser();
  const single = useCase(id);
  const workstationName = useWorkstationName(user, single.data?.data.workstationId);

  if (single.isPending) return <FullPageSpin />;
  if (single.isError) {
    if (isApiError(single.error) && (single.error.status === 404 || single.error.status === 400)) return <NotFoundPage />;
    return <Result status="error" title={<h1 className="result-title">{isApiError(single.error) ? single.error.message : t('error.unknown')}</h1>} />;
  }
  const enterpriseView = hasRole(user, 'enterprise_user') && !single.data.abilities.note;
  return <CaseView single={single.data} enterpriseView={enterpriseView} workstationName={workstationName} />;
}

function CaseView({ single, enterpriseView, workstationName }: { single: CaseSingle; enterpriseView: boolean; workstationName?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const c = single.data;
  const notices = availableNotices(c);
  const answered = c.messages.some((message) => message.kind === 'answer');
  const delivered = c.countedAt !== null;

  const header = (
    <Card title={<h2 className="card-title">{t('cases.overview')}</h2>} className="case-header">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: 'caseNo', label: t('cases.field.caseNo'), children: <span className="mono">{c.caseNo}</span> },
          { key: 'type', label: t('cases.field.type'), children: <CaseTypeTag type={c.type} /> },
          { key: 'status', label: t('cases.field.status'), children: <CaseStatusTag status={c.status} /> },
          { key: 'dueAt', label: t('cases.field.dueAt'), children: <DueCell dueAt={c.dueAt} state={c.dueState} /> },
          { key: 'channel', label: t('cases.field.channel'), children: t(`cases.channel.${c.channel}`, { defaultValue: c.channel }) },
          { key: 'createdAt', label: t('cases.field.createdAt'), children: format.dateTime(c.createdAt) },
          ...(workstationName ? [{ key: 'workstation', label: t('cases.field.workstation'), children: workstationName }] : []),
          ...(single.abilities.edit || c.branchName ? [{ key: 'branch', label: t('cases.field.branch'), children: <BranchField single={single} /> }] : []),
          ...(c.outcome ? [{ key: 'outcome', label: t('cases.field.outcome'), children: t(`cases.outcome.${c.outcome}`, { defaultValue: c.outcome }) }] : []),
          ...(c.countedAt ? [{ key: 'countedAt', label: t('cases.field.countedAt'), children: format.dateTime(c.countedAt) }] : []),
        ]}
      />
    </Card>
  );

  const answerCard = answered && (
    <Card title={<h2 className="card-title">{t('cases.answer')}</h2>}>
      <CaseAnswer single={single} />
    </Card>
  );

  const ratingCard = (delivered || c.rating !== null) && (
    <Card title={<h2 className="card-title">{t('cases.rating.title')}</h2>}>
      <CaseRating single={single} />
    </Card>
  );

  return (
    <PageContainer title={`${c.caseNo} ${c.title}`} trail={[enterpriseView ? 'nav.portal' : 'nav.cases']} extra={<CaseActions single={single} />}>
      <Row gutter={[16, 16]} className="case-grid">
        <Col xs={24} xl={16}>
          {header}
          {enterpriseView && answerCard}
          {enterpriseView && ratingCard}
          <Card title={<h2 className="card-title">{t('cases.intake')}</h2>}>
            <IntakeView form={c.form} />
          </Card>
          {!enterpriseView && answerCard}
          <Card title={<h2 className="card-title">{t('cases.document.title')}</h2>}>
            <CaseDocumentsPanel caseId={c.id} enterpriseView={enterpriseView} />
          </Card>
          <Card title={<h2 className="card-title">{t('cases.messages')}</h2>}>
            <p className="section-hint">{t(enterpriseView ? 'cases.message.enterpriseHint' : 'cases.message.staffHint')}</p>
            <CaseConversation single={single} kind="message" />
          </Card>
          {single.abilities.note && (
            <Card title={<h2 className="card-title">{t('cases.notes')}</h2>}>
              <p className="section-hint">{t('cases.message.notesHint')}</p>
              <CaseConversation single={single} kind="note" />
            </Card>
          )}
          {!enterpriseView && ratingCard}
        </Col>
        <Col xs={24} xl={8}>
          <Card title={<h2 className="card-title">{t('cases.parties')}</h2>}>
            <CaseParties single={single} />
          </Card>
          {(single.abilities.link || c.links.length > 0) && (
            <Card title={<h2 className="card-title">{t('cases.links')}</h2>}>
              <CaseLinks single={single} />
            </Card>
          )}
          {!enterpriseView && (
            <Card title={<h2 className="card-title">{t('cases.assignments')}</h2>}>
              <Assignments items={c.assignments} />
            </Card>
          )}
          {notices.length > 0 && (
            <Card title={<h2 className="card-title">{t('cases.notices')}</h2>}>
              <Space orientation="vertical" size={4}>
                {notices.map((kind) => (
                  <Button key={kind} type="link" icon={<FilePdfOutlined />} href={noticeUrl(c.id, kind)} target="_blank" rel="noopener">
                    {t(`cases.notice.${kind}`)}
                  </Button>
                ))}
              </Space>
            </Card>
          )}
          <Card title={<h2 className="card-title">{t('cases.timeline')}</h2>}>
            <CaseTimeline single={single} />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}

/** The case's branch: the workstation's staff choose it here (the ledger rows follow); others read it. */
function BranchField({ single }: { single: CaseSingle }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const c = single.data;
  const branches = useWorkstationBranches(c.workstationId, single.abilities.edit);
  const save = useSetCaseBranch();
  if (!single.abilities.edit) return <>{c.branchName}</>;
  // A branch closed since keeps its name on the case until another is chosen.
  const options = [...(branches.data ?? []).map((b) => ({ value: b.id, label: b.name })), ...(c.branchId && !branches.data?.some((b) => b.id === c.branchId) ? [{ value: c.branchId, label: c.branchName ?? c.branchId }] : [])];
  return (
    <Select
      size="small"
      allowClear
      aria-label={t('cases.field.branch')}
      placeholder={t('cases.branch.none')}
      value={c.branchId ?? undefined}
      options={options}
      loading={branches.isPending || save.isPending}
      disabled={save.isPending}
      style={{ minWidth: 180 }}
      onChange={(branchId?: string) => save.mutate({ id: c.id, version: c.version, branchId: branchId ?? null }, { onSuccess: () => message.success(t('cases.branch.saved')) })}
    />
  );
}

function Assignments({ items }: { items: CaseAssignment[] }) {
  const { t } = useTranslation();
  return (
    <Table<CaseAssignment>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      locale={{ emptyText: <EmptyText text={t('cases.assign.none')} /> }}
      columns={[
        { title: t('cases.assign.assignee'), dataIndex: 'name' },
        { title: t('cases.assign.role'), dataIndex: 'role', render: (role: string) => t(`cases.assign.roles.${role}`, { defaultValue: role }) },
        {
          title: t('common.status'),
          dataIndex: 'active',
          render: (active: boolean) => <Tag color={active ? 'success' : 'default'}>{t(active ? 'cases.assign.current' : 'cases.assign.ended')}</Tag>,
        },
      ]}
    />
  );
}
