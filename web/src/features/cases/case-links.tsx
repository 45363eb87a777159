import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Radio, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import type { Page } from '../../api/types';
import { zodRule } from '../../lib/forms';
import { applyCaseFormErrors, isFormLevelError } from './case-forms';
import { LINK_KINDS, useLinkCase, useUnlinkCase, type CaseLink, type CaseListItem, type CaseSingle, type LinkKind } from './cases.api';
import { CaseStatusTag, EmptyText } from './labels';
import { linkSchema } from './schemas';

const KIND_COLOR: Record<LinkKind, string> = { parent: 'purple', child: 'geekblue', related: 'default' };

/** Cases linked to this one (parent, children, related) that the caller may open; staff add and remove links. */
export function CaseLinks({ single }: { single: CaseSingle }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const unlink = useUnlinkCase();
  const caseId = single.data.id;
  return (
    <>
      <Table<CaseLink>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={single.data.links}
        locale={{ emptyText: <EmptyText text={t('cases.link.none')} /> }}
        columns={[
          { title: t('cases.link.kind'), dataIndex: 'kind', width: 90, render: (kind: LinkKind) => <Tag color={KIND_COLOR[kind]}>{t(`cases.link.kinds.${kind}`)}</Tag> },
          {
            title: t('cases.link.case'),
            key: 'case',
            render: (_: unknown, link) => (
              <>
                <Link to={`/cases/${link.case.id}`} className="mono">
                  {link.case.caseNo}
                </Link>
                <div>{link.case.title}</div>
              </>
            ),
          },
          { title: t('cases.field.status'), key: 'status', width: 100, render: (_: unknown, link) => <CaseStatusTag status={link.case.status} /> },
          ...(single.abilities.link
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 70,
                  render: (_: unknown, link: CaseLink) => (
                    <Popconfirm
                      title={t('cases.link.removeConfirm', { caseNo: link.case.caseNo })}
                      okText={t('cases.link.remove')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() => unlink.mutateAsync({ id: caseId, linkId: link.id }).then(() => void message.success(t('cases.link.removed', { caseNo: link.case.caseNo })))}
                    >
                      <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('cases.link.removeNamed', { caseNo: link.case.caseNo })} />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {single.abilities.link && (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginTop: 12 }}>
          {t('cases.link.add')}
        </Button>
      )}
      <AddLinkModal caseId={caseId} open={adding} onClose={() => setAdding(false)} />
    </>
  );
}

interface LinkValues {
  kind: LinkKind;
  caseNo: string;
}

/** Finds the other case by its number among the cases the caller may see, then links it. */
function AddLinkModal({ caseId, open, onClose }: { caseId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<LinkValues>();
  const link = useLinkCase();
  const [searching, setSearching] = useState(false);
  const rule = (field: string) => [zodRule(linkSchema, field)];

  const submit = async () => {
    const values = linkSchema.parse(await form.validateFields());
    setSearching(true);
    let found: CaseListItem | undefined;
    try {
      const page = await api.get<Page<CaseListItem>>('/cases', { q: values.caseNo, pageSize: 5 });
      found = page.items.find((item) => item.caseNo === values.caseNo);
    } finally {
      setSearching(false);
    }
    if (!found) {
      form.setFields([{ name: 'caseNo', errors: [t('cases.link.notFound')] }]);
      return;
    }
    link.mutate(
      { id: caseId, caseId: found.id, kind: values.kind },
      {
        onSuccess: () => {
          message.success(t('cases.link.added', { caseNo: values.caseNo }));
          onClose();
        },
        onError: (error) => applyCaseFormErrors(form, error),
      },
    );
  };

  const error = link.error;
  return (
    <Modal
      open={open}
      title={t('cases.link.add')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('cases.link.add')}
      cancelText={t('common.cancel')}
      confirmLoading={link.isPending || searching}
      destroyOnHidden
      afterOpenChange={(visible) => visible && link.reset()}
    >
      {isFormLevelError(form, error) && (
        <Alert type="error" showIcon className="form-alert" title={isApiError(error) ? error.message : t('error.unknown')} />
      )}
      <Form name="addLink" form={form} layout="vertical" initialValues={{ kind: 'related' }} onFinish={() => void submit().catch(() => undefined)}>
        <Form.Item name="kind" label={t('cases.link.kindQuestion')} rules={rule('kind')} required>
          <Radio.Group options={LINK_KINDS.map((value) => ({ value, label: t(`cases.link.kinds.${value}`) }))} />
        </Form.Item>
        <Form.Item name="caseNo" label={t('cases.field.caseNo')} rules={rule('caseNo')} extra={t('cases.link.caseNoHint')} required>
          <Input className="mono" maxLength={40} autoComplete="off" placeholder="ZX-2026-000001" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
