import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Role, type User } from '../../api/types';
import { hasRole, useCurrentUser } from '../../auth/session';
import { OrganizationSelect } from '../../components/organization-select';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { ROLE_ORGANIZATION_TYPES, assignableRoles } from './roles';
import { createUserSchema, editUserSchema } from './schemas';
import { useCreateUser, useUpdateUser } from './users.api';

export type UserModalState = { mode: 'create'; organizationId?: string } | { mode: 'edit'; user: User } | null;

interface UserFormValues {
  username: string;
  displayName: string;
  email?: string | null;
  password: string;
  organizationId: string;
  role: Role;
  locale: string;
}

export function UserFormModal({ state, onClose }: { state: UserModalState; onClose: () => void }) {
  const { t } = useTranslation();
  const actor = useCurrentUser();
  const [form] = Form.useForm<UserFormValues>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const role = Form.useWatch('role', form);
  const editing = state?.mode === 'edit';
  const schema = editing ? editUserSchema : createUserSchema;
  const rule = (field: keyof UserFormValues) => [zodRule(schema, field)];
  const roles = useMemo(() => assignableRoles(actor), [actor]);
  const defaults = useMemo(() => creationDefaults(actor), [actor]);

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    if (state.mode === 'edit') {
      const { displayName, email, locale } = state.user;
      form.setFieldsValue({ displayName, email, locale });
    } else {
      form.setFieldsValue({ organizationId: state.organizationId ?? defaults.organizationId, role: defaults.role });
    }
  }, [state, form, defaults]);

  const submit = async () => {
    const raw = await form.validateFields();
    const options = { onSuccess: onClose, onError: (error: unknown) => applyServerErrors(form, error) };
    if (state?.mode === 'edit') {
      const values = editUserSchema.parse(raw);
      update.mutate({ id: state.user.id, version: state.user.version, ...values, email: values.email ?? null }, options);
    } else {
      const values = createUserSchema.parse(raw);
      create.mutate({ ...values, email: values.email ?? undefined }, options);
    }
  };

  const pending = create.isPending || update.isPending;
  return (
    <Modal
      open={state !== null}
      title={t(editing ? 'user.editTitle' : 'user.createTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      forceRender
    >
      <Form name="user" form={form} layout="vertical" disabled={pending} onFinish={() => void submit()}>
        <AccountFields editing={editing} />
        {editing ? (
          <Form.Item name="locale" label={t('user.locale')} rules={rule('locale')} required>
            <Select options={LOCALES.map((value) => ({ value, label: t(`language.${value}`) }))} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="role" label={t('user.role')} rules={rule('role')} required>
              <Select showSearch={{ optionFilterProp: 'label' }} options={roles.map((value) => ({ value, label: t(`role.${value}`) }))} />
            </Form.Item>
            <Form.Item name="organizationId" label={t('user.organization')} rules={rule('organizationId')} required>
              <OrganizationSelect types={role ? ROLE_ORGANIZATION_TYPES[role] : undefined} />
            </Form.Item>
          </>
        )}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/**
 * A person's own fields: username and initial password for a new account, name and email always.
 * Also the professionals screen's new expert or mediator account.
 */
export function AccountFields({ editing = false }: { editing?: boolean }) {
  const { t } = useTranslation();
  const rule = (field: keyof UserFormValues) => [zodRule(editing ? editUserSchema : createUserSchema, field)];
  return (
    <>
      {!editing && (
        <Form.Item name="username" label={t('user.username')} rules={rule('username')} extra={t('user.usernameHint')} required>
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
      )}
      <Form.Item name="displayName" label={t('user.displayName')} rules={rule('displayName')} required>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="email" label={t('user.email')} rules={rule('email')}>
        <Input type="email" autoComplete="off" />
      </Form.Item>
      {!editing && (
        <Form.Item name="password" label={t('user.initialPassword')} rules={rule('password')} extra={t('password.policy')} required>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
    </>
  );
}

/** A workstation admin adds staff to their own workstation; a bureau admin chooses freely. */
function creationDefaults(actor: User): { organizationId?: string; role?: Role } {
  if (hasRole(actor, 'bureau_admin')) return {};
  const own = actor.roles.find((membership) => membership.role === 'workstation_admin');
  return { organizationId: own?.organizationId, role: 'workstation_staff' };
}
