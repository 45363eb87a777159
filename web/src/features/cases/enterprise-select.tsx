import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEnterpriseOptions } from './cases.api';

interface EnterpriseSelectProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Only members of this workstation. */
  workstationId?: string;
  disabled?: boolean;
  'aria-label'?: string;
}

/** Search-as-you-type picker over GET /api/enterprises (by name or 统一社会信用代码). */
export function EnterpriseSelect({ id, value, onChange, workstationId, disabled, ...rest }: EnterpriseSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const list = useEnterpriseOptions({ q, workstationId, sort: 'name' });
  // The chosen enterprise keeps its name while the list shows other matches.
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const options = (list.data?.items ?? []).map((item) => ({ value: item.id, label: `${item.name}（${item.uscc}）` }));
  if (value && chosen?.value === value && !options.some((option) => option.value === value)) options.unshift(chosen);
  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? undefined}
      onChange={(next) => {
        const option = options.find((candidate) => candidate.value === next);
        setChosen(option ?? null);
        onChange?.(next ?? null);
      }}
      options={options}
      loading={list.isFetching}
      placeholder={t('cases.party.searchEnterprise')}
      notFoundContent={list.isFetching ? t('common.loading') : t('common.noMatch')}
      allowClear
      disabled={disabled}
      style={{ width: '100%' }}
    />
  );
}
