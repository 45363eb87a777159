import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useCurrentUser } from '../../auth/session';
import { zodRule } from '../../lib/forms';
import { applyCaseFormErrors, isFormLevelError } from './case-forms';
import { QUICK_CHANNELS, useQuickConsultation, useWorkstationBranches } from './cases.api';
import { EnterpriseSelect } from './enterprise-select';
import { ConsultationFields, intakeValues } from './intake-fields';
import { staffWorkstations } from './roles';
import { quickConsultationSchema } from './schemas';

/**
 * A clerk logs a walk-in or phone consultation in one short form: the case opens and is answered
 * at once (and counts in the ledger).
 */
export function QuickConsultationModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const workstations = staffWorkstations(user);
  const [form] = Form.useForm();
  const quick = useQuickConsultation();
  const workstationId = Form.useWatch('workstationId', form) as string | undefined;
  const branches = useWorkstationBranches(workstationId, open);
  const rule = (field: string) => [zodRule(quickConsultationSchema, field)];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ workstationId: workstations[0]?.organizationId, channel: 'walk_in' });
    quick.reset();
    // Reset when the dialog opens, not when the user's memberships object changes identity.
  }, [open]);

  const submit = async () => {
    const values = quickConsultationSchema.parse(await form.validateFields());
    quick.mutate(
      {
        workstationId: values.workstationId,
        enterpriseId: values.enterpriseId,
        branchId: values.branchId ?? null,
        channel: values.channel,
        answer: values.answer,
        form: intakeValues('consultation', values),
      },
      {
        onSuccess: (result) => {
          message.success(t('cases.quick.created', { caseNo: result.data.caseNo }));
          onClose();
          navigate(`/cases/${result.data.id}`);
        },
        onError: (error) => applyCaseFormErrors(form, error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('cases.quick.title')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('cases.quick.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={quick.isPending}
      width={640}
      forceRender
    >
      <p className="section-hint">{t('cases.quick.hint')}</p>
      {isFormLevelError(form, quick.error) && (
        <Alert type="error" showIcon className="form-alert" title={isApiError(quick.error) ? quick.error.message : t('error.unknown')} />
      )}
      <Form name="quickConsultation" form={form} layout="vertical" disabled={quick.isPending} onFinish={() => void submit()}>
        {workstations.length > 1 && (
          <Form.Item name="workstationId" label={t('cases.field.workstation')} rules={rule('workstationId')} required>
            <Select
              options={workstations.map((membership) => ({ value: membership.organizationId, label: membership.organizationName }))}
              onChange={() => form.setFieldsValue({ enterpriseId: undefined, branchId: undefined })}
            />
          </Form.Item>
        )}
        {workstations.length <= 1 && (
          <Form.Item name="workstationId" hidden>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="enterpriseId" label={t('cases.field.enterprise')} rules={rule('enterpriseId')} required>
          <EnterpriseSelect workstationId={workstationId} />
        </Form.Item>
        {(branches.data?.length ?? 0) > 0 && (
          <Form.Item name="branchId" label={t('cases.field.branch')} extra={t('cases.field.branchHint')}>
            <Select allowClear placeholder={t('cases.branch.none')} options={branches.data?.map((b) => ({ value: b.id, label: b.name }))} />
          </Form.Item>
        )}
        <Form.Item name="channel" label={t('cases.field.channel')} rules={rule('channel')} required>
          <Select options={QUICK_CHANNELS.map((value) => ({ value, label: t(`cases.channel.${value}`) }))} />
        </Form.Item>
        <ConsultationFields />
        <Form.Item name="answer" label={t('cases.field.answer')} rules={rule('answer')} required>
          <Input.TextArea rows={4} maxLength={10_000} showCount />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
