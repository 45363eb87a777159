import { Card, Descriptions, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { FullPageSpin } from '../../components/full-page-spin';
import { PageContainer } from '../../components/page-container';
import { NotFoundPage } from '../../components/status-pages';
import { useFormat } from '../../i18n/format';
import { NiceClassTags, TrademarkStatusTag } from './labels';
import { useTrademark } from './search.api';
import './search.css';

/** One trademark record: number, mark, classes and similar groups, goods/services, applicants, dates, status. */
export default function TrademarkPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id } = useParams();
  const trademark = useTrademark(id);

  if (trademark.isPending) return <FullPageSpin />;
  if (trademark.isError) {
    if (isApiError(trademark.error) && (trademark.error.status === 404 || trademark.error.status === 400)) return <NotFoundPage />;
    return <Result status="error" title={<h1 className="result-title">{isApiError(trademark.error) ? trademark.error.message : t('error.unknown')}</h1>} />;
  }
  const tm = trademark.data.data;
  const none = t('search.patent.none');

  return (
    <PageContainer title={tm.markName || tm.registrationNumber} trail={['nav.trademarks']}>
      <Card title={<h2 className="card-title">{t('search.trademark.details')}</h2>}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          size="small"
          items={[
            { key: 'registrationNumber', label: t('search.trademark.registrationNumber'), children: <span className="mono">{tm.registrationNumber}</span> },
            { key: 'markName', label: t('search.trademark.markName'), children: tm.markName || '—' },
            { key: 'niceClasses', label: t('search.trademark.niceClasses'), children: <NiceClassTags classes={tm.niceClasses} /> },
            {
              key: 'similarGroups',
              label: t('search.trademark.similarGroups'),
              children: tm.similarGroups.length ? <span className="mono">{tm.similarGroups.join(' ')}</span> : none,
            },
            { key: 'applicants', label: t('search.trademark.applicants'), children: tm.applicants.length ? tm.applicants.join('；') : none },
            { key: 'status', label: t('search.trademark.status'), children: <TrademarkStatusTag status={tm.status} /> },
            { key: 'filingDate', label: t('search.trademark.filingDate'), children: format.date(tm.filingDate) },
            { key: 'registrationDate', label: t('search.trademark.registrationDate'), children: format.date(tm.registrationDate) },
            { key: 'expiryDate', label: t('search.trademark.expiryDate'), children: format.date(tm.expiryDate) },
          ]}
        />
      </Card>
      <Card title={<h2 className="card-title">{t('search.trademark.goodsServices')}</h2>}>
        <p className="search-text">{tm.goodsServices || none}</p>
      </Card>
    </PageContainer>
  );
}
