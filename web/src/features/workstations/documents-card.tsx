import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Select, Table } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { zodRule } from '../../lib/forms';
import { formatBytes } from './form-upload';
import { DOCUMENT_KINDS, type DocumentKind } from './reference';
import { EmptyText } from './registry-labels';
import { documentSchema } from './schemas';
import type { WorkstationDocument, WorkstationSingle } from './types';
import { documentUrl, useUploadDocument } from './workstations.api';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
const LIMIT_BYTES = 10 * 1024 * 1024;
const ACCEPTED_TYPE = /\.(pdf|png|jpe?g)$/i;

/** Supporting documents: the registration certificate proving the founding date, premises proof, … */
export function DocumentsCard({ workstation }: { workstation: WorkstationSingle }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const { data, abilities } = workstation;
  const upload = useUploadDocument(data.id);
  const [form] = Form.useForm<{ kind: DocumentKind }>();
  const input = useRef<HTMLInputElement>(null);

  const choose = async () => {
    await form.validateFields();
    input.current?.click();
  };

  const onFile = (file: File | undefined) => {
    if (input.current) input.current.value = '';
    if (!file) return;
    if (!ACCEPTED_TYPE.test(file.name)) {
      message.error(t('document.typeRefused'));
      return;
    }
    if (file.size > LIMIT_BYTES) {
      message.error(t('document.tooLarge'));
      return;
    }
    upload.mutate(
      { file, kind: form.getFieldValue('kind') as DocumentKind },
      { onSuccess: (doc) => message.success(t('document.uploaded', { name: doc.filename })) },
    );
  };

  return (
    <Card title={<h2 className="card-title">{t('document.title')}</h2>}>
      {abilities.uploadDocuments && (
        <Form
          name="document"
          form={form}
          layout="inline"
          colon={false}
          className="toolbar"
          initialValues={{ kind: 'registration_certificate' }}
          onFinish={() => void choose()}
        >
          <Form.Item name="kind" label={t('document.kind')} rules={[zodRule(documentSchema, 'kind')]}>
            <Select style={{ width: 200 }} options={DOCUMENT_KINDS.map((value) => ({ value, label: t(`documentKind.${value}`) }))} />
          </Form.Item>
          <Flex align="center" gap="small">
            <Button icon={<UploadOutlined />} loading={upload.isPending} onClick={() => void choose().catch(() => undefined)}>
              {t('document.upload')}
            </Button>
            <span className="field-hint">{t('document.uploadHint')}</span>
          </Flex>
          <input
            ref={input}
            type="file"
            accept={ACCEPT}
            style={{ display: 'none' }}
            aria-hidden
            tabIndex={-1}
            onChange={(event) => onFile(event.target.files?.[0])}
          />
        </Form>
      )}
      <Table<WorkstationDocument>
        rowKey="id"
        size="small"
        dataSource={data.documents}
        pagination={false}
        locale={{ emptyText: <EmptyText>{t('document.none')}</EmptyText> }}
        columns={[
          { title: t('document.kind'), dataIndex: 'kind', render: (kind: string) => t(`documentKind.${kind}`, { defaultValue: kind }) },
          { title: t('document.filename'), dataIndex: 'filename', render: (name: string) => <span className="break-all">{name}</span> },
          { title: t('document.size'), dataIndex: 'size', render: (size: number) => formatBytes(size, i18n.language) },
          { title: t('document.uploadedAt'), dataIndex: 'createdAt', render: format.dateTime },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, doc) => (
              <Button
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                href={documentUrl(data.id, doc.id)}
                download={doc.filename}
                aria-label={t('document.downloadNamed', { name: doc.filename })}
              >
                {t('document.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
