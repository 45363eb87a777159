import { Alert, Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFormat } from '../../i18n/format';
import { EmptyText } from '../cases/labels';
import { NiceClassTags } from './labels';
import { recordIdOf, recordNumberOf, recordPathOf, useSavedSearchAlerts, type WatchAlert } from './search.api';
import './search.css';

/** The alerts a watch raised, newest first: when, how many new hits, and the hits themselves. */
export function WatchAlerts({ savedSearchId }: { savedSearchId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const alerts = useSavedSearchAlerts(savedSearchId);
  return (
    <Card title={<h2 className="card-title" id="watch-alerts-title">{t('search.alerts.title')}</h2>}>
      {alerts.data?.truncated && <Alert type="info" showIcon className="toolbar" title={t('search.alerts.truncated')} />}
      <Table<WatchAlert>
        aria-labelledby="watch-alerts-title"
        rowKey="alertedAt"
        size="small"
        loading={alerts.isPending}
        dataSource={alerts.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: <EmptyText text={t('search.alerts.none')} /> }}
        columns={[
          { title: t('search.alerts.at'), dataIndex: 'alertedAt', width: 170, render: format.dateTime },
          { title: t('search.alerts.count'), dataIndex: 'count', width: 100, render: format.number },
          {
            title: t('search.alerts.hits'),
            dataIndex: 'hits',
            render: (hits: WatchAlert['hits']) => (
              <ul className="import-reasons watch-alert-hits">
                {hits.map((hit) => (
                  <li key={recordIdOf(hit)}>
                    <span className="mono">{recordNumberOf(hit)}</span> <Link to={recordPathOf(hit)}>{hit.title}</Link>
                    {'niceClasses' in hit && <NiceClassTags classes={hit.niceClasses} />}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </Card>
  );
}
