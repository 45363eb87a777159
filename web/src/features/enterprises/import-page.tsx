import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, Progress, Result, Row, Select, Space, Statistic, Steps, Table } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { buildUrl } from '../../api/client';
import { hasRole, useCurrentUser } from '../../auth/session';
import { PageContainer } from '../../components/page-container';
import { RecentJobs } from '../../components/recent-jobs';
import { i18n } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { useOwnWorkstations } from './enterprise-form-modals';
import { useImportEnterprises, useJob } from './enterprises.api';
import { IMPORT_ACCEPT, importFileSchema } from './schemas';
import type { ImportCounts, ImportMode, ImportReportLine, ImportResult } from './types';
import '../workstations/registry.css';

const COUNT_KEYS: (keyof ImportCounts)[] = ['total', 'valid', 'invalid', 'new', 'joined', 'unchanged'];

/**
 * The import wizard: choose a file, read the dry run's row report, then import all rows (only when
 * none is refused) or only the valid ones. Large files run as a job with a progress bar; the job's
 * id stays in the address, so the page can be left and opened again.
 */
export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [workstationId, setWorkstationId] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const importer = useImportEnterprises();
  const job = useJob(jobId);
  const workstations = useOwnWorkstations();
  const chooseWorkstation = !hasRole(user, 'bureau_admin') && workstations.length > 1;
  const target = chooseWorkstation ? (workstationId ?? workstations[0]?.value ?? null) : null;

  const jobResult = job.data?.status === 'succeeded' ? (job.data.result as ImportResult) : null;
  const shown = result ?? jobResult;
  const running = !!jobId && !!job.data && (job.data.status === 'queued' || job.data.status === 'running');
  const step = shown?.outcome === 'imported' ? 2 : shown || running || importer.isPending ? 1 : 0;

  const run = (mode: ImportMode, chosen: File | null = file) => {
    if (!chosen) return;
    setResult(null);
    importer.mutate(
      { file: chosen, mode, workstationId: target },
      {
        onSuccess: (started) => {
          if ('jobId' in started) {
            setParams({ job: started.jobId }, { replace: true });
            return;
          }
          setParams({}, { replace: true });
          setResult(started.result);
          if (started.result.outcome === 'imported') message.success(t('import.done'));
        },
      },
    );
  };

  const onFile = (chosen: File | undefined) => {
    if (input.current) input.current.value = '';
    if (!chosen) return;
    const checked = importFileSchema.safeParse({ name: chosen.name, size: chosen.size });
    if (!checked.success) {
      message.error(i18n.t(checked.error.issues[0]?.message ?? 'import.fileType'));
      return;
    }
    setFile(chosen);
    run('dry_run', chosen);
  };

  const restart = () => {
    setFile(null);
    setResult(null);
    setParams({}, { replace: true });
    importer.reset();
  };

  const chooseFile = () => input.current?.click();

  return (
    <PageContainer title={t('import.title')} trail={['nav.enterprises']}>
      <Card>
        <Steps
          current={step}
          className="toolbar"
          items={[{ title: t('import.stepFile') }, { title: t('import.stepCheck') }, { title: t('import.stepDone') }]}
        />
        <input ref={input} type="file" accept={IMPORT_ACCEPT} style={{ display: 'none' }} aria-hidden tabIndex={-1} onChange={(event) => onFile(event.target.files?.[0])} />

        {step === 0 && (
          <Space orientation="vertical" size="middle" className="full-width">
            <Alert type="info" showIcon title={t('import.intro')} description={t('import.introDetail')} />
            <Flex gap="middle" wrap align="end">
              <Button icon={<DownloadOutlined />} href={buildUrl('/enterprises/import-template')} download>
                {t('import.template')}
              </Button>
              {chooseWorkstation && (
                <Form layout="vertical" component="div">
                  <Form.Item label={t('enterprise.workstation')} htmlFor="import-workstation" className="inline-field">
                    <Select id="import-workstation" style={{ width: 280 }} value={target ?? undefined} onChange={setWorkstationId} options={workstations} />
                  </Form.Item>
                </Form>
              )}
              <Button type="primary" icon={<UploadOutlined />} onClick={chooseFile} loading={importer.isPending}>
                {t('import.chooseFile')}
              </Button>
            </Flex>
            <p className="field-hint">{t('import.fileHint')}</p>
          </Space>
        )}

        {step >= 1 && (
          <Space orientation="vertical" size="middle" className="full-width">
            {file && (
              <Flex align="center" gap="small">
                <FileExcelOutlined aria-hidden />
                <span>{t('import.fileName', { name: file.name })}</span>
              </Flex>
            )}
            {(importer.isPending || running) && <JobProgress jobId={jobId} />}
            {jobId && job.data?.status === 'failed' && (
              <Alert type="error" showIcon title={t('import.jobFailed')} description={job.data.error ?? undefined} role="alert" />
            )}
            {importer.isError && <Alert type="error" showIcon title={importer.error.message} role="alert" />}
            {shown && <ImportReport result={shown} jobId={jobId} />}
            <Flex gap="small" wrap>
              {shown && shown.outcome !== 'imported' && file && (
                <>
                  {shown.counts.invalid === 0 && shown.counts.valid > 0 && (
                    <Button type="primary" onClick={() => run('all')} loading={importer.isPending}>
                      {t('import.importAll', { count: format.number(shown.counts.valid) })}
                    </Button>
                  )}
                  {shown.counts.invalid > 0 && shown.counts.valid > 0 && (
                    <Button type="primary" onClick={() => run('valid_only')} loading={importer.isPending}>
                      {t('import.importValid', { count: format.number(shown.counts.valid) })}
                    </Button>
                  )}
                </>
              )}
              {shown && shown.outcome !== 'imported' && !file && <Alert type="info" showIcon title={t('import.chooseAgain')} />}
              {shown?.outcome === 'imported' && (
                <Button type="primary" onClick={() => navigate('/enterprises')}>
                  {t('import.toList')}
                </Button>
              )}
              {!importer.isPending && !running && (
                <Button onClick={restart}>{t(shown?.outcome === 'imported' ? 'import.another' : 'import.chooseOther')}</Button>
              )}
            </Flex>
          </Space>
        )}
      </Card>
      {!jobId && (
        <RecentJobs
          type="enterprises.import"
          onOpen={(id) => setParams({ job: id })}
          summary={(job) => {
            const counts = (job.result as ImportResult | null)?.counts;
            return counts ? t('import.recentSummary', { total: format.number(counts.total), new: format.number(counts.new), joined: format.number(counts.joined), invalid: format.number(counts.invalid) }) : null;
          }}
        />
      )}
    </PageContainer>
  );
}

