import { Card, Flex, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../components/page-container';
import { useListState } from '../../lib/list-state';
import { useEnterpriseNames, useInvitations } from './enterprises.api';
import { InvitationsTable } from './invitations';
import { INVITATION_STATUSES, type InvitationStatus } from './types';
import '../workstations/registry.css';

function isStatus(value: string): value is InvitationStatus {
  return (INVITATION_STATUSES as readonly string[]).includes(value);
}

/** Enterprise accounts of the user's workstations: registrations waiting for approval first. */
export default function InvitationsPage() {
  const { t } = useTranslation();
  const list = useListState(['status'] as const);
  // "registered" (waiting for approval) unless the address says otherwise; "all" shows every one.
  const status = list.filters.status === 'all' ? '' : isStatus(list.filters.status) ? list.filters.status : 'registered';
  const invitations = useInvitations({ status });
  const items = useMemo(() => invitations.data?.items ?? [], [invitations.data]);
  const ids = useMemo(() => [...new Set(items.map((item) => item.enterpriseId))].slice(0, 50), [items]);
  const names = useEnterpriseNames(ids);

  return (
    <PageContainer title={t('invitation.pageTitle')} trail={['nav.enterprises']}>
      <Card>
        <p className="section-hint">{t('invitation.pageHint')}</p>
        <Flex gap="middle" wrap className="toolbar" role="search" aria-label={t('common.filters')}>
          <Select
            aria-label={t('common.status')}
            value={status || 'all'}
            onChange={(value) => list.setFilters({ status: value === 'registered' ? undefined : value })}
            style={{ width: 180 }}
            options={[{ value: 'all', label: t('common.allStatuses') }, ...INVITATION_STATUSES.map((value) => ({ value, label: t(`invitationStatus.${value}`) }))]}
          />
        </Flex>
        <InvitationsTable items={items} loading={invitations.isFetching} enterpriseNames={names} />
      </Card>
    </PageContainer>
  );
}
