import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { hasRole, useCurrentUser } from '../../auth/session';
import { OrganizationSelect } from '../../components/organization-select';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { newFilingSchema, type NewFilingValues } from './schemas';
import { useCreateWorkstation } from './workstations.api';

/** The host associations the user runs as its admin (a 设立主体's 负责人 opens its filings). */
export function useOwnHostAssociations() {
  const user = useCurrentUser();
  return useMemo(
    () =>
      user.roles
        .filter((membership) => membership.role === 'workstation_admin' && membership.organizationType === 'host_association')
        .map((membership) => ({ value: membership.organizationId, label: membership.organizationName })),
    [user.roles],
  );
}

/** May the user open a new filing: the bureau, or a host association's admin. */
export function useCanOpenFiling(): boolean {
  const user = useCurrentUser();
  const own = useOwnHostAssociations();
  return hasRole(user, 'bureau_admin') || own.length > 0;
}

/** Opens a workstation filing as a draft, then goes to it with its form open. */
export function NewFilingModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewFilingValues>();
  const create = useCreateWorkstation();
  const own = useOwnHostAssociations();
  const isBureau = hasRole(user, 'bureau_admin');

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (!isBureau && own.length === 1) form.setFieldsValue({ hostId: own[0]?.value });
  }, [open, form, isBureau, own]);

  const rule = (field: keyof NewFilingValues) => [zodRule(newFilingSchema, field)];
  const submit = async () => {
    const values = newFilingSchema.parse(await form.validateFields());
    create.mutate(values, {
      onSuccess: (result) => {
        onClose();
        navigate(`/workstations/${result.data.id}`, { state: { editFiling: true } });
      },
      onError: (error) => applyServerErrors(form, error),
    });
  };

  return (
    <Modal
      open={open}
      title={t('workstation.newFiling')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('workstation.createDraft')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      forceRender
    >
      <p className="section-hint">{t('workstation.newFilingHint')}</p>
      <Form name="newFiling" form={form} layout="vertical" disabled={create.isPending} onFinish={() => void submit()}>
        <Form.Item name="hostId" label={t('workstation.host')} rules={rule('hostId')} required>
          {isBureau ? <OrganizationSelect types={['host_association']} /> : <Select options={own} />}
        </Form.Item>
        <Form.Item name="name" label={t('workstation.name')} rules={rule('name')} required extra={t('workstation.nameHint')}>
          <Input maxLength={200} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
