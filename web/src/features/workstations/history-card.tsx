import { Card, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { FilingStatusTag } from './registry-labels';
import type { FilingState } from './reference';
import type { HistoryEntry } from './types';

/** The filing's history: every step with who-side reason, newest first. */
export function HistoryCard({ history }: { history: HistoryEntry[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const entries = [...history].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id));
  return (
    <Card title={<h2 className="card-title">{t('history.title')}</h2>}>
      {entries.length === 0 ? (
        <p>{t('history.none')}</p>
      ) : (
        <Timeline
          items={entries.map((entry) => ({
            key: entry.id,
            content: (
              <div className="history-entry">
                <div className="history-head">
                  <strong>{t(`historyAction.${entry.action}`, { defaultValue: entry.action })}</strong>
                  <span className="history-states">
                    {entry.from && entry.from !== entry.to && (
                      <>
                        <FilingStatusTag status={entry.from as FilingState} />
                        <span aria-hidden>→</span>
                      </>
                    )}
                    <FilingStatusTag status={entry.to as FilingState} />
                  </span>
                </div>
                <time className="history-time" dateTime={entry.at}>
                  {format.dateTime(entry.at)}
                </time>
                {entry.reason && <p className="history-reason">{t('history.reason', { reason: entry.reason })}</p>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
