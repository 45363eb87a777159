import { Select } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../auth/session';
import { useProfessionals, useWorkstationUsers } from './cases.api';

interface AssigneeSelectProps {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The case's workstation: its staff may handle the case themselves. */
  workstationId: string;
  disabled?: boolean;
}

/**
 * Who may take a case: experts, agency staff and mediators (GET /api/professionals) and the
 * workstation's own staff (GET /api/users?organizationId=…), searched as you type.
 */
export function AssigneeSelect({ id, value, onChange, workstationId, disabled }: AssigneeSelectProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const professionals = useProfessionals(q, true);
  const colleagues = useWorkstationUsers(workstationId, q, true);

  const people = (professionals.data?.items ?? [])
    .filter((row) => row.subjectType === 'user')
    .map((row) => ({
      value: row.subjectId,
      label: [row.name, row.roles.map((role) => t(`role.${role === 'agency' ? 'agency_user' : role}`, { defaultValue: role })).join('、'), row.organizationName]
        .filter(Boolean)
        .join(' · '),
    }));
  const staff = (colleagues.data?.items ?? []).filter((row) => row.active).map((row) => ({ value: row.id, label: row.displayName }));
  // A clerk may always take a case of their own workstation, even when they may not list colleagues.
  const isOwnStaff = user.roles.some(
    (membership) => membership.organizationId === workstationId && (membership.role === 'workstation_staff' || membership.role === 'workstation_admin'),
  );
  const matchesSearch = !q || user.displayName.includes(q) || user.username.includes(q);
  if (isOwnStaff && matchesSearch && !staff.some((row) => row.value === user.id)) staff.unshift({ value: user.id, label: user.displayName });

  // The chosen person keeps their name while the lists show other matches.
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const all = [...people, ...staff];
  const extra = value && chosen?.value === value && !all.some((option) => option.value === value) ? [chosen] : [];

  const options = [
    ...(extra.length ? [{ label: t('cases.assign.chosen'), options: extra }] : []),
    ...(people.length ? [{ label: t('cases.assign.professionals'), options: people }] : []),
    ...(staff.length ? [{ label: t('cases.assign.staff'), options: staff }] : []),
  ];
  const loading = professionals.isFetching || colleagues.isFetching;

  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? undefined}
      onChange={(next) => {
        setChosen(all.find((option) => option.value === next) ?? null);
        onChange?.(next ?? null);
      }}
      options={options}
      loading={loading}
      placeholder={t('common.searchToSelect')}
      notFoundContent={loading ? t('common.loading') : t('common.noMatch')}
      allowClear
      disabled={disabled}
      style={{ width: '100%' }}
    />
  );
}
