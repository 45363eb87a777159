import { FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Form, Progress, Radio, Result, Row, Space, Statistic, Table } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { PageContainer } from '../../components/page-container';
import { RecentJobs } from '../../components/recent-jobs';
import { useFormat } from '../../i18n/format';
import { IMPORT_KINDS, useImportJob, useStartRecordsImport, type ImportJob, type ImportKind } from './search.api';
import '../workstations/registry.css';
import './search.css';

/** What the file picker offers; the server reads the format from the file name. */
const ACCEPT = '.jsonl,.ndjson,.json,.csv,.xlsx';
const MAX_BYTES = 10 * 1024 * 1024;
const COUNT_KEYS = ['read', 'created', 'updated', 'unchanged', 'refused'] as const;

/** A finished import's counts and refused rows, the same for patents and trademarks. */
export interface RecordsImportOutcome {
  counts: Record<(typeof COUNT_KEYS)[number], number>;
  refused: { line: number; reasons: string[] }[];
  /** Only the first refused rows are kept; counts.refused has them all. */
  truncated: boolean;
  /** Columns of the file that no record field takes, left unread (imports before them: none). */
  ignoredColumns: string[];
}

/** `reasons`: patent imports finished before the problems were worded per reader. */
type RefusedRow = { line: number; problems?: { field: string | null; label?: string | null; message: string }[]; reasons?: string[] };

/**
 * Reads either job's result (patents: inserted/bad/badRows; trademarks: created/rejected/rejectedRows);
 * both word the refused rows' problems in the uploader's language.
 */
export function outcomeOf(job: ImportJob): RecordsImportOutcome | null {
  if (job.status !== 'succeeded' || !job.result || typeof job.result !== 'object') return null;
  const r = job.result as { counts: Record<string, number>; badRows?: RefusedRow[]; rejectedRows?: RefusedRow[]; ignoredColumns?: string[] };
  const c = r.counts;
  const counts = { read: c.read ?? 0, created: c.inserted ?? c.created ?? 0, updated: c.updated ?? 0, unchanged: c.unchanged ?? 0, refused: c.bad ?? c.rejected ?? 0 };
  const refused = (r.badRows ?? r.rejectedRows ?? []).map((row) => ({
    line: row.line,
    reasons: row.problems ? row.problems.map((p) => (p.field ? `${p.label ?? p.field}: ${p.message}` : p.message)) : row.reasons ?? [],
  }));
  return { counts, refused, truncated: counts.refused > refused.length, ignoredColumns: r.ignoredColumns ?? [] };
}

/**
 * Importing patent or trademark records: choose what is imported and a JSONL / CSV / XLSX file; the
 * import runs as a job with a progress bar. The job's id stays in the address, so the page can be
 * left and opened again; at the end it shows the counts and every refused row with its reasons.
 */
