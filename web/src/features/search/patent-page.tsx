import { Card, Col, Descriptions, Result, Row, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { FullPageSpin } from '../../components/full-page-spin';
import { PageContainer } from '../../components/page-container';
import { NotFoundPage } from '../../components/status-pages';
import { useFormat } from '../../i18n/format';
import { citedNumber, LegalStatusTag, usePatentTypeLabel } from './labels';
import { facetTerm } from './query';
import { usePatent, type Patent } from './search.api';
import './search.css';

/** One patent record: bibliographic data, legal status, abstract, main claim and claims. */
export default function PatentPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const patent = usePatent(id);

  if (patent.isPending) return <FullPageSpin />;
  if (patent.isError) {
    if (isApiError(patent.error) && (patent.error.status === 404 || patent.error.status === 400)) return <NotFoundPage />;
    return <Result status="error" title={<h1 className="result-title">{isApiError(patent.error) ? patent.error.message : t('error.unknown')}</h1>} />;
  }
  return <PatentView patent={patent.data.data} />;
}

/** Every claim: records keep the main claim apart, and the claims text may or may not repeat it. */
function allClaims(p: Patent): string {
  const main = p.mainClaim.trim();
  const rest = p.claims.trim();
  if (!main || rest.includes(main)) return rest;
  return rest ? `${main}\n${rest}` : main;
}

function PatentView({ patent: p }: { patent: Patent }) {
  const { t } = useTranslation();
  const format = useFormat();
  const typeLabel = usePatentTypeLabel();
  const none = t('search.patent.none');
  const mono = (value: string | null) => (value ? <span className="mono">{value}</span> : '—');
  const searchLink = (term: string, text: string, label?: string) => (
    <Link to={`/patents?${new URLSearchParams({ q: term }).toString()}`} aria-label={label}>
      {text}
    </Link>
  );

  return (
    <PageContainer title={p.title || citedNumber(p)} trail={['nav.patents']}>
      <Row gutter={[16, 16]} className="search-detail-grid">
        <Col xs={24} xl={10}>
          <Card title={<h2 className="card-title">{t('search.patent.bibliographic')}</h2>}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'publicationNumber', label: t('search.patent.publicationNumber'), children: mono(p.publicationNumber) },
                { key: 'kindCode', label: t('search.patent.kindCode'), children: p.kindCode ?? '—' },
                { key: 'applicationNumber', label: t('search.patent.applicationNumber'), children: mono(p.applicationNumber) },
                { key: 'grantNumber', label: t('search.patent.grantNumber'), children: mono(p.grantNumber) },
                ...(p.externalId ? [{ key: 'externalId', label: t('search.patent.externalId'), children: mono(p.externalId) }] : []),
                { key: 'type', label: t('search.patent.type'), children: typeLabel(p.type) },
                { key: 'legalStatus', label: t('search.patent.legalStatus'), children: <LegalStatusTag status={p.legalStatus} /> },
                { key: 'filingDate', label: t('search.patent.filingDate'), children: format.date(p.filingDate) },
                { key: 'publicationDate', label: t('search.patent.publicationDate'), children: format.date(p.publicationDate) },
                { key: 'grantDate', label: t('search.patent.grantDate'), children: format.date(p.grantDate) },
                {
                  key: 'applicants',
                  label: t('search.patent.applicants'),
                  children: p.applicants.length
                    ? p.applicants.map((name, index) => (
                        <span key={name}>
                          {index > 0 && '；'}
                          {searchLink(facetTerm('applicant', name), name, `${t('search.patent.searchApplicant')}：${name}`)}
                        </span>
                      ))
                    : none,
                },
                { key: 'inventors', label: t('search.patent.inventors'), children: p.inventors.length ? p.inventors.join('；') : none },
                { key: 'agency', label: t('search.patent.agency'), children: p.agency ?? '—' },
                { key: 'mainIpc', label: t('search.patent.mainIpc'), children: mono(p.mainIpc) },
                {
                  key: 'ipc',
                  label: t('search.patent.ipc'),
                  children: p.ipc.length
                    ? p.ipc.map((code) => (
                        <Tag key={code} className="mono">
                          {searchLink(facetTerm('ipc', code), code)}
                        </Tag>
                      ))
                    : none,
                },
                {
                  key: 'priority',
                  label: t('search.patent.priority'),
                  children: p.priority.length
                    ? p.priority.map((item) => (
                        <div key={item.number}>
                          <span className="mono">{item.number}</span> {item.country ?? ''} {item.date ? format.date(item.date) : ''}
                        </div>
                      ))
                    : none,
                },
              ]}
            />
          </Card>
          {p.publications.length > 0 && (
            <Card title={<h2 className="card-title">{t('search.patent.publications')}</h2>}>
              <Table
                rowKey="number"
                size="small"
                pagination={false}
                dataSource={p.publications}
                columns={[
                  { title: t('search.patent.number'), dataIndex: 'number', render: (value: string) => <span className="mono">{value}</span> },
                  { title: t('search.patent.publicationKind'), dataIndex: 'kind', render: (value: string | null) => value ?? '—' },
                  { title: t('search.patent.date'), dataIndex: 'date', render: format.date },
                ]}
              />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={14}>
          <Card title={<h2 className="card-title">{t('search.patent.abstract')}</h2>}>
            <p className="search-text">{p.abstract || none}</p>
          </Card>
          <Card title={<h2 className="card-title">{t('search.patent.mainClaim')}</h2>}>
            <p className="search-text">{p.mainClaim || none}</p>
          </Card>
          <Card title={<h2 className="card-title">{t('search.patent.claims')}</h2>}>
            <p className="search-text">{allClaims(p) || none}</p>
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
