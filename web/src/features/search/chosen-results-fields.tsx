import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { categoriesOf, recordColumnOf, type ChosenItem, type SearchKind } from './search.api';

/**
 * The chosen results as form fields (`results[i].patentId` or `.trademarkId`, `category`, `note`):
 * one item per record, its number and title, a judgement (X / Y / A, or the same / a similar mark) and a note. Shared by
 * saving a new search and adding to one.
 */
export function ChosenResultsFields({ kind, chosen }: { kind: SearchKind; chosen: ChosenItem[] }) {
  const { t } = useTranslation();
  return (
    <ol className="search-chosen-list">
      {chosen.map((item, index) => (
        <li key={item.id} className="search-chosen-item">
          <div className="search-chosen-title">
            <span className="mono">{item.number}</span> {item.title}
          </div>
          <Form.Item name={['results', index, recordColumnOf(kind)]} hidden>
            <Input />
          </Form.Item>
          <div className="search-chosen-fields">
            <Form.Item name={['results', index, 'category']} label={t(kind === 'patent' ? 'search.category.label' : 'search.category.markLabel')} className="search-chosen-category">
              <Select
                aria-label={t('search.category.of', { title: item.title })}
                allowClear
                placeholder={t('search.category.none')}
                options={categoriesOf(kind).map((value) => ({ value, label: t(`search.category.${value}`) }))}
              />
            </Form.Item>
            <Form.Item name={['results', index, 'note']} label={t('search.save.note')} className="search-chosen-note">
              <Input.TextArea
                aria-label={t('search.save.noteOf', { title: item.title })}
                rows={2}
                maxLength={2000}
                placeholder={t(kind === 'patent' ? 'search.save.notePlaceholder' : 'search.save.markNotePlaceholder')}
              />
            </Form.Item>
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The chosen results' initial form values: each record by the kind's field, no category, no note. */
export const chosenValues = (kind: SearchKind, chosen: ChosenItem[]) => chosen.map((item) => ({ [recordColumnOf(kind)]: item.id, category: null, note: '' }));
