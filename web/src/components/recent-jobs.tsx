import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Job } from '../api/types';
import { useFormat } from '../i18n/format';

/** A job as GET /api/jobs lists it: with the name of the file it was given. */
export type RecentJob = Job & { filename: string | null };

/** The caller's own latest jobs of one type (GET /api/jobs?type=), newest first. */
export function useRecentJobs(type: string) {
  return useQuery({
    queryKey: ['jobs', 'recent', type],
    queryFn: () => api.get<{ items: RecentJob[] }>(`/jobs?type=${encodeURIComponent(type)}`),
    select: (response) => response.items,
  });
}

/**
 * "Recent imports": the caller's latest jobs of a type (an import left running, or finished while
 * they were away), each opening its progress or report. Nothing shows until there is one.
 */
export function RecentJobs({ type, summary, onOpen }: { type: string; summary: (job: RecentJob) => string | null; onOpen: (jobId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const recent = useRecentJobs(type);
  if (!recent.data?.length) return null;
  return (
    <Card title={t('recentJobs.title')} style={{ marginTop: 16 }}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={recent.data}
        columns={[
          { title: t('recentJobs.file'), dataIndex: 'filename', render: (name: string | null) => name ?? '—' },
          { title: t('recentJobs.started'), dataIndex: 'createdAt', render: format.dateTime },
          { title: t('recentJobs.status'), dataIndex: 'status', render: (status: RecentJob['status']) => t(`recentJobs.state.${status}`) },
          { title: t('recentJobs.result'), key: 'result', render: (_, job) => (job.status === 'succeeded' ? (summary(job) ?? '—') : '—') },
          {
            title: t('common.actions'),
            key: 'open',
            render: (_, job) => (
              <Button type="link" onClick={() => onOpen(job.id)}>
                {t('recentJobs.open')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
