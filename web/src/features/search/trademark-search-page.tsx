import { StarOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Empty, Flex, Input, Select, Space, Table, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useCurrentUser } from '../../auth/session';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';
import { queryProblem } from './form-errors';
import { Highlighted, NiceClassTags, Snippet, TrademarkStatusTag } from './labels';
import { parseSnippet } from './query';
import { QueryHelp } from './query-help';
import { useNiceClassOptions } from './nice-classes';
import { canImportRecords, SORTS, trademarkExportUrl, useTrademarkSearch, type TrademarkHit } from './search.api';
import { AddToSavedSearchModal } from './add-to-saved-search-modal';
import { ChosenToolbar } from './chosen-toolbar';
import { SaveSearchModal } from './save-search-modal';
import { useChosenResults, useSearchState } from './search-state';
import './search.css';

/** Trademark search: mark name, applicant or registration number, narrowed by a Nice class. */
export default function TrademarkSearchPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const state = useSearchState(['niceClass'] as const);
  const niceClass = /^([1-9]|[1-3]\d|4[0-5])$/.test(state.filters.niceClass) ? state.filters.niceClass : '';
  const [draft, setDraft] = useState(state.q);
  const classOptions = useNiceClassOptions();
  const search = useTrademarkSearch({ q: state.q, niceClass, page: state.page, pageSize: state.pageSize, sort: state.sort });
  const problem = queryProblem(search.error);
  const unavailable = search.isError && !problem;
  const data = search.isError ? undefined : search.data;
  const asked = state.q !== '';

  const [chosen, setChosen, toggle] = useChosenResults<TrademarkHit>('ipstation.trademarks.chosen');
  const [saving, setSaving] = useState(false);
  const [adding, setAdding] = useState(false);
  const items = [...chosen.values()].map((hit) => ({ id: hit.id, number: hit.registrationNumber, title: hit.markName }));

  useEffect(() => setDraft(state.q), [state.q]);

  const columns: TableColumnsType<TrademarkHit> = [
    {
      key: 'choose',
      width: 48,
      fixed: 'left',
      render: (_, row) => (
        <Checkbox checked={chosen.has(row.id)} onChange={(event) => toggle(row, event.target.checked)} aria-label={t('search.results.choose', { title: row.markName || row.registrationNumber })} />
      ),
    },
    {
      title: t('search.trademark.markName'),
      dataIndex: 'markName',
      width: 260,
      render: (name: string, row) => {
        // A snippet of the mark name itself is shown as the link; one from goods/services goes below it.
        const parts = parseSnippet(row.snippet);
        const ofName = parts.length > 0 && parts.map((part) => part.text).join('') === name;
        return (
          <>
            <Link to={`/trademarks/${row.id}`}>{ofName ? <Highlighted parts={parts} /> : name || row.registrationNumber}</Link>
            {!ofName && <Snippet html={row.snippet} />}
          </>
        );
      },
    },
    { title: t('search.trademark.registrationNumber'), dataIndex: 'registrationNumber', width: 140, render: (value: string) => <span className="mono">{value}</span> },
    { title: t('search.trademark.niceClasses'), dataIndex: 'niceClasses', width: 200, render: (classes: number[]) => <NiceClassTags classes={classes} /> },
    { title: t('search.trademark.applicants'), dataIndex: 'applicants', width: 240, render: (names: string[]) => (names.length ? names.join('；') : '—') },
    { title: t('search.trademark.status'), dataIndex: 'status', width: 120, render: (status: string | null) => <TrademarkStatusTag status={status} /> },
    { title: t('search.trademark.filingDate'), dataIndex: 'filingDate', width: 120, render: format.date },
    { title: t('search.trademark.registrationDate'), dataIndex: 'registrationDate', width: 120, render: format.date },
    { title: t('search.trademark.expiryDate'), dataIndex: 'expiryDate', width: 130, render: format.date },
  ];

  return (
    <PageContainer
      title={t('nav.trademarks')}
      extra={
        <Space wrap>
          {canImportRecords(user) && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/patents/import?kind=trademarks')}>
              {t('search.import.open')}
            </Button>
          )}
          <Button icon={<StarOutlined />} onClick={() => navigate('/saved-searches')}>
            {t('search.results.mySearches')}
          </Button>
        </Space>
      }
    >
      <Card>
        <form
          role="search"
          aria-label={t('nav.trademarks')}
          onSubmit={(event) => {
            event.preventDefault();
            state.setQuery(draft);
          }}
        >
          <Flex gap="small" wrap align="start">
            <div className="search-query-box">
              <Input
                aria-label={t('search.trademark.query')}
                aria-invalid={!!problem}
                aria-describedby={problem ? 'trademark-query-problem' : undefined}
                status={problem ? 'error' : undefined}
                placeholder={t('search.trademark.placeholder')}
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
                allowClear
                size="large"
              />
            </div>
            <Select
              aria-label={t('search.trademark.niceClass')}
              size="large"
              showSearch={{ optionFilterProp: 'label' }}
              value={niceClass}
              onChange={(value) => state.setFilters({ niceClass: value })}
              style={{ width: 260 }}
              options={[{ value: '', label: t('search.trademark.allClasses') }, ...classOptions]}
            />
            <Select
              aria-label={t('search.query.sort')}
              size="large"
              value={state.sort}
              onChange={state.setSort}
              style={{ width: 160 }}
              options={SORTS.map((value) => ({ value, label: t(`search.query.${value === 'date' ? 'trademarkDate' : value}`) }))}
            />
            <Button type="primary" htmlType="submit" size="large">
              {t('search.query.submit')}
            </Button>
          </Flex>
        </form>
        {problem && (
          <Alert id="trademark-query-problem" type="error" showIcon role="alert" className="search-problem" title={t('search.query.error')} description={problem} />
        )}
        {unavailable && (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="search-problem"
            title={isApiError(search.error) && search.error.status !== 404 ? search.error.message : t('search.trademark.unavailable')}
          />
        )}
        <QueryHelp kind="trademark" />
      </Card>
      <Card
        title={<h2 className="card-title">{t('search.results.title')}</h2>}
        extra={
          data && (
            <span className="search-total" aria-live="polite">
              {t(data.totalIsEstimate ? 'search.results.totalEstimate' : 'search.results.total', { count: data.total, formatted: format.number(data.total) })}
            </span>
          )
        }
      >
        {!asked ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.trademark.enter')} />
        ) : (
          <>
            <ChosenToolbar
              count={chosen.size}
              onSave={() => setSaving(true)}
              onAdd={() => setAdding(true)}
              onClear={() => setChosen(new Map())}
              exportUrl={data && data.total > 0 ? trademarkExportUrl(state.q, niceClass, state.sort) : null}
            />
            <Table<TrademarkHit>
              rowKey="id"
              loading={search.isFetching}
              dataSource={data?.items ?? []}
              columns={columns}
              scroll={{ x: 1300 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.results.none')} /> }}
              onChange={(pagination) => state.setPage(pagination.current ?? 1, pagination.pageSize ?? state.pageSize)}
              pagination={{
                current: state.page,
                pageSize: state.pageSize,
                total: Math.min(data?.total ?? 0, 100_000 * state.pageSize),
                showSizeChanger: true,
              }}
            />
          </>
        )}
      </Card>
      <SaveSearchModal
        open={saving}
        kind="trademark"
        q={state.q}
        niceClass={niceClass}
        sort={state.sort}
        chosen={items}
        onClose={() => setSaving(false)}
        onSaved={() => setChosen(new Map())}
      />
      <AddToSavedSearchModal open={adding} kind="trademark" chosen={items} onClose={() => setAdding(false)} onAdded={() => setChosen(new Map())} />
    </PageContainer>
  );
}
