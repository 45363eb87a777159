import { DeleteOutlined, FileExcelOutlined, FilePdfOutlined, PaperClipOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Result, Row, Select, Space, Switch, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { FullPageSpin } from '../../components/full-page-spin';
import { PageContainer } from '../../components/page-container';
import { NotFoundPage } from '../../components/status-pages';
import { useFormat } from '../../i18n/format';
import { zodRule } from '../../lib/forms';
import { notifyError } from '../../lib/notify';
import { EmptyText } from '../cases/labels';
import { AttachReportModal } from './attach-report-modal';
import { applySavedSearchErrors } from './form-errors';
import { NiceClassTags } from './labels';
import { useNiceClassOptions } from './nice-classes';
import { WatchAlerts } from './watch-alerts';
import { reportSchema, type ReportValues } from './schemas';
import {
  categoriesOf,
  chosenResultsUrl,
  reportUrl,
  useDeleteSavedSearch,
  useSavedSearch,
  useUpdateSavedSearch,
  recordColumnOf,
  recordIdOf,
  recordNumberOf,
  recordPathOf,
  type Category,
  type ChosenResult,
  type SavedSearch,
  type SavedSearchInput,
} from './search.api';
import './search.css';

/** One saved search of the caller's: report fields, cited documents, watch, the PDF report. */
export default function SavedSearchPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const saved = useSavedSearch(id);

  if (saved.isPending) return <FullPageSpin />;
  if (saved.isError) {
    if (isApiError(saved.error) && (saved.error.status === 404 || saved.error.status === 400)) return <NotFoundPage />;
    return <Result status="error" title={<h1 className="result-title">{isApiError(saved.error) ? saved.error.message : t('error.unknown')}</h1>} />;
  }
  return <SavedSearchView key={saved.data.data.id} search={saved.data.data} reload={async () => (await saved.refetch()).data?.data} />;
}

const reportValues = (s: SavedSearch): ReportValues => ({
  name: s.name,
  purpose: s.purpose,
  technicalSolution: s.technicalSolution,
  databases: s.databases,
  searchElements: s.searchElements,
  extraQueries: s.queries.slice(1).map((query) => query.q),
  reviewer: s.reviewer,
  conclusion: s.conclusion,
});

const isConflict = (error: unknown) => isApiError(error) && error.code === 'VERSION_CONFLICT';

