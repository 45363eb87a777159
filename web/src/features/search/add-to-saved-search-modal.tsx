import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { citedNumber } from './labels';
import { CATEGORIES, useAddSavedSearchResults, useSavedSearches, type Category, type PatentHit } from './search.api';

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
        <ol className="search-chosen-list">
          {chosen.map((hit, index) => (
            <li key={hit.id} className="search-chosen-item">
              <div className="search-chosen-title">
                <span className="mono">{citedNumber(hit)}</span> {hit.title}
              </div>
              <Form.Item name={['results', index, 'patentId']} hidden>
                <Input />
              </Form.Item>
              <div className="search-chosen-fields">
                <Form.Item name={['results', index, 'category']} label={t('search.category.label')} className="search-chosen-category">
                  <Select
                    aria-label={t('search.category.of', { title: hit.title })}
                    allowClear
                    placeholder={t('search.category.none')}
                    options={CATEGORIES.map((value) => ({ value, label: t(`search.category.${value}`) }))}
                  />
                </Form.Item>
                <Form.Item name={['results', index, 'note']} label={t('search.save.note')} className="search-chosen-note">
                  <Input.TextArea aria-label={t('search.save.noteOf', { title: hit.title })} rows={2} maxLength={2000} placeholder={t('search.save.notePlaceholder')} />
                </Form.Item>
              </div>
            </li>
          ))}
        </ol>
      </Form>
    </Modal>
  );
}
