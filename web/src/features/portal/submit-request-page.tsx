import { Alert, App, Button, Card, Form, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useCurrentUser } from '../../auth/session';
import { PageContainer } from '../../components/page-container';
import { zodRule } from '../../lib/forms';
import { applyCaseFormErrors, isFormLevelError, newIdempotencyKey } from '../cases/case-forms';
import { CASE_TYPES, useCreateCase, useEnterprise, type CaseType } from '../cases/cases.api';
import { IntakeFields, intakeValues } from '../cases/intake-fields';
import { userEnterprises } from '../cases/roles';
import { submitRequestSchema } from '../cases/schemas';
import '../cases/cases.css';

function isCaseType(value: string | null): value is CaseType {
  return value !== null && (CASE_TYPES as readonly string[]).includes(value);
}

/**
 * An enterprise asks one of its workstations for a consultation or a retrieval. The form carries
 * one Idempotency-Key for as long as it is open, so a double click creates one case.
 */
export default function SubmitRequestPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const user = useCurrentUser();
  const enterprises = userEnterprises(user);
  const [form] = Form.useForm();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const create = useCreateCase();
  const asked = params.get('type');
  const type: CaseType = (Form.useWatch('type', form) as CaseType | undefined) ?? (isCaseType(asked) ? asked : 'consultation');
  const enterpriseId = (Form.useWatch('enterpriseId', form) as string | undefined) ?? enterprises[0]?.organizationId;
  const enterprise = useEnterprise(enterpriseId);
  const workstations = enterprise.data?.data.memberships ?? [];
  // A member of no workstation: the server sends the request to the one for its cluster and district.
  const routed = enterprise.isSuccess && workstations.length === 0;

  useEffect(() => {
    // One workstation: nothing to choose.
    if (workstations.length === 1 && !form.getFieldValue('workstationId')) form.setFieldValue('workstationId', workstations[0]?.workstationId);
  }, [workstations, form]);

  const submit = async () => {
    const raw = await form.validateFields();
    const base = submitRequestSchema.parse(routed ? { ...raw, workstationId: 'routed' } : raw);
    create.mutate(
      { type: base.type, ...(routed ? {} : { workstationId: base.workstationId }), enterpriseId, form: intakeValues(base.type, raw), idempotencyKey },
      {
        onSuccess: (result) => {
          message.success(t('portal.submitted', { caseNo: result.data.caseNo }));
          navigate(`/cases/${result.data.id}`, { replace: true });
        },
        onError: (error) => applyCaseFormErrors(form, error),
      },
    );
  };

  const error = create.error;
  const showError = isFormLevelError(form, error);

  return (
    <PageContainer title={t(type === 'retrieval' ? 'portal.newRetrieval' : 'portal.newConsultation')} trail={['nav.portal']}>
      <Card>
        <p className="section-hint">{t(type === 'retrieval' ? 'portal.retrievalHint' : 'portal.consultationHint')}</p>
        {showError && <Alert type="error" showIcon className="form-alert" title={isApiError(error) ? error.message : t('error.unknown')} />}
        {routed && <Alert type="info" showIcon className="form-alert" title={t('portal.routedWorkstation')} />}
        <Form
          name="submitRequest"
          form={form}
          layout="vertical"
          className="request-form"
          initialValues={{ type, enterpriseId: enterprises[0]?.organizationId }}
          disabled={create.isPending}
          onFinish={() => void submit()}
        >
          <Form.Item name="type" label={t('cases.field.type')} rules={[zodRule(submitRequestSchema, 'type')]} required>
            <Radio.Group optionType="button" options={CASE_TYPES.map((value) => ({ value, label: t(`cases.type.${value}`) }))} />
          </Form.Item>
          {enterprises.length > 1 && (
            <Form.Item name="enterpriseId" label={t('cases.field.enterprise')} required>
              <Select
                options={enterprises.map((membership) => ({ value: membership.organizationId, label: membership.organizationName }))}
                onChange={() => form.setFieldValue('workstationId', undefined)}
              />
            </Form.Item>
          )}
          <Form.Item
            hidden={routed}
            name="workstationId"
            label={t('cases.field.workstation')}
            rules={routed ? [] : [zodRule(submitRequestSchema, 'workstationId')]}
            extra={t('portal.workstationHint')}
            required
          >
            <Select
              loading={enterprise.isFetching}
              options={workstations.map((membership) => ({ value: membership.workstationId, label: membership.workstationName }))}
              notFoundContent={t('portal.noWorkstation')}
            />
          </Form.Item>
          <IntakeFields type={type} />
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('portal.submit')}
            </Button>
            <Button onClick={() => navigate('/portal')}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </PageContainer>
  );
}
