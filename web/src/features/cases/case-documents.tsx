import { DeleteOutlined, DownloadOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Flex, Form, Modal, Popconfirm, Select, Space, Table, Tag, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { formatBytes } from '../workstations/form-upload';
import {
  caseDocumentUrl,
  CONFIDENTIALITY_LEVELS,
  useCaseDocuments,
  useDeleteCaseDocument,
  useDocumentAccess,
  useUploadCaseDocument,
  type CaseDocument,
  type CaseDocuments,
  type Confidentiality,
  type NamedUser,
} from './case-documents.api';
import { EmptyText } from './labels';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
const LIMIT_BYTES = 10 * 1024 * 1024;
const ACCEPTED_NAME = /\.(pdf|png|jpe?g)$/i;
// Tag colours from the presets and the theme's status colours that keep 4.5:1 text contrast.
const LEVEL_COLORS: Record<Confidentiality, string> = { public: 'success', internal: 'blue', confidential: 'warning', trade_secret: 'error' };

export function ConfidentialityTag({ level }: { level: Confidentiality }) {
  const { t } = useTranslation();
  return <Tag color={LEVEL_COLORS[level]}>{t(`cases.document.level.${level}`)}</Tag>;
}

/**
 * The documents of a case the caller may see: upload with a confidentiality level, download,
 * delete, and for trade secrets the people named on them. The server decides what is listed and
 * which buttons each document has (its abilities).
 */
export function CaseDocumentsPanel({ caseId, enterpriseView }: { caseId: string; enterpriseView: boolean }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const docs = useCaseDocuments(caseId);
  const [managing, setManaging] = useState<string | null>(null);
  const items = docs.data?.items ?? [];
  const managed = items.find((d) => d.id === managing);

  return (
    <>
      <p className="section-hint">{t(enterpriseView ? 'cases.document.enterpriseHint' : 'cases.document.staffHint')}</p>
      {docs.data?.abilities.upload && <UploadForm caseId={caseId} enterpriseView={enterpriseView} />}
      <Table<CaseDocument>
        rowKey="id"
        size="small"
        pagination={false}
        loading={docs.isPending}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <EmptyText text={t('cases.document.none')} /> }}
        columns={[
          {
            title: t('cases.document.filename'),
            dataIndex: 'filename',
            render: (name: string, doc) => (
              <Space orientation="vertical" size={2}>
                <a href={caseDocumentUrl(caseId, doc.id)} download={name} className="break-all">
                  {name}
                </a>
                <Space size={4} wrap>
                  {doc.sharedWithEnterprise && !enterpriseView && <Tag>{t('cases.document.sharedTag')}</Tag>}
                  {doc.fromEnterprise && !enterpriseView && <Tag color="geekblue">{t('cases.document.fromEnterprise')}</Tag>}
                </Space>
              </Space>
            ),
          },
          { title: t('cases.document.confidentiality'), dataIndex: 'confidentiality', render: (level: Confidentiality) => <ConfidentialityTag level={level} /> },
          { title: t('cases.document.uploader'), key: 'uploader', render: (_, doc) => doc.uploader?.name ?? '—' },
          { title: t('cases.document.size'), dataIndex: 'size', render: (size: number) => formatBytes(size, i18n.language) },
          { title: t('cases.document.uploadedAt'), dataIndex: 'createdAt', render: format.dateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, doc) => <DocumentActions caseId={caseId} doc={doc} onManage={() => setManaging(doc.id)} />,
          },
        ]}
      />
      <AccessModal caseId={caseId} doc={managed} candidates={docs.data?.candidates ?? []} onClose={() => setManaging(null)} />
    </>
  );
}

interface UploadValues {
  confidentiality: Confidentiality;
  sharedWithEnterprise: boolean;
}

