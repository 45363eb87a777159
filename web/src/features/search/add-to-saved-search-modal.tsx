import { Alert, App, Form, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { ChosenResultsFields } from './chosen-results-fields';
import { useAddSavedSearchResults, useSavedSearches, type Category, type PatentHit } from './search.api';

interface AddToSavedSearchModalProps {
  open: boolean;
  chosen: PatentHit[];
  onClose: () => void;
  /** After the results were added. */
  onAdded: () => void;
}

interface Values {
  savedSearchId?: string;
  results: { patentId: string; category?: Category | null; note?: string }[];
}

/** Adds the chosen results, each with a category and a note, to one of the caller's saved searches. */
export function AddToSavedSearchModal({ open, chosen, onClose, onAdded }: AddToSavedSearchModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const saved = useSavedSearches({ page: 1, pageSize: 100 });
  const add = useAddSavedSearchResults();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ results: chosen.map((hit) => ({ patentId: hit.id, category: null, note: '' })) });
    add.reset();
    // Reset when the dialog opens with a new choice.
  }, [open]);

  const submit = async () => {
    const values = await form.validateFields();
    const results = (values.results ?? []).map((r) => ({ patentId: r.patentId, category: r.category ?? null, ...(r.note?.trim() ? { note: r.note.trim() } : {}) }));
    add.mutate(
      { id: values.savedSearchId ?? '', results },
      {
        onSuccess: (result) => {
          message.success(t('search.add.done', { name: result.data.name }));
          onAdded();
          onClose();
          navigate(`/saved-searches/${result.data.id}`);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('search.add.title')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('search.add.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={add.isPending}
      width={720}
      forceRender
    >
      {add.isError && <Alert type="error" showIcon role="alert" className="form-alert" title={isApiError(add.error) ? add.error.message : t('error.unknown')} />}
      <Form name="addToSavedSearch" form={form} layout="vertical" disabled={add.isPending}>
        <Form.Item name="savedSearchId" label={t('search.add.target')} rules={[{ required: true, message: t('search.add.targetRequired') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={saved.isPending}
            placeholder={t('search.add.targetPlaceholder')}
            options={(saved.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            notFoundContent={t('search.add.noSaved')}
          />
        </Form.Item>
        <ChosenResultsFields chosen={chosen} />
      </Form>
    </Modal>
  );
}
