import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { HOST_KINDS, ORGANIZATION_TYPES, type Organization, type OrganizationType } from '../../api/types';
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
/** Organizations whose founding date the platform checks or shows: hosts (the one-year rule), agencies, enterprises. */
const WITH_FOUNDING_DATE: OrganizationType[] = ['host_association', 'agency', 'enterprise'];

export type OrganizationFieldValues = Omit<OrganizationFormValues, 'foundedOn'> & { foundedOn?: Dayjs | null };
type FormValues = OrganizationFieldValues;

const rule = (field: Exclude<keyof OrganizationFormValues, 'foundedOn'>) => [zodRule(organizationSchema, field)];

/** The form's values as the API takes them: only the fields the organization's type has. */
export function organizationFieldsOf({ foundedOn, ...raw }: OrganizationFieldValues) {
  const values = organizationSchema.parse({ ...raw, foundedOn: foundedOn ? foundedOn.format('YYYY-MM-DD') : null });
  const parentType = PARENT_TYPE[values.type];
  return {
    type: values.type,
    name: values.name,
    parentId: parentType ? (values.parentId ?? null) : null,
    uscc: WITHOUT_USCC.includes(values.type) ? null : (values.uscc ?? null),
    districtCode: values.districtCode ?? null,
    foundedOn: WITH_FOUNDING_DATE.includes(values.type) ? (values.foundedOn ?? null) : null,
    hostKind: values.type === 'host_association' ? (values.hostKind ?? null) : null,
    address: values.address ?? null,
    contactPhone: values.contactPhone ?? null,
    contactEmail: values.contactEmail ?? null,
  };
}

/**
 * An organization's own fields after its type, for a form that has a `type` field: this modal, and
 * the professionals screen registering a new agency. `children` go after the name (the parent).
 */
export function OrganizationFields({ type, children }: { type: OrganizationType | undefined; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="name" label={t('organization.name')} rules={rule('name')} required>
        <Input maxLength={200} />
      </Form.Item>
      {children}
      {type && !WITHOUT_USCC.includes(type) && (
        <Form.Item name="uscc" label={t('organization.uscc')} rules={rule('uscc')} extra={t('organization.usccHint')}>
          <Input maxLength={18} className="mono" />
        </Form.Item>
      )}
      <Form.Item name="districtCode" label={t('organization.district')} rules={rule('districtCode')}>
        <Select allowClear options={SHENZHEN_DISTRICTS.map((code) => ({ value: code, label: t(`district.${code}`) }))} />
      </Form.Item>
      {type === 'host_association' && (
        <Form.Item name="hostKind" label={t('organization.hostKind')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={HOST_KINDS.map((value) => ({ value, label: t(`hostKind.${value}`) }))} />
        </Form.Item>
      )}
      {type && WITH_FOUNDING_DATE.includes(type) && (
        <Form.Item name="foundedOn" label={t('organization.foundedOn')} extra={type === 'host_association' ? t('organization.foundedOnHint') : undefined}>
          <DatePicker disabledDate={(day) => day.isAfter(dayjs(), 'day')} style={{ width: 220 }} />
        </Form.Item>
      )}
      <Form.Item name="address" label={t('organization.address')} rules={rule('address')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="contactPhone" label={t('organization.contactPhone')} rules={rule('contactPhone')}>
        <Input maxLength={30} />
      </Form.Item>
      <Form.Item name="contactEmail" label={t('organization.contactEmail')} rules={rule('contactEmail')}>
        <Input maxLength={254} type="email" />
      </Form.Item>
    </>
  );
}

export function OrganizationFormModal({ state, onClose }: { state: OrganizationModalState; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateOrganization();
  const update = useUpdateOrganization();
  const type = Form.useWatch('type', form) as OrganizationType | undefined;
  const parentType = type ? PARENT_TYPE[type] : undefined;

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    if (state.mode === 'create') form.setFieldsValue({ type: state.type, parentId: state.parentId ?? null });
    else {
      const { type: orgType, name, parentId, uscc, districtCode, foundedOn, hostKind, address, contactPhone, contactEmail } = state.organization;
      form.setFieldsValue({ type: orgType, name, parentId, uscc, districtCode, foundedOn: foundedOn ? dayjs(foundedOn) : null, hostKind, address, contactPhone, contactEmail });
    }
  }, [state, form]);

  const pending = create.isPending || update.isPending;

  const submit = async () => {
    const { type: orgType, ...fields } = organizationFieldsOf(await form.validateFields());
    const options = { onSuccess: onClose, onError: (error: unknown) => applyServerErrors(form, error) };
    if (state?.mode === 'edit') update.mutate({ id: state.organization.id, version: state.organization.version, ...fields }, options);
    else create.mutate({ ...stripNulls(fields), type: orgType, name: fields.name }, options);
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
        <OrganizationFields type={type}>
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
        </OrganizationFields>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

export function stripNulls<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined)) as Partial<T>;
}
