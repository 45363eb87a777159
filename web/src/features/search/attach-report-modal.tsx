import { App, Checkbox, Form, Modal, Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../lib/forms';
import { useCaseList } from '../cases/cases.api';
import { useAttachReport } from './search.api';

interface AttachValues {
  caseId: string;
  sharedWithEnterprise: boolean;
}

/**
 * Files the retrieval report on the retrieval case it answers: the PDF becomes a case document,
 * shared with the client enterprise unless the searcher says otherwise.
 */
export function AttachReportModal({ savedSearchId, open, onClose }: { savedSearchId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AttachValues>();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const cases = useCaseList({ type: 'retrieval', q: q || undefined, sort: '-updatedAt', page: 1, pageSize: 20 }, open);
  const attach = useAttachReport(savedSearchId);

  const submit = async () => {
    const values = await form.validateFields();
    attach.mutate(
      { caseId: values.caseId, sharedWithEnterprise: values.sharedWithEnterprise },
      {
        onSuccess: () => {
          message.success(t('search.attach.done'));
          onClose();
        },
        onError: (error) => applyServerErrors(form, error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('search.attach.title')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('search.attach.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={attach.isPending}
      destroyOnHidden
    >
      <Form name="attach-report" form={form} layout="vertical" initialValues={{ sharedWithEnterprise: true }} preserve={false}>
        <Form.Item name="caseId" label={t('search.attach.case')} rules={[{ required: true, message: t('validation.required') }]} extra={t('search.attach.caseHint')}>
          <Select
            showSearch={{ filterOption: false, onSearch: setSearch }}
            loading={cases.isFetching}
            notFoundContent={cases.isFetching ? undefined : t('search.attach.noCases')}
            options={(cases.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.caseNo} · ${c.title}` }))}
          />
        </Form.Item>
        <Form.Item name="sharedWithEnterprise" valuePropName="checked">
          <Checkbox>{t('search.attach.shared')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
