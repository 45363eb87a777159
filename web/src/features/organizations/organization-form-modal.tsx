import { Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ORGANIZATION_TYPES, type Organization, type OrganizationType } from '../../api/types';
import { OrganizationSelect } from '../../components/organization-select';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { SHENZHEN_DISTRICTS } from './districts';
import { useCreateOrganization, useUpdateOrganization } from './organizations.api';
import { PARENT_TYPE, organizationSchema, type OrganizationFormValues } from './schemas';

export type OrganizationModalState =
  | { mode: 'create'; type: OrganizationType; parentId?: string }
  | { mode: 'edit'; organization: Organization }
  | null;

const WITHOUT_USCC: OrganizationType[] = ['bureau', 'district_bureau', 'workstation'];

export function OrganizationFormModal({ state, onClose }: { state: OrganizationModalState; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OrganizationFormValues>();
  const create = useCreateOrganization();
  const update = useUpdateOrganization();
  const type = Form.useWatch('type', form) as OrganizationType | undefined;
  const parentType = type ? PARENT_TYPE[type] : undefined;

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    if (state.mode === 'create') form.setFieldsValue({ type: state.type, parentId: state.parentId ?? null });
    else {
      const { type: orgType, name, parentId, uscc, districtCode } = state.organization;
      form.setFieldsValue({ type: orgType, name, parentId, uscc, districtCode });
    }
  }, [state, form]);

  const pending = create.isPending || update.isPending;
  const rule = (field: keyof OrganizationFormValues) => [zodRule(organizationSchema, field)];

  const submit = async () => {
    const values = organizationSchema.parse(await form.validateFields());
    const fields = {
      name: values.name,
      parentId: parentType ? (values.parentId ?? null) : null,
      uscc: WITHOUT_USCC.includes(values.type) ? null : (values.uscc ?? null),
      districtCode: values.districtCode ?? null,
    };
    const options = { onSuccess: onClose, onError: (error: unknown) => applyServerErrors(form, error) };
    if (state?.mode === 'edit') update.mutate({ id: state.organization.id, version: state.organization.version, ...fields }, options);
    else create.mutate({ ...stripNulls(fields), type: values.type, name: values.name }, options);
  };

  return (
    <Modal
      open={state !== null}
      title={t(state?.mode === 'edit' ? 'organization.editTitle' : 'organization.createTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      forceRender
    >
      <Form name="organization" form={form} layout="vertical" disabled={pending} onFinish={() => void submit()}>
        <Form.Item name="type" label={t('organization.type')} rules={rule('type')} required>
          <Select
            disabled={state?.mode === 'edit'}
            options={ORGANIZATION_TYPES.map((value) => ({ value, label: t(`orgType.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('organization.name')} rules={rule('name')} required>
          <Input maxLength={200} />
        </Form.Item>
        {parentType && (
          <Form.Item
            name="parentId"
            label={t('organization.parent', { type: t(`orgType.${parentType}`) })}
            rules={rule('parentId')}
            required={type === 'workstation'}
          >
            <OrganizationSelect types={[parentType]} />
          </Form.Item>
        )}
        {type && !WITHOUT_USCC.includes(type) && (
          <Form.Item name="uscc" label={t('organization.uscc')} rules={rule('uscc')} extra={t('organization.usccHint')}>
            <Input maxLength={18} className="mono" />
          </Form.Item>
        )}
        <Form.Item name="districtCode" label={t('organization.district')} rules={rule('districtCode')}>
          <Select allowClear options={SHENZHEN_DISTRICTS.map((code) => ({ value: code, label: t(`district.${code}`) }))} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

function stripNulls<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined)) as Partial<T>;
}
