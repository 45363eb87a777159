import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import { hasRole, useCurrentUser } from '../../auth/session';
import { i18n } from '../../i18n';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { useClusterOptions, useDistrictOptions } from '../workstations/registry-labels';
import { useAddEnterprise, useUpdateEnterprise } from './enterprises.api';
import { ENTERPRISE_FLAGS, addEnterpriseSchema, contactSchema, editEnterpriseSchema, type AddEnterpriseValues, type EditEnterpriseValues } from './schemas';
import type { EnterpriseSingle } from './types';

/** The workstations the user works in (where an added enterprise becomes a member). */
export function useOwnWorkstations() {
  const user = useCurrentUser();
  return useMemo(() => {
    const seen = new Map<string, string>();
    for (const membership of user.roles) {
      if ((membership.role === 'workstation_admin' || membership.role === 'workstation_staff') && membership.organizationType === 'workstation') {
        seen.set(membership.organizationId, membership.organizationName);
      }
    }
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [user.roles]);
}

/** May the user add, import and invite: the bureau and workstation staff. */
export function useCanManageEnterprises(): boolean {
  const user = useCurrentUser();
  return hasRole(user, 'bureau_admin', 'workstation_admin', 'workstation_staff');
}

function useFlagOptions() {
  const { t } = useTranslation();
  return useMemo(() => ENTERPRISE_FLAGS.map((value) => ({ value, label: t(`enterpriseFlag.${value}`) })), [t]);
}

/**
 * Adds an enterprise by its 统一社会信用代码. One registry: a code that is already registered joins
 * the caller's workstation instead (the server answers 200), and the dialog says so.
 */
export function AddEnterpriseModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [form] = Form.useForm<AddEnterpriseValues>();
  const add = useAddEnterprise();
  const clusterOptions = useClusterOptions();
  const districtOptions = useDistrictOptions();
  const flagOptions = useFlagOptions();
  const workstations = useOwnWorkstations();
  const chooseWorkstation = !hasRole(user, 'bureau_admin') && workstations.length > 1;
  const rule = (field: keyof AddEnterpriseValues) => [zodRule(addEnterpriseSchema, field)];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ clusters: [], flags: [], workstationId: workstations[0]?.value ?? null });
  }, [open, form, workstations]);

  const submit = async () => {
    const values = addEnterpriseSchema.parse(await form.validateFields());
    add.mutate(
      {
        uscc: values.uscc,
        name: values.name,
        districtCode: values.districtCode ?? undefined,
        clusters: values.clusters,
        flags: values.flags,
        workstationId: chooseWorkstation ? values.workstationId : undefined,
      },
      {
        onSuccess: (result) => {
          onClose();
          const open = () => navigate(`/enterprises/${result.data.id}`);
          if (result.created) {
            message.success(t('enterprise.created', { name: result.data.name }));
            return;
          }
          void modal.info({
            title: t('enterprise.joinedTitle'),
            content: t('enterprise.joinedExisting', { name: result.data.name, uscc: result.data.uscc }),
            okText: t('enterprise.openRecord'),
            onOk: open,
          });
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('enterprise.addTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={add.isPending}
      forceRender
    >
      <p className="section-hint">{t('enterprise.addHint')}</p>
      <Form name="addEnterprise" form={form} layout="vertical" disabled={add.isPending} onFinish={() => void submit()}>
        <Form.Item name="uscc" label={t('enterprise.uscc')} rules={rule('uscc')} required extra={t('enterprise.usccHint')}>
          <Input maxLength={24} className="mono" autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('enterprise.name')} rules={rule('name')} required>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="districtCode" label={t('enterprise.district')} rules={rule('districtCode')} extra={t('enterprise.districtHint')}>
          <Select allowClear options={districtOptions} />
        </Form.Item>
        <Form.Item name="clusters" label={t('enterprise.clusters')} rules={rule('clusters')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={clusterOptions} />
        </Form.Item>
        <Form.Item name="flags" label={t('enterprise.flags')} rules={rule('flags')}>
          <Checkbox.Group options={flagOptions} />
        </Form.Item>
        {chooseWorkstation && (
          <Form.Item name="workstationId" label={t('enterprise.workstation')} rules={rule('workstationId')} required>
            <Select options={workstations} />
          </Form.Item>
        )}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

function itemRule(schema: z.ZodType) {
  return {
    validator: async (_rule: unknown, value: unknown) => {
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(i18n.t(result.error.issues[0]?.message ?? 'validation.required'));
    },
  };
}

type ContactRow = { name?: string; phone?: string; email?: string; consentPurpose?: string };

/** Edits an enterprise: name, district, address, clusters, flags and contacts with their consent. */
export function EditEnterpriseModal({ enterprise, open, onClose }: { enterprise: EnterpriseSingle['data']; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditEnterpriseValues & { contacts: ContactRow[] }>();
  const update = useUpdateEnterprise();
  const clusterOptions = useClusterOptions();
  const districtOptions = useDistrictOptions();
  const flagOptions = useFlagOptions();
  const rule = (field: keyof EditEnterpriseValues) => [zodRule(editEnterpriseSchema, field)];
  const originalContacts = useMemo(
    () => enterprise.contacts.map((contact) => ({ name: contact.name, phone: contact.phone, email: contact.email, consentPurpose: contact.consent.purpose })),
    [enterprise.contacts],
  );

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      name: enterprise.name,
      districtCode: enterprise.districtCode as EditEnterpriseValues['districtCode'],
      address: enterprise.address,
      clusters: enterprise.clusters as EditEnterpriseValues['clusters'],
      flags: enterprise.flags as EditEnterpriseValues['flags'],
      contacts: originalContacts,
    });
  }, [open, form, enterprise, originalContacts]);

  const submit = async () => {
    const values = editEnterpriseSchema.parse(await form.validateFields());
    // Contacts go only when they changed: saving them records the consent anew.
    const contactsChanged = JSON.stringify(values.contacts) !== JSON.stringify(contactSchema.array().parse(originalContacts));
    update.mutate(
      {
        id: enterprise.id,
        version: enterprise.version,
        name: values.name,
        districtCode: values.districtCode ?? null,
        address: values.address ?? null,
        clusters: values.clusters,
        flags: values.flags,
        ...(contactsChanged ? { contacts: values.contacts } : {}),
      },
      {
        onSuccess: () => {
          message.success(t('enterprise.saved'));
          onClose();
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('enterprise.editTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      width={760}
      forceRender
    >
      <Form name="editEnterprise" form={form} layout="vertical" disabled={update.isPending} onFinish={() => void submit()}>
        <Form.Item name="name" label={t('enterprise.name')} rules={rule('name')} required>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="districtCode" label={t('enterprise.district')} rules={rule('districtCode')}>
          <Select allowClear options={districtOptions} />
        </Form.Item>
        <Form.Item name="address" label={t('enterprise.address')} rules={rule('address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="clusters" label={t('enterprise.clusters')} rules={rule('clusters')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={clusterOptions} />
        </Form.Item>
        <Form.Item name="flags" label={t('enterprise.flags')} rules={rule('flags')}>
          <Checkbox.Group options={flagOptions} />
        </Form.Item>
        <h3 className="form-section">{t('contact.title')}</h3>
        <p className="section-hint">{t('contact.consentHint')}</p>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  className="contact-card"
                  title={t('contact.numbered', { n: index + 1 })}
                  extra={
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('contact.removeN', { n: index + 1 })} />
                  }
                >
                  <Form.Item name={[field.name, 'name']} label={t('contact.nameN', { n: index + 1 })} rules={[itemRule(contactSchema.shape.name)]} required>
                    <Input maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'phone']} label={t('contact.phoneN', { n: index + 1 })} rules={[itemRule(contactSchema.shape.phone)]}>
                    <Input maxLength={30} inputMode="tel" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'email']} label={t('contact.emailN', { n: index + 1 })} rules={[itemRule(contactSchema.shape.email)]}>
                    <Input type="email" maxLength={254} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'consentPurpose']}
                    label={t('contact.consentPurposeN', { n: index + 1 })}
                    rules={[itemRule(contactSchema.shape.consentPurpose)]}
                    required
                    extra={t('contact.consentPurposeHint')}
                  >
                    <Input maxLength={200} />
                  </Form.Item>
                </Card>
              ))}
              {fields.length < 10 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('contact.add')}
                </Button>
              )}
            </>
          )}
        </Form.List>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