function JobProgress({ jobId }: { jobId: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const job = useJob(jobId);
  const data = job.data;
  const percent = data?.progressTotal ? Math.min(100, Math.floor((data.progress / data.progressTotal) * 100)) : 0;
  return (
    <div className="import-progress">
      <p>
        {data
          ? t('import.progress', {
              phase: t(`import.phase.${data.progressMessage ?? data.status}`, { defaultValue: data.progressMessage ?? data.status }),
              done: format.number(data.progress),
              total: data.progressTotal ? format.number(data.progressTotal) : '…',
            })
          : t('import.sending')}
      </p>
      <Progress percent={jobId ? percent : undefined} status="active" aria-label={t('import.progressLabel')} showInfo={!!jobId} />
      {jobId && <p className="field-hint">{t('import.canLeave')}</p>}
    </div>
  );
}

function ImportReport({ result, jobId }: { result: ImportResult; jobId: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headline =
    result.outcome === 'imported'
      ? { type: 'success' as const, title: t('import.importedTitle') }
      : result.outcome === 'refused'
        ? { type: 'error' as const, title: t('import.refusedTitle', { count: result.counts.invalid }) }
        : result.counts.invalid > 0
          ? { type: 'warning' as const, title: t('import.dryRunWithErrors', { count: result.counts.invalid }) }
          : { type: 'success' as const, title: t('import.dryRunClean') };
  return (
    <Space orientation="vertical" size="middle" className="full-width">
      {result.outcome === 'imported' ? (
        <Result status="success" title={<h2 className="card-title">{headline.title}</h2>} subTitle={t('import.importedDetail', { new: result.counts.new, joined: result.counts.joined, unchanged: result.counts.unchanged })} />
      ) : (
        <Alert type={headline.type} showIcon title={headline.title} role={headline.type === 'success' ? undefined : 'alert'} />
      )}
      <Row gutter={[16, 16]} className="counts-row">
        {COUNT_KEYS.map((key) => (
          <Col key={key} xs={12} md={8} xl={4}>
            <Statistic title={t(result.outcome === 'dry_run' && (key === 'new' || key === 'joined') ? `import.countDry.${key}` : `import.count.${key}`)} value={result.counts[key]} formatter={(value) => format.number(Number(value))} />
          </Col>
        ))}
      </Row>
      {result.report.length > 0 && (
        <>
          <h2 className="card-title">{t('import.reportTitle')}</h2>
          {result.reportTruncated && <Alert type="info" showIcon title={t('import.reportTruncated', { shown: result.report.length, total: result.reportLines })} />}
          <Table<ImportReportLine>
            rowKey={(line) => `${line.row}-${line.column}-${line.reason}`}
            size="small"
            dataSource={result.report}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 80 },
              { title: t('import.column'), dataIndex: 'column', width: 180 },
              { title: t('import.value'), dataIndex: 'value', width: 240, render: (value: string) => <span className="break-all">{value || '—'}</span> },
              { title: t('import.reason'), dataIndex: 'reason' },
            ]}
          />
        </>
      )}
      {jobId && result.reportLines > 0 && (
        <Button icon={<DownloadOutlined />} href={buildUrl(`/enterprises/imports/${encodeURIComponent(jobId)}/report`)} download>
          {t('import.downloadReport')}
        </Button>
      )}
    </Space>
  );
}
