import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { citedNumber } from './labels';
import { CATEGORIES, type PatentHit } from './search.api';

/**
 * The chosen results as form fields (`results[i].patentId / category / note`): one item per record,
 * its number and title, a category and a note. Shared by saving a new search and adding to one.
 */
export function ChosenResultsFields({ chosen }: { chosen: PatentHit[] }) {
  const { t } = useTranslation();
  return (
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
  );
}
