import { Alert, App, Form, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { chosenValues, ChosenResultsFields } from './chosen-results-fields';
import { recordColumnOf, useAddSavedSearchResults, useSavedSearches, type ChosenItem, type ResultInput, type SearchKind } from './search.api';

interface AddToSavedSearchModalProps {
  open: boolean;
  /** Which records are chosen: only saved searches of that kind are offered. */
  kind?: SearchKind;
  chosen: ChosenItem[];
  onClose: () => void;
  /** After the results were added. */
  onAdded: () => void;
}

interface Values {
  savedSearchId?: string;
  results: ResultInput[];
}

/** Adds the chosen results, each with a category and a note, to one of the caller's saved searches. */
export function AddToSavedSearchModal({ open, kind = 'patent', chosen, onClose, onAdded }: AddToSavedSearchModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const saved = useSavedSearches({ page: 1, pageSize: 100 });
  const add = useAddSavedSearchResults();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ results: chosenValues(kind, chosen) });
    add.reset();
    // Reset when the dialog opens with a new choice.
  }, [open]);

  const submit = async () => {
    const values = await form.validateFields();
    const column = recordColumnOf(kind);
    const results = (values.results ?? []).map((r) => ({ [column]: r[column], category: r.category ?? null, ...(r.note?.trim() ? { note: r.note.trim() } : {}) }));
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
            options={(saved.data?.items ?? []).filter((s) => s.kind === kind).map((s) => ({ value: s.id, label: s.name }))}
            notFoundContent={t('search.add.noSaved')}
          />
        </Form.Item>
        <ChosenResultsFields kind={kind} chosen={chosen} />
      </Form>
    </Modal>
  );
}
