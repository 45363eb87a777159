import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { EmptyText } from './registry-labels';
import { branchSchema } from './schemas';
import type { Branch, WorkstationSingle } from './types';
import { useAddBranch } from './workstations.api';

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
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<BranchValues>();
  const add = useAddBranch(data.id);
  const rule = (field: keyof BranchValues) => [zodRule(branchSchema, field)];

  const submit = async () => {
    const values = branchSchema.parse(await form.validateFields());
    add.mutate(
      { name: values.name, hostUnit: values.hostUnit ?? null, address: values.address ?? null },
      {
        onSuccess: () => {
          message.success(t('branch.added', { name: values.name }));
          setOpen(false);
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
              setOpen(true);
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
        ]}
      />
      <Modal
        open={open}
        title={t('branch.add')}
        onCancel={() => setOpen(false)}
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