function UploadForm({ caseId, enterpriseView }: { caseId: string; enterpriseView: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UploadValues>();
  const upload = useUploadCaseDocument(caseId);
  const level = (Form.useWatch('confidentiality', form) as Confidentiality | undefined) ?? 'internal';

  // The server judges the type by content; this only spares a pointless upload.
  const check = (file: File) => {
    if (!ACCEPTED_NAME.test(file.name)) {
      message.error(t('cases.document.typeRefused'));
      return Upload.LIST_IGNORE;
    }
    if (file.size > LIMIT_BYTES) {
      message.error(t('cases.document.tooLarge'));
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  return (
    <Form name="caseDocument" form={form} layout="inline" colon={false} className="toolbar" initialValues={{ confidentiality: 'internal', sharedWithEnterprise: false }}>
      <Form.Item name="confidentiality" label={t('cases.document.confidentiality')}>
        <Select
          style={{ width: 150 }}
          options={CONFIDENTIALITY_LEVELS.map((value) => ({ value, label: t(`cases.document.level.${value}`) }))}
          onChange={(value: Confidentiality) => value === 'trade_secret' && form.setFieldValue('sharedWithEnterprise', false)}
        />
      </Form.Item>
      {!enterpriseView && (
        <Form.Item name="sharedWithEnterprise" valuePropName="checked">
          <Checkbox disabled={level === 'trade_secret'}>{t('cases.document.share')}</Checkbox>
        </Form.Item>
      )}
      <Flex align="center" gap="small" wrap>
        <Upload
          accept={ACCEPT}
          showUploadList={false}
          maxCount={1}
          beforeUpload={check}
          customRequest={({ file, onSuccess, onError }) => {
            const values = form.getFieldsValue();
            upload.mutate(
              { file: file as File, confidentiality: values.confidentiality ?? 'internal', sharedWithEnterprise: !enterpriseView && !!values.sharedWithEnterprise },
              {
                onSuccess: (doc) => {
                  message.success(t('cases.document.uploaded', { name: doc.filename }));
                  onSuccess?.(doc);
                },
                onError: (error) => onError?.(error),
              },
            );
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending}>
            {t('cases.document.upload')}
          </Button>
        </Upload>
        <span className="field-hint">{t(`cases.document.levelHint.${level}`)}</span>
      </Flex>
      <span className="field-hint" style={{ flexBasis: '100%' }}>
        {t('cases.document.uploadHint')}
      </span>
    </Form>
  );
}

function DocumentActions({ caseId, doc, onManage }: { caseId: string; doc: CaseDocument; onManage: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const remove = useDeleteCaseDocument(caseId);
  return (
    <Space size={0} wrap>
      <Button type="link" size="small" icon={<DownloadOutlined />} href={caseDocumentUrl(caseId, doc.id)} download={doc.filename} aria-label={t('cases.document.downloadNamed', { name: doc.filename })}>
        {t('cases.document.download')}
      </Button>
      {doc.abilities.canManageAccess && (
        <Button type="link" size="small" icon={<TeamOutlined />} onClick={onManage}>
          {t('cases.document.access.manage')}
          {doc.namedUsers?.length ? ` (${doc.namedUsers.length})` : ''}
        </Button>
      )}
      {doc.abilities.canDelete && (
        <Popconfirm
          title={t('cases.document.deleteConfirm', { name: doc.filename })}
          okText={t('cases.document.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => remove.mutateAsync(doc.id).then(() => void message.success(t('cases.document.deleted', { name: doc.filename })))}
        >
          <Button type="link" size="small" danger icon={<DeleteOutlined />} loading={remove.isPending} aria-label={t('cases.document.deleteNamed', { name: doc.filename })}>
            {t('cases.document.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

/** Who, besides the uploader, may open a trade-secret document: people who can open the case. */
function AccessModal({ caseId, doc, candidates, onClose }: { caseId: string; doc: CaseDocument | undefined; candidates: CaseDocuments['candidates']; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useDocumentAccess(caseId);
  const [picked, setPicked] = useState<string | undefined>();
  const named = doc?.namedUsers ?? [];
  const options = candidates
    .filter((c) => c.userId !== doc?.uploader?.id && !named.some((n) => n.userId === c.userId))
    .map((c) => ({ value: c.userId, label: `${c.name}（${t(`cases.document.access.kind.${c.kind}`)}）` }));

  const change = (userId: string, name: string, isNamed: boolean) => {
    if (!doc) return;
    access.mutate(
      { documentId: doc.id, userId, named: isNamed },
      {
        onSuccess: () => {
          message.success(t(isNamed ? 'cases.document.access.added' : 'cases.document.access.removed', { name }));
          if (isNamed) setPicked(undefined);
        },
      },
    );
  };

  return (
    <Modal open={!!doc} title={doc ? t('cases.document.access.title', { name: doc.filename }) : ''} onCancel={onClose} footer={null} destroyOnHidden>
      <p className="section-hint">{t('cases.document.access.hint')}</p>
      <Flex gap="small" className="toolbar">
        <Select
          showSearch
          optionFilterProp="label"
          style={{ flex: 1 }}
          placeholder={t('cases.document.access.pick')}
          aria-label={t('cases.document.access.pick')}
          value={picked}
          onChange={setPicked}
          options={options}
          notFoundContent={t('cases.document.access.noCandidates')}
        />
        <Button
          type="primary"
          disabled={!picked}
          loading={access.isPending}
          onClick={() => picked && change(picked, candidates.find((c) => c.userId === picked)?.name ?? '', true)}
        >
          {t('cases.document.access.add')}
        </Button>
      </Flex>
      <Table<NamedUser>
        rowKey="userId"
        size="small"
        pagination={false}
        showHeader={false}
        dataSource={named}
        locale={{ emptyText: <EmptyText text={t('cases.document.access.none')} /> }}
        columns={[
          { key: 'name', dataIndex: 'name' },
          {
            key: 'remove',
            align: 'right',
            render: (_, user) => (
              <Button type="link" size="small" danger onClick={() => change(user.userId, user.name, false)} aria-label={t('cases.document.access.removeNamed', { name: user.name })}>
                {t('cases.document.access.remove')}
              </Button>
            ),
          },
        ]}
      />
    </Modal>
  );
}
