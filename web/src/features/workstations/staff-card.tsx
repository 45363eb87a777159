import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActiveTag } from '../../components/labels';
import { useFormat } from '../../i18n/format';
import { EmptyText, useQualificationLabel } from './registry-labels';
import { StaffFormModal, type StaffModalState } from './staff-form-modal';
import type { StaffMember, WorkstationSingle } from './types';

/** The workstation's people, with their qualifications and training records. */
export function StaffCard({ workstation }: { workstation: WorkstationSingle }) {
  const { t } = useTranslation();
  const format = useFormat();
  const qualification = useQualificationLabel();
  const [modal, setModal] = useState<StaffModalState>(null);
  const { data, abilities } = workstation;

  return (
    <Card
      title={<h2 className="card-title">{t('staff.cardTitle')}</h2>}
      extra={
        abilities.manageStaff && (
          <Button icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create' })}>
            {t('staff.add')}
          </Button>
        )
      }
    >
      <Table<StaffMember>
        rowKey="id"
        size="small"
        dataSource={data.staff}
        pagination={false}
        locale={{ emptyText: <EmptyText>{t('staff.none')}</EmptyText> }}
        scroll={{ x: 760 }}
        expandable={{
          rowExpandable: (row) => row.training.length > 0,
          expandedRowRender: (row) => (
            <Table
              size="small"
              rowKey={(record) => `${record.date}-${record.topic}`}
              pagination={false}
              dataSource={row.training}
              title={() => t('staff.trainingOf', { name: row.name })}
              columns={[
                { title: t('staff.trainingDate'), dataIndex: 'date', render: format.date },
                { title: t('staff.trainingTopic'), dataIndex: 'topic' },
                { title: t('staff.trainingHours'), dataIndex: 'hours', render: format.number },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('staff.name'), dataIndex: 'name' },
          { title: t('staff.title'), dataIndex: 'title', render: (value: string | null) => value ?? '—' },
          {
            title: t('staff.employment'),
            dataIndex: 'fullTime',
            render: (fullTime: boolean) => <Tag color={fullTime ? 'blue' : 'default'}>{t(fullTime ? 'staff.fullTime' : 'staff.partTime')}</Tag>,
          },
          {
            title: t('staff.qualifications'),
            dataIndex: 'qualifications',
            render: (values: string[]) =>
              values.length ? (
                <span className="tag-list">
                  {values.map((value) => (
                    <Tag key={value}>{qualification(value)}</Tag>
                  ))}
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: t('staff.training'),
            key: 'training',
            render: (_, row) =>
              t('staff.trainingSummary', { count: row.training.length, hours: format.number(row.training.reduce((sum, record) => sum + record.hours, 0)) }),
          },
          { title: t('staff.account'), dataIndex: 'userId', render: (userId: string | null) => t(userId ? 'staff.hasAccount' : 'staff.noAccount') },
          { title: t('common.status'), dataIndex: 'active', render: (active: boolean) => <ActiveTag active={active} /> },
          ...(abilities.manageStaff
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  fixed: 'end' as const,
                  render: (_: unknown, row: StaffMember) => (
                    <Button type="link" size="small" onClick={() => setModal({ mode: 'edit', staff: row })} aria-label={t('staff.editNamed', { name: row.name })}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <StaffFormModal workstationId={data.id} state={modal} onClose={() => setModal(null)} />
    </Card>
  );
}
