import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser, useUserList } from '../users/users.api';

interface UserSelectProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
}

/** Search-as-you-type picker over GET /api/users. */
export function UserSelect({ id, value, onChange }: UserSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const list = useUserList({ q, pageSize: 20, sort: 'username' });
  const known = list.data?.items.some((item) => item.id === value);
  const selected = useUser(value && !known ? value : null);
  const options = (list.data?.items ?? []).map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})` }));
  if (value && !known && selected.data) {
    options.unshift({ value, label: `${selected.data.data.displayName} (${selected.data.data.username})` });
  }
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value || undefined}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      placeholder={t('common.searchToSelect')}
      notFoundContent={list.isFetching ? t('common.loading') : t('common.noMatch')}
    />
  );
}
