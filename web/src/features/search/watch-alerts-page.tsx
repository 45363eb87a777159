import { Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { PageContainer } from '../../components/page-container';
import { NotFoundPage } from '../../components/status-pages';
import { useSavedSearchAlerts } from './search.api';
import { WatchAlerts } from './watch-alerts';

/**
 * The alerts of a watch kept for the reader's workstation or enterprise (their notification links
 * here): the hits, without the saved search itself, which stays its owner's.
 */
export default function WatchAlertsPage() {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const alerts = useSavedSearchAlerts(id);
  const marks = alerts.data?.kind === 'trademark';
  if (alerts.isError) {
    if (isApiError(alerts.error) && (alerts.error.status === 404 || alerts.error.status === 400)) return <NotFoundPage />;
    return <Result status="error" title={<h1 className="result-title">{isApiError(alerts.error) ? alerts.error.message : t('error.unknown')}</h1>} />;
  }
  return (
    <PageContainer title={t('search.alerts.title')} trail={[marks ? 'nav.trademarks' : 'nav.patents']}>
      <Typography.Paragraph type="secondary">{t(marks ? 'search.alerts.sharedMarks' : 'search.alerts.shared')}</Typography.Paragraph>
      <WatchAlerts savedSearchId={id} />
    </PageContainer>
  );
}
