import { Alert, App, Button, Card, Form, Input, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useCurrentUser } from '../../auth/session';
import { PageContainer } from '../../components/page-container';
import { ForbiddenPage } from '../../components/status-pages';
import { zodRule } from '../../lib/forms';
import { applyCaseFormErrors, isFormLevelError, newIdempotencyKey } from './case-forms';
import { CASE_TYPES, CHANNELS, useCreateCase, useWorkstationBranches, type CaseType } from './cases.api';
import { EnterpriseSelect } from './enterprise-select';
import { IntakeFields, intakeValues } from './intake-fields';
import { staffWorkstations } from './roles';
import { staffRequestSchema } from './schemas';
import './cases.css';

const isCaseType = (value: string | null): value is CaseType => value !== null && (CASE_TYPES as readonly string[]).includes(value);

/**
 * The workstation's staff enter a consultation or retrieval request on a member enterprise's behalf
 * (a visit, a call, a letter): the same intake form the enterprise fills in, and the case starts as
 * submitted, to be accepted like any other. One Idempotency-Key while the form is open.
 */
export default function NewRequestPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const user = useCurrentUser();
  const workstations = staffWorkstations(user);
  const [form] = Form.useForm();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const create = useCreateCase();
  const asked = params.get('type');
  const type: CaseType = (Form.useWatch('type', form) as CaseType | undefined) ?? (isCaseType(asked) ? asked : 'consultation');
  const workstationId = (Form.useWatch('workstationId', form) as string | undefined) ?? workstations[0]?.organizationId;
  const rule = (field: string) => [zodRule(staffRequestSchema, field)];
  const branches = useWorkstationBranches(workstationId, workstations.length > 0);

  if (workstations.length === 0) return <ForbiddenPage />;

  const submit = async () => {
    const raw = await form.validateFields();
    const base = staffRequestSchema.parse(raw);
    create.mutate(
      {
        type: base.type,
        workstationId: base.workstationId,
        enterpriseId: base.enterpriseId,
        branchId: base.branchId ?? null,
        channel: base.channel,
        form: intakeValues(base.type, raw),
        idempotencyKey,
      },
      {
        onSuccess: (result) => {
          message.success(t('cases.newRequest.created', { caseNo: result.data.caseNo }));
          navigate(`/cases/${result.data.id}`, { replace: true });
        },
        onError: (error) => applyCaseFormErrors(form, error),
      },
    );
  };

  const error = create.error;
  return (
    <PageContainer title={t('cases.newRequest.title')} trail={['nav.cases']}>
      <Card>
        <p className="section-hint">{t('cases.newRequest.hint')}</p>
        {isFormLevelError(form, error) && <Alert type="error" showIcon className="form-alert" title={isApiError(error) ? error.message : t('error.unknown')} />}
        <Form
          name="newRequest"
          form={form}
          layout="vertical"
          className="request-form"
          initialValues={{ type, workstationId: workstations[0]?.organizationId, channel: 'walk_in' }}
          disabled={create.isPending}
          onFinish={() => void submit()}
        >
          <Form.Item name="type" label={t('cases.field.type')} rules={rule('type')} required>
            <Radio.Group optionType="button" options={CASE_TYPES.map((value) => ({ value, label: t(`cases.type.${value}`) }))} />
          </Form.Item>
          {workstations.length > 1 ? (
            <Form.Item name="workstationId" label={t('cases.field.workstation')} rules={rule('workstationId')} required>
              <Select
                options={workstations.map((membership) => ({ value: membership.organizationId, label: membership.organizationName }))}
                onChange={() => form.setFieldsValue({ enterpriseId: undefined, branchId: undefined })}
              />
            </Form.Item>
          ) : (
            <Form.Item name="workstationId" hidden>
              <Input />
            </Form.Item>
          )}
          <Form.Item name="enterpriseId" label={t('cases.field.enterprise')} rules={rule('enterpriseId')} extra={t('cases.newRequest.enterpriseHint')} required>
            <EnterpriseSelect workstationId={workstationId} />
          </Form.Item>
          {(branches.data?.length ?? 0) > 0 && (
            <Form.Item name="branchId" label={t('cases.field.branch')} extra={t('cases.field.branchHint')}>
              <Select allowClear placeholder={t('cases.branch.none')} options={branches.data?.map((b) => ({ value: b.id, label: b.name }))} style={{ width: 320 }} />
            </Form.Item>
          )}
          <Form.Item name="channel" label={t('cases.field.channel')} rules={rule('channel')} required>
            <Select options={CHANNELS.map((value) => ({ value, label: t(`cases.channel.${value}`) }))} style={{ width: 220 }} />
          </Form.Item>
          <IntakeFields type={type} />
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('cases.newRequest.submit')}
            </Button>
            <Button onClick={() => navigate('/cases')}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </PageContainer>
  );
}
