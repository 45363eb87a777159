import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { EmptyText } from './registry-labels';
import { branchSchema } from './schemas';
import type { Branch, WorkstationSingle } from './types';
import { useRemoveBranch, useSaveBranch } from './workstations.api';

interface BranchValues {
  name: string;
  hostUnit?: string;
  address?: string;
}

/** Branches (分站) of the workstation. */
export function BranchesCard({ workstation }: { workstation: WorkstationSingle }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, abilities } = workstation;
  /** The branch being edited, `null` for a new one, `undefined` while the form is closed. */
  const [editing, setEditing] = useState<Branch | null | undefined>(undefined);
  const open = editing !== undefined;
  const [form] = Form.useForm<BranchValues>();
  const add = useSaveBranch(data.id);
  const remove = useRemoveBranch(data.id);
  const rule = (field: keyof BranchValues) => [zodRule(branchSchema, field)];

  const submit = async () => {
    const values = branchSchema.parse(await form.validateFields());
    add.mutate(
      { branchId: editing?.id, version: editing?.version, name: values.name, hostUnit: values.hostUnit ?? null, address: values.address ?? null },
      {
        onSuccess: () => {
          message.success(t(editing ? 'branch.saved' : 'branch.added', { name: values.name }));
          setEditing(undefined);
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );
  };

  return (
    <Card
      title={<h2 className="card-title">{t('branch.title')}</h2>}
      extra={
        abilities.manageStaff && (
          <Button
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              setEditing(null);
            }}
          >
            {t('branch.add')}
          </Button>
        )
      }
    >
      <Table<Branch>
        rowKey="id"
        size="small"
        dataSource={data.branches}
        pagination={false}
        locale={{ emptyText: <EmptyText>{t('branch.none')}</EmptyText> }}
        columns={[
          { title: t('branch.name'), dataIndex: 'name' },
          { title: t('branch.hostUnit'), dataIndex: 'hostUnit', render: (value: string | null) => value ?? '—' },
          { title: t('branch.address'), dataIndex: 'address', render: (value: string | null) => value ?? '—' },
          ...(abilities.manageStaff
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, branch: Branch) => (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        onClick={() => {
                          form.setFieldsValue({ name: branch.name, hostUnit: branch.hostUnit ?? undefined, address: branch.address ?? undefined });
                          setEditing(branch);
                        }}
                      >
                        {t('common.edit')}
                      </Button>
                      <Popconfirm
                        title={t('branch.removeConfirm', { name: branch.name })}
                        okText={t('common.confirm')}
                        cancelText={t('common.cancel')}
                        onConfirm={() =>
                          remove.mutate(
                            { branchId: branch.id, version: branch.version },
                            {
                              onSuccess: () => message.success(t('branch.removed', { name: branch.name })),
                              onError: (error) => message.error(error instanceof Error ? error.message : String(error)),
                            },
                          )
                        }
                      >
                        <Button type="link" danger size="small">
                          {t('common.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={open}
        title={editing ? t('branch.edit', { name: editing.name }) : t('branch.add')}
        onCancel={() => setEditing(undefined)}
        onOk={() => void submit().catch(() => undefined)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={add.isPending}
        forceRender
      >
        <Form name="branch" form={form} layout="vertical" disabled={add.isPending} onFinish={() => void submit()}>
          <Form.Item name="name" label={t('branch.name')} rules={rule('name')} required>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="hostUnit" label={t('branch.hostUnit')} rules={rule('hostUnit')} extra={t('branch.hostUnitHint')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="address" label={t('branch.address')} rules={rule('address')}>
            <Input maxLength={200} />
          </Form.Item>
          <button type="submit" hidden />
        </Form>
      </Modal>
    </Card>
  );
}