export default function RecordsImportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kind: ImportKind = params.get('kind') === 'trademarks' ? 'trademarks' : 'patents';
  const jobId = params.get('job');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const starter = useStartRecordsImport();
  const job = useImportJob(jobId);
  const running = !!job.data && (job.data.status === 'queued' || job.data.status === 'running');
  const outcome = job.data ? outcomeOf(job.data) : null;

  const onFile = (chosen: File | undefined) => {
    setFileError(null);
    if (!chosen) return;
    if (!/\.(jsonl|ndjson|json|csv|xlsx)$/i.test(chosen.name)) setFileError(t('search.import.fileType'));
    else if (chosen.size > MAX_BYTES) setFileError(t('search.import.fileSize'));
    else {
      setFile(chosen);
      return;
    }
    setFile(null);
  };

  const start = () => {
    if (!file) return;
    starter.mutate({ kind, file }, { onSuccess: (started) => setParams({ kind, job: started.id }, { replace: true }) });
  };

  const restart = () => {
    setFile(null);
    setFileError(null);
    if (input.current) input.current.value = '';
    starter.reset();
    setParams({ kind }, { replace: true });
  };

  return (
    <PageContainer title={t('search.import.title')} trail={[kind === 'trademarks' ? 'nav.trademarks' : 'nav.patents']}>
      <Card>
        {!jobId && (
          <Form layout="vertical" component="div">
            <Alert type="info" showIcon className="toolbar" title={t('search.import.intro')} description={t(`search.import.formats.${kind}`)} />
            <Form.Item label={t('search.import.kind')}>
              <Radio.Group
                value={kind}
                onChange={(event) => setParams({ kind: event.target.value as string }, { replace: true })}
                options={IMPORT_KINDS.map((value) => ({ value, label: t(`search.import.kinds.${value}`) }))}
                optionType="button"
              />
            </Form.Item>
            <Form.Item label={t('search.import.file')} htmlFor="records-import-file" help={fileError ?? t('search.import.fileHint')} validateStatus={fileError ? 'error' : undefined}>
              <input
                ref={input}
                id="records-import-file"
                type="file"
                accept={ACCEPT}
                aria-invalid={!!fileError}
                onChange={(event) => onFile(event.target.files?.[0])}
              />
            </Form.Item>
            {starter.isError && <Alert type="error" showIcon role="alert" className="toolbar" title={isApiError(starter.error) ? starter.error.message : t('error.unknown')} />}
            <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={starter.isPending} onClick={start}>
              {t('search.import.start')}
            </Button>
          </Form>
        )}

        {jobId && (
          <Space orientation="vertical" size="middle" className="full-width">
            {file && (
              <Flex align="center" gap="small">
                <FileTextOutlined aria-hidden />
                <span>{t('search.import.fileName', { name: file.name })}</span>
              </Flex>
            )}
            {job.isError && <Alert type="error" showIcon role="alert" title={isApiError(job.error) ? job.error.message : t('error.unknown')} />}
            {(running || job.isPending) && !job.isError && <ImportProgress job={job.data} />}
            {job.data?.status === 'failed' && <Alert type="error" showIcon role="alert" title={t('search.import.failed')} description={job.data.error ?? undefined} />}
            {outcome && <ImportOutcome outcome={outcome} />}
            {!running && (
              <Flex gap="small" wrap>
                {outcome && (
                  <Button type="primary" onClick={() => navigate(`/${kind}`)}>
                    {t(`search.import.toSearch.${kind}`)}
                  </Button>
                )}
                <Button onClick={restart}>{t('search.import.another')}</Button>
              </Flex>
            )}
          </Space>
        )}
      </Card>
      {!jobId && (
        <RecentJobs
          type={`${kind}.import`}
          onOpen={(id) => setParams({ kind, job: id })}
          summary={(recent) => {
            const done = outcomeOf(recent);
            return done ? t('search.import.recentSummary', { read: format.number(done.counts.read), created: format.number(done.counts.created), updated: format.number(done.counts.updated), refused: format.number(done.counts.refused) }) : null;
          }}
        />
      )}
    </PageContainer>
  );
}

function ImportProgress({ job }: { job: ImportJob | undefined }) {
  const { t } = useTranslation();
  const percent = job?.progressTotal ? Math.min(100, Math.floor((job.progress / job.progressTotal) * 100)) : 0;
  return (
    <div className="import-progress">
      <p>{t(job?.status === 'running' ? 'search.import.running' : 'search.import.queued')}</p>
      <Progress percent={percent} status="active" aria-label={t('search.import.progress')} />
      <p className="field-hint">{t('search.import.canLeave')}</p>
    </div>
  );
}

function ImportOutcome({ outcome }: { outcome: RecordsImportOutcome }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { counts } = outcome;
  return (
    <Space orientation="vertical" size="middle" className="full-width">
      <Result
        status={counts.refused > 0 ? 'warning' : 'success'}
        title={<h2 className="card-title">{t(counts.refused > 0 ? 'search.import.doneWithRefused' : 'search.import.done', { count: counts.refused })}</h2>}
      />
      <Row gutter={[16, 16]}>
        {COUNT_KEYS.map((key) => (
          <Col key={key} xs={12} md={8} xl={4}>
            <Statistic title={t(`search.import.count.${key}`)} value={counts[key]} formatter={(value) => format.number(Number(value))} />
          </Col>
        ))}
      </Row>
      {outcome.ignoredColumns.length > 0 && <Alert type="info" showIcon title={t('search.import.ignoredColumns', { columns: outcome.ignoredColumns.join(t('search.import.columnSeparator')) })} />}
      {outcome.refused.length > 0 && (
        <>
          <h2 className="card-title" id="records-import-refused">
            {t('search.import.refusedTitle')}
          </h2>
          {outcome.truncated && <Alert type="info" showIcon title={t('search.import.truncated', { shown: outcome.refused.length, total: counts.refused })} />}
          <Table
            aria-labelledby="records-import-refused"
            rowKey="line"
            size="small"
            dataSource={outcome.refused}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('search.import.line'), dataIndex: 'line', width: 100 },
              {
                title: t('search.import.reasons'),
                dataIndex: 'reasons',
                render: (reasons: string[]) => (
                  <ul className="import-reasons">
                    {reasons.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
