import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Form, Popconfirm, Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Membership, Role } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { OrgTypeTag, RoleTag } from '../../components/labels';
import { OrganizationSelect } from '../../components/organization-select';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { ROLE_ORGANIZATION_TYPES, assignableRoles } from './roles';
import { addRoleSchema } from './schemas';
import { useAddRole, useRemoveRole, useUser } from './users.api';

/** A user's memberships (role in an organization) with add and remove. */
export function UserRolesDrawer({ userId, onClose }: { userId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const actor = useCurrentUser();
  const user = useUser(userId);
  const add = useAddRole();
  const remove = useRemoveRole();
  const [form] = Form.useForm<{ organizationId: string; role: Role }>();
  const role = Form.useWatch('role', form);
  const canManage = user.data?.abilities.manageRoles ?? false;
  const memberships = user.data?.data.roles ?? [];

  return (
    <Drawer
      open={userId !== null}
      onClose={onClose}
      title={t('user.rolesTitle', { name: user.data?.data.displayName ?? '' })}
      size={520}
      destroyOnHidden
      closable={{ 'aria-label': t('common.close') }}
    >
      <Table<Membership>
        rowKey="id"
        size="small"
        loading={user.isPending}
        dataSource={memberships}
        pagination={false}
        locale={{ emptyText: t('user.noRoles') }}
        columns={[
          { title: t('user.role'), dataIndex: 'role', render: (value: Role) => <RoleTag role={value} /> },
          {
            title: t('user.organization'),
            key: 'organization',
            render: (_, membership) => (
              <>
                <OrgTypeTag type={membership.organizationType} /> {membership.organizationName}
              </>
            ),
          },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, membership: Membership) => (
                    <Popconfirm
                      title={t('user.removeRoleConfirm', { role: t(`role.${membership.role}`), organization: membership.organizationName })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() =>
                        remove.mutate(
                          { id: userId ?? '', membershipId: membership.id },
                          { onSuccess: () => message.success(t('user.roleRemoved')) },
                        )
                      }
                    >
                      <Button type="link" danger size="small">
                        {t('common.remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage && (
        <Form
          name="addRole"
          form={form}
          layout="vertical"
          className="add-role-form"
          onFinish={(values) =>
            add.mutate(
              { id: userId ?? '', ...values },
              {
                onSuccess: () => {
                  form.resetFields();
                  message.success(t('user.roleAdded'));
                },
                onError: (error) => applyServerErrors(form, error),
              },
            )
          }
        >
          <h2 className="card-title">{t('user.addRole')}</h2>
          <Form.Item name="role" label={t('user.role')} rules={[zodRule(addRoleSchema, 'role')]} required>
            <Select showSearch={{ optionFilterProp: 'label' }} options={assignableRoles(actor).map((value) => ({ value, label: t(`role.${value}`) }))} />
          </Form.Item>
          <Form.Item name="organizationId" label={t('user.organization')} rules={[zodRule(addRoleSchema, 'organizationId')]} required>
            <OrganizationSelect types={role ? ROLE_ORGANIZATION_TYPES[role] : undefined} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
            {t('user.addRole')}
          </Button>
        </Form>
      )}
    </Drawer>
  );
}