function SavedSearchView({ search, reload }: { search: SavedSearch; reload: () => Promise<SavedSearch | undefined> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const [rows, setRows] = useState<ChosenResult[]>(search.results);
  const [conflict, setConflict] = useState(false);
  const [attachOpen, setAttachOpen] = useState(false);
  const update = useUpdateSavedSearch(search.id);
  const remove = useDeleteSavedSearch();
  const rule = (field: string) => [zodRule(reportSchema, field)];
  const patents = search.kind === 'patent';
  const classOptions = useNiceClassOptions();
  const column = recordColumnOf(search.kind);

  /** Shows what the server holds now, dropping unsaved edits (first load, after a save, on reload). */
  const load = (fresh: SavedSearch) => {
    form.setFieldsValue(reportValues(fresh));
    setRows(fresh.results);
    setConflict(false);
  };

  const onError = (error: unknown) => {
    if (isConflict(error)) setConflict(true);
    else if (!applySavedSearchErrors(form, error)) notifyError(error);
  };

  // The version the user has been editing: a change made elsewhere in the meantime is a conflict.
  const send = (patch: Omit<Partial<SavedSearchInput>, 'query'>, onSaved: (fresh: SavedSearch) => void) =>
    update.mutate({ ...patch, version: search.version }, { onSuccess: (result) => onSaved(result.data), onError });

  const save = async () => {
    const { extraQueries, ...values } = reportSchema.parse(await form.validateFields());
    // The query strings are counted again only when they changed: a count keeps the day it was taken.
    const before = search.queries.slice(1).map((query) => query.q);
    const changed = JSON.stringify(extraQueries ?? []) !== JSON.stringify(before);
    send(
      {
        ...values,
        ...(changed ? { extraQueries: extraQueries ?? [] } : {}),
        results: rows.map((row) => ({ [column]: recordIdOf(row), category: row.category, note: row.note.trim() })),
      },
      (fresh) => {
        load(fresh);
        message.success(t('search.detail.saved'));
      },
    );
  };

  // A trademark search's class: its query strings are counted again in the class chosen.
  const changeClass = (value: string | undefined) =>
    send({ niceClass: value ? Number(value) : null }, () => message.success(t('search.detail.classChanged')));

  const toggleWatch = (watch: boolean) =>
    // Unsaved edits of the form stay as they are: the watch is saved on its own.
    send({ watch }, () => message.success(t(watch ? 'search.detail.watchOn' : 'search.detail.watchOff')));

  const confirmDelete = () =>
    modal.confirm({
      title: t('search.detail.deleteConfirm', { name: search.name }),
      okText: t('search.detail.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove.mutateAsync(search.id).then(() => {
          message.success(t('search.detail.deleted'));
          navigate('/saved-searches');
        }),
    });

  const setRow = (id: string, patch: Partial<Pick<ChosenResult, 'category' | 'note'>>) =>
    setRows((current) => current.map((row) => (recordIdOf(row) === id ? { ...row, ...patch } : row)));

  const columns: TableColumnsType<ChosenResult> = [
    {
      title: t(patents ? 'search.patent.publicationNumber' : 'search.trademark.registrationNumber'),
      key: 'number',
      width: 150,
      render: (_, row) => <span className="mono">{recordNumberOf(row)}</span>,
    },
    {
      title: t(patents ? 'search.patent.bibliographic' : 'search.trademark.markName'),
      key: 'title',
      render: (_, row) => (
        <>
          <Link to={recordPathOf(row)}>{row.title || recordNumberOf(row)}</Link>
          <div className="search-result-meta">
            {'niceClasses' in row && <NiceClassTags classes={row.niceClasses} />}
            {row.applicants.length > 0 && <span>{row.applicants.join('；')}</span>}
            {'publicationDate' in row && row.publicationDate && <span>{format.date(row.publicationDate)}</span>}
            {'filingDate' in row && row.filingDate && <span>{format.date(row.filingDate)}</span>}
          </div>
        </>
      ),
    },
    {
      title: t(patents ? 'search.category.label' : 'search.category.markLabel'),
      key: 'category',
      width: 220,
      render: (_, row) => (
        <Select<Category>
          aria-label={t('search.category.of', { title: row.title })}
          allowClear
          placeholder={t('search.category.none')}
          value={row.category ?? undefined}
          onChange={(value) => setRow(recordIdOf(row), { category: value ?? null })}
          style={{ width: '100%' }}
          options={categoriesOf(search.kind).map((value) => ({ value, label: t(`search.category.${value}`) }))}
        />
      ),
    },
    {
      title: t('search.save.note'),
      key: 'note',
      width: 320,
      render: (_, row) => (
        <Input.TextArea
          aria-label={t('search.save.noteOf', { title: row.title })}
          autoSize={{ minRows: 1, maxRows: 6 }}
          maxLength={2000}
          value={row.note}
          onChange={(event) => setRow(recordIdOf(row), { note: event.target.value })}
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, row) => (
        <Button
          type="link"
          danger
          aria-label={t('search.detail.removeNamed', { title: row.title })}
          onClick={() => setRows((current) => current.filter((other) => recordIdOf(other) !== recordIdOf(row)))}
        >
          {t('search.detail.remove')}
        </Button>
      ),
    },
  ];

  const rerun = `/${patents ? 'patents' : 'trademarks'}?${new URLSearchParams({
    q: search.query,
    ...(search.sort === 'date' ? { sort: 'date' } : {}),
    ...(search.niceClass ? { niceClass: String(search.niceClass) } : {}),
  }).toString()}`;

  return (
    <PageContainer
      title={search.name}
      trail={['nav.savedSearches']}
      extra={
        <Space wrap>
          <Button type="primary" icon={<FilePdfOutlined />} href={reportUrl(search.id)} target="_blank" rel="noopener">
            {t('search.detail.report')}
          </Button>
          <Button icon={<PaperClipOutlined />} onClick={() => setAttachOpen(true)}>
            {t('search.attach.open')}
          </Button>
          <Button icon={<FileExcelOutlined />} href={chosenResultsUrl(search.id)} download>
            {t(patents ? 'search.detail.resultsXlsx' : 'search.detail.resultsXlsxMarks')}
          </Button>
          <Button icon={<SearchOutlined />} onClick={() => navigate(rerun)}>
            {t('search.detail.rerun')}
          </Button>
          <Button danger icon={<DeleteOutlined />} onClick={confirmDelete}>
            {t('search.detail.delete')}
          </Button>
        </Space>
      }
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          className="form-alert"
          title={t('search.detail.conflict')}
          action={
            <Button
              size="small"
              onClick={async () => {
                const fresh = await reload();
                if (fresh) load(fresh);
              }}
            >
              {t('search.detail.reload')}
            </Button>
          }
        />
      )}
      <Row gutter={[16, 16]} className="search-detail-grid">
        <Col xs={24} xl={14}>
          <Card title={<h2 className="card-title">{t('search.detail.reportFields')}</h2>}>
            <p className="section-hint">{t('search.detail.reportHint')}</p>
            <Form name="savedSearchReport" form={form} layout="vertical" initialValues={reportValues(search)} disabled={update.isPending} onFinish={() => void save()}>
              <Form.Item name="name" label={t('search.save.name')} rules={rule('name')} required>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="purpose" label={t('search.save.purpose')} rules={rule('purpose')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} />
              </Form.Item>
              <Form.Item name="technicalSolution" label={t(patents ? 'search.save.technicalSolution' : 'search.save.markSubject')} rules={rule('technicalSolution')}>
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={20_000} />
              </Form.Item>
              <Form.Item name="databases" label={t('search.detail.databases')} rules={rule('databases')} extra={t('search.detail.databasesHint')}>
                <Select mode="tags" suffixIcon={null} />
              </Form.Item>
              <Form.Item name="searchElements" label={t('search.detail.searchElements')} rules={rule('searchElements')} extra={t('search.detail.databasesHint')}>
                <Select mode="tags" suffixIcon={null} />
              </Form.Item>
              <Form.Item name="extraQueries" label={t('search.detail.extraQueries')} rules={rule('extraQueries')} extra={t('search.detail.extraQueriesHint')}>
                <Select mode="tags" suffixIcon={null} />
              </Form.Item>
              <Form.Item name="reviewer" label={t('search.detail.reviewer')} rules={rule('reviewer')}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="conclusion" label={t('search.detail.conclusion')} rules={rule('conclusion')}>
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={20_000} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={update.isPending}>
                {t('search.detail.save')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={<h2 className="card-title">{t('search.detail.overview')}</h2>}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'kind', label: t('search.saved.kind'), children: t(`search.kind.${search.kind}`) },
                { key: 'query', label: t('search.query.label'), children: <code className="search-query-code">{search.query}</code> },
                ...(patents
                  ? []
                  : [
                      {
                        key: 'niceClass',
                        label: t('search.trademark.niceClass'),
                        children: (
                          <Select
                            aria-label={t('search.trademark.niceClass')}
                            allowClear
                            showSearch
                            optionFilterProp="label"
                            placeholder={t('search.trademark.allClasses')}
                            value={search.niceClass ? String(search.niceClass) : undefined}
                            loading={update.isPending}
                            onChange={changeClass}
                            style={{ width: '100%' }}
                            options={classOptions}
                          />
                        ),
                      },
                    ]),
                {
                  key: 'watch',
                  label: t('search.detail.watch'),
                  children: (
                    <Space>
                      <Switch checked={search.watch} loading={update.isPending} onChange={toggleWatch} aria-label={t('search.detail.watch')} />
                      <span>{t(search.watch ? 'search.detail.watchOn' : 'search.detail.watchOff')}</span>
                    </Space>
                  ),
                },
                { key: 'createdAt', label: t('search.detail.createdAt'), children: format.dateTime(search.createdAt) },
                { key: 'updatedAt', label: t('search.detail.updatedAt'), children: format.dateTime(search.updatedAt) },
              ]}
            />
            <p className="section-hint">{t('search.save.watchHint')}</p>
          </Card>
          <Card title={<h2 className="card-title">{t('search.detail.queries')}</h2>}>
            <Table
              rowKey={(row) => `${row.q}-${row.at}`}
              size="small"
              pagination={false}
              dataSource={search.queries}
              columns={[
                { title: t('search.query.label'), dataIndex: 'q', render: (q: string) => <code className="search-query-code">{q}</code> },
                { title: t('search.detail.hits'), dataIndex: 'hits', width: 90, render: format.number },
                { title: t('search.detail.at'), dataIndex: 'at', width: 150, render: format.dateTime },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        title={<h2 className="card-title">{t(patents ? 'search.detail.chosen' : 'search.detail.chosenMarks')}</h2>}
        extra={
          <Button type="primary" onClick={() => void save().catch(() => undefined)} loading={update.isPending}>
            {t('search.detail.save')}
          </Button>
        }
      >
        <p className="section-hint">{t(patents ? 'search.detail.chosenHint' : 'search.detail.chosenMarksHint')}</p>
        <Table<ChosenResult>
          rowKey={recordIdOf}
          size="small"
          pagination={false}
          dataSource={rows}
          columns={columns}
          scroll={{ x: 1000 }}
          locale={{ emptyText: <EmptyText text={t(patents ? 'search.detail.noResults' : 'search.detail.noMarks')} /> }}
        />
      </Card>
      <WatchAlerts savedSearchId={search.id} />
      <AttachReportModal savedSearchId={search.id} open={attachOpen} onClose={() => setAttachOpen(false)} />
    </PageContainer>
  );
}
