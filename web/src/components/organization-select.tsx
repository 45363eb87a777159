import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganizationType } from '../api/types';
import { useOrganization, useOrganizationList } from '../features/organizations/organizations.api';

interface OrganizationSelectProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Only organizations of these types. */
  types?: OrganizationType[];
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  'aria-label'?: string;
}

/** Search-as-you-type picker over GET /api/organizations (the server scopes what the user may see). */
export function OrganizationSelect({ id, value, onChange, types, placeholder, allowClear = true, disabled, ...rest }: OrganizationSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const list = useOrganizationList({
    q,
    type: types?.length === 1 ? types[0] : undefined,
    active: true,
    pageSize: 20,
    sort: 'name',
  });
  const selected = useOrganization(value && !list.data?.items.some((item) => item.id === value) ? value : undefined);

  const options = (list.data?.items ?? [])
    .filter((item) => !types || types.includes(item.type))
    .map((item) => ({ value: item.id, label: item.name }));
  if (value && selected.data && !options.some((option) => option.value === value)) {
    options.unshift({ value, label: selected.data.data.name });
  }

  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      loading={list.isFetching}
      placeholder={placeholder ?? t('common.searchToSelect')}
      notFoundContent={list.isFetching ? t('common.loading') : t('common.noMatch')}
      allowClear={allowClear}
      disabled={disabled}
      style={{ width: '100%' }}
    />
  );
}
