import { DownloadOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Button, Flex, Space } from 'antd';
import { useTranslation } from 'react-i18next';

interface ChosenToolbarProps {
  /** How many results are chosen. */
  count: number;
  onSave: () => void;
  onAdd: () => void;
  onClear: () => void;
  /** The export of the search's results (none while there is nothing to export). */
  exportUrl?: string | null;
}

/** Above a search's results: the choice (save with the search, add to a saved one, clear) and the export. */
export function ChosenToolbar({ count, onSave, onAdd, onClear, exportUrl }: ChosenToolbarProps) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="center" wrap gap="small" className="search-toolbar">
      <Space wrap>
        <span aria-live="polite">{t('search.results.chosen', { count })}</span>
        <Button type="primary" icon={<SaveOutlined />} onClick={onSave}>
          {t('search.results.save')}
        </Button>
        {count > 0 && (
          <Button icon={<PlusOutlined />} onClick={onAdd}>
            {t('search.add.open')}
          </Button>
        )}
        {count > 0 && <Button onClick={onClear}>{t('search.results.clear')}</Button>}
      </Space>
      {exportUrl && (
        <Button icon={<DownloadOutlined />} href={exportUrl} download title={t('search.results.exportHint')}>
          {t('search.results.export')}
        </Button>
      )}
    </Flex>
  );
}
