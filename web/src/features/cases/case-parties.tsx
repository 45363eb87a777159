import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Radio, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { zodRule } from '../../lib/forms';
import { applyCaseFormErrors, isFormLevelError } from './case-forms';
import { useAddParty, type CaseParty, type CaseSingle } from './cases.api';
import { EnterpriseSelect } from './enterprise-select';
import { EmptyText } from './labels';
import { partySchema } from './schemas';

/** The enterprise served (client) and the other side (adverse), with "add" for the workstation's staff. */
export function CaseParties({ single }: { single: CaseSingle }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <>
      <Table<CaseParty>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={single.data.parties}
        locale={{ emptyText: <EmptyText text={t('cases.party.none')} /> }}
        columns={[
          {
            title: t('cases.party.side'),
            dataIndex: 'side',
            width: 90,
            render: (side: string) => <Tag color={side === 'client' ? 'blue' : 'magenta'}>{t(`cases.party.${side}`)}</Tag>,
          },
          {
            title: t('cases.party.name'),
            dataIndex: 'name',
            render: (name: string, party) => (
              <>
                <div>{name}</div>
                <div className="mono case-timeline-meta">{party.uscc}</div>
              </>
            ),
          },
        ]}
      />
      {single.abilities.addParty && (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginTop: 12 }}>
          {t('cases.party.add')}
        </Button>
      )}
      <AddPartyModal caseId={single.data.id} open={adding} onClose={() => setAdding(false)} />
    </>
  );
}

interface PartyValues {
  by: 'enterprise' | 'uscc';
  side: 'client' | 'adverse';
  enterpriseId?: string;
  uscc?: string;
  name?: string;
}

function AddPartyModal({ caseId, open, onClose }: { caseId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PartyValues>();
  const add = useAddParty();
  const by = (Form.useWatch('by', form) as PartyValues['by'] | undefined) ?? 'enterprise';
  const rule = (field: string) => [zodRule(partySchema, field)];

  const submit = async () => {
    const values = partySchema.parse(await form.validateFields());
    const input = values.by === 'enterprise' ? { enterpriseId: values.enterpriseId } : { uscc: values.uscc, name: values.name };
    add.mutate(
      { id: caseId, side: values.side, ...input },
      {
        onSuccess: () => {
          message.success(t('cases.party.added'));
          onClose();
        },
        onError: (error) => applyCaseFormErrors(form, error),
      },
    );
  };

  const error = add.error;
  const showError = isFormLevelError(form, error);

  return (
    <Modal
      open={open}
      title={t('cases.party.add')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('cases.party.add')}
      cancelText={t('common.cancel')}
      confirmLoading={add.isPending}
      destroyOnHidden
      afterOpenChange={(visible) => visible && add.reset()}
    >
      {showError && (
        <Alert
          type="error"
          showIcon
          className="form-alert"
          title={isApiError(error) && error.code === 'CONFLICT' ? t('cases.party.duplicate') : isApiError(error) ? error.message : t('error.unknown')}
        />
      )}
      <Form name="addParty" form={form} layout="vertical" initialValues={{ by: 'enterprise', side: 'adverse' }} onFinish={() => void submit()}>
        <Form.Item name="side" label={t('cases.party.side')} required>
          <Radio.Group
            options={[
              { value: 'client', label: t('cases.party.client') },
              { value: 'adverse', label: t('cases.party.adverse') },
            ]}
          />
        </Form.Item>
        <Form.Item name="by" label={t('cases.party.by')} required>
          <Radio.Group
            options={[
              { value: 'enterprise', label: t('cases.party.byEnterprise') },
              { value: 'uscc', label: t('cases.party.byUscc') },
            ]}
          />
        </Form.Item>
        {by === 'enterprise' ? (
          <Form.Item name="enterpriseId" label={t('cases.field.enterprise')} rules={rule('enterpriseId')} required>
            <EnterpriseSelect />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="uscc" label={t('organization.uscc')} rules={rule('uscc')} required>
              <Input className="mono" maxLength={18} autoComplete="off" />
            </Form.Item>
            <Form.Item name="name" label={t('cases.party.name')} rules={rule('name')} required>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
