import { StarOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, Empty, Flex, Input, Pagination, Row, Select, Space, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useCurrentUser } from '../../auth/session';
import { PageContainer } from '../../components/page-container';
import { useFormat } from '../../i18n/format';
import { FacetsPanel } from './facets-panel';
import { queryProblem } from './form-errors';
import { citedNumber, Snippet } from './labels';
import { narrow } from './query';
import { QueryHelp } from './query-help';
import { SaveSearchModal } from './save-search-modal';
import { canImportRecords, patentExportUrl, SORTS, usePatentSearch, type PatentHit } from './search.api';
import { useChosenResults, useSearchState } from './search-state';
import { AddToSavedSearchModal } from './add-to-saved-search-modal';
import { ChosenToolbar } from './chosen-toolbar';
import './search.css';

/**
 * Patent search: a query in the documented language, results a page at a time with the matched
 * text highlighted, facets that narrow the query, and a choice of results to save with notes.
 */
export default function PatentSearchPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const state = useSearchState();
  const user = useCurrentUser();
  const [draft, setDraft] = useState(state.q);
  const [chosen, setChosen, toggle] = useChosenResults<PatentHit>('ipstation.patents.chosen');
  const [saving, setSaving] = useState(false);
  const [adding, setAdding] = useState(false);
  const search = usePatentSearch({ q: state.q, page: state.page, pageSize: state.pageSize, sort: state.sort });
  const problem = queryProblem(search.error);
  const otherError = search.isError && !problem ? (isApiError(search.error) ? search.error.message : t('error.unknown')) : null;
  const data = search.isError ? undefined : search.data;

  const items = [...chosen.values()].map((hit) => ({ id: hit.id, number: citedNumber(hit), title: hit.title }));

  // The box follows the address (back button, facet clicks).
  useEffect(() => setDraft(state.q), [state.q]);

  return (
    <PageContainer
      title={t('nav.patents')}
      extra={
        <Space wrap>
          {canImportRecords(user) && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/patents/import?kind=patents')}>
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
          aria-label={t('nav.patents')}
          onSubmit={(event) => {
            event.preventDefault();
            state.setQuery(draft);
          }}
        >
          <Flex gap="small" wrap align="start">
            <div className="search-query-box">
              <Input
                id="patent-query"
                aria-label={t('search.query.label')}
                aria-invalid={!!problem}
                aria-describedby={problem ? 'patent-query-problem' : undefined}
                status={problem ? 'error' : undefined}
                placeholder={t('search.query.placeholder')}
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
                allowClear
                size="large"
                className="search-query-input"
              />
            </div>
            <Button type="primary" htmlType="submit" size="large">
              {t('search.query.submit')}
            </Button>
            <Select
              aria-label={t('search.query.sort')}
              size="large"
              value={state.sort}
              onChange={state.setSort}
              style={{ width: 160 }}
              options={SORTS.map((value) => ({ value, label: t(`search.query.${value}`) }))}
            />
          </Flex>
        </form>
        {problem && (
          <Alert
            id="patent-query-problem"
            type="error"
            showIcon
            role="alert"
            className="search-problem"
            title={t('search.query.error')}
            description={problem}
          />
        )}
        {otherError && <Alert type="error" showIcon role="alert" className="search-problem" title={otherError} />}
        <QueryHelp />
      </Card>

      {state.q && !problem && (
        <Row gutter={[16, 16]} className="search-layout">
          <Col xs={24} lg={6}>
            <FacetsPanel q={state.q} onNarrow={(term) => state.setQuery(narrow(state.q, term))} />
          </Col>
          <Col xs={24} lg={18}>
            <Card
              title={<h2 className="card-title" id="patent-results-title">{t('search.results.title')}</h2>}
              extra={
                data && (
                  <span className="search-total" aria-live="polite">
                    {t(data.totalIsEstimate ? 'search.results.totalEstimate' : 'search.results.total', { count: data.total, formatted: format.number(data.total) })}
                  </span>
                )
              }
            >
              <ChosenToolbar
                count={chosen.size}
                onSave={() => setSaving(true)}
                onAdd={() => setAdding(true)}
                onClear={() => setChosen(new Map())}
                exportUrl={patentExportUrl(state.q, state.sort)}
              />
              <Spin spinning={search.isFetching}>
                {data && data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.results.none')} />}
                {data && data.items.length > 0 && (
                  <ol className="search-results" aria-labelledby="patent-results-title" start={(data.page - 1) * data.pageSize + 1}>
                    {data.items.map((hit) => (
                      <ResultItem key={hit.id} hit={hit} checked={chosen.has(hit.id)} onToggle={(on) => toggle(hit, on)} />
                    ))}
                  </ol>
                )}
                {!data && search.isPending && <div className="search-placeholder" />}
              </Spin>
              {data && data.total > 0 && (
                <Pagination
                  className="search-pagination"
                  current={state.page}
                  pageSize={state.pageSize}
                  // The server pages up to 100,000: beyond that, narrow the query.
                  total={Math.min(data.total, 100_000 * state.pageSize)}
                  showSizeChanger
                  onChange={state.setPage}
                />
              )}
            </Card>
          </Col>
        </Row>
      )}
      {!state.q && (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.query.enter')} />
        </Card>
      )}
      <SaveSearchModal open={saving} q={state.q} sort={state.sort} chosen={items} onClose={() => setSaving(false)} onSaved={() => setChosen(new Map())} />
      <AddToSavedSearchModal open={adding} chosen={items} onClose={() => setAdding(false)} onAdded={() => setChosen(new Map())} />
    </PageContainer>
  );
}

function ResultItem({ hit, checked, onToggle }: { hit: PatentHit; checked: boolean; onToggle: (on: boolean) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <li className="search-result">
      <Checkbox
        className="search-result-check"
        checked={checked}
        onChange={(event) => onToggle(event.target.checked)}
        aria-label={t('search.results.choose', { title: hit.title })}
      />
      <article className="search-result-body">
        <h3 className="search-result-title">
          <Link to={`/patents/${hit.id}`}>{hit.title}</Link>
        </h3>
        <div className="search-result-meta">
          <span className="mono">{citedNumber(hit)}</span>
          {hit.applicationNumber && hit.publicationNumber && (
            <span>
              {t('search.patent.applicationNumber')} <span className="mono">{hit.applicationNumber}</span>
            </span>
          )}
          {hit.publicationDate && <span>{format.date(hit.publicationDate)}</span>}
          {hit.applicants.length > 0 && <span>{hit.applicants.join('；')}</span>}
        </div>
        <Snippet html={hit.snippet} />
        {hit.ipc.length > 0 && (
          <div className="search-result-ipc">
            {hit.ipc.slice(0, 6).map((code) => (
              <Tag key={code} className="mono">
                {code}
              </Tag>
            ))}
          </div>
        )}
      </article>
    </li>
  );
}
