import { Alert, App, Button, Card, Space, Table } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { CodeTags, useQualificationLabel } from './registry-labels';
import { ReasonModal } from './reason-modal';
import type { WorkstationSingle } from './types';
import { useDecideChange } from './workstations.api';

const CODE_FIELDS: Record<string, 'cluster' | 'district' | 'service'> = { clusters: 'cluster', districts: 'district', services: 'service' };

/** A value of the filing as a person reads it. */
function useValueRenderer() {
  const { t } = useTranslation();
  const format = useFormat();
  const qualification = useQualificationLabel();
  const render = (field: string, value: unknown): ReactNode => {
    if (value === null || value === undefined || value === '') return '—';
    const codes = CODE_FIELDS[field];
    if (codes && Array.isArray(value)) return <CodeTags codes={value as string[]} prefix={codes} />;
    if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
    if (typeof value === 'number') return format.number(value);
    if (Array.isArray(value)) return value.map((item) => (field === 'qualifications' ? qualification(String(item)) : String(item))).join('、') || '—';
    if (typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) return '—';
      return (
        <Space orientation="vertical" size={0}>
          {entries.map(([key, inner]) => (
            <span key={key}>
              {t(`changeField.${field}_${key}`, { defaultValue: key })}: {render(key, inner)}
            </span>
          ))}
        </Space>
      );
    }
    return String(value);
  };
  return render;
}

/** A change filing (变更备案) of an active workstation, waiting for the bureau. */
export function PendingChangeCard({ workstation }: { workstation: WorkstationSingle }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const render = useValueRenderer();
  const decide = useDecideChange();
  const [rejecting, setRejecting] = useState(false);
  const { data, abilities } = workstation;
  const change = data.pendingChange;
  if (!change) return null;
  const current = data as unknown as Record<string, unknown>;
  const rows = Object.entries(change.changes ?? {}).map(([field, proposed]) => ({ field, current: current[field], proposed }));

  const approve = () =>
    decide.mutate(
      { id: data.id, changeId: change.id, decision: 'approve' },
      { onSuccess: () => message.success(t('change.approved')) },
    );

  return (
    <Card
      title={<h2 className="card-title">{t('change.title')}</h2>}
      extra={
        abilities.decideChange && (
          <Space>
            <Button type="primary" onClick={approve} loading={decide.isPending && !rejecting}>
              {t('change.approve')}
            </Button>
            <Button danger onClick={() => setRejecting(true)}>
              {t('change.reject')}
            </Button>
          </Space>
        )
      }
    >
      <Alert type="warning" showIcon title={t('change.pendingSince', { at: format.dateTime(change.createdAt) })} className="form-alert" />
      <Table
        rowKey="field"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('change.field'), dataIndex: 'field', render: (field: string) => t(`changeField.${field}`, { defaultValue: field }) },
          { title: t('change.current'), key: 'current', render: (_, row) => render(row.field, row.current) },
          { title: t('change.proposed'), key: 'proposed', render: (_, row) => render(row.field, row.proposed) },
        ]}
      />
      <ReasonModal
        request={rejecting ? { title: t('change.rejectTitle', { name: data.name }), okText: t('change.reject'), required: true, danger: true } : null}
        pending={decide.isPending}
        onCancel={() => setRejecting(false)}
        onSubmit={(reason) =>
          decide.mutateAsync({ id: data.id, changeId: change.id, decision: 'reject', reason }).then(() => {
            setRejecting(false);
            message.success(t('change.rejected'));
          })
        }
      />
    </Card>
  );
}
