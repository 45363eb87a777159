import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { parseSnippet, type SnippetPart } from './query';

const STATUS_COLORS: Record<string, string> = {
  granted_valid: 'success',
  under_examination: 'processing',
  pending_publication: 'processing',
  licensed: 'cyan',
  transferred: 'cyan',
  pledged: 'gold',
  invalidated_partial: 'warning',
};

export function LegalStatusTag({ status }: { status: string | null }) {
  const { t } = useTranslation();
  if (!status) return <>—</>;
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{t(`search.legalStatus.${status}`, { defaultValue: status })}</Tag>;
}

const TRADEMARK_COLORS: Record<string, string> = { registered: 'success', pending: 'processing', published: 'processing', opposed: 'warning' };

export function TrademarkStatusTag({ status }: { status: string | null }) {
  const { t } = useTranslation();
  if (!status) return <>—</>;
  return <Tag color={TRADEMARK_COLORS[status] ?? 'default'}>{t(`search.trademarkStatus.${status}`, { defaultValue: status })}</Tag>;
}

export function usePatentTypeLabel() {
  const { t } = useTranslation();
  return (type: string | null) => (type ? t(`search.patentType.${type}`, { defaultValue: type }) : '—');
}

/**
 * The server's snippet with the matched text highlighted. It is read into text parts and rendered
 * as React text, never inserted as HTML.
 */
export function Snippet({ html, className }: { html: string | null | undefined; className?: string }) {
  const parts = parseSnippet(html);
  if (parts.length === 0) return null;
  return (
    <p className={className ?? 'search-snippet'}>
      <Highlighted parts={parts} />
    </p>
  );
}

export function Highlighted({ parts }: { parts: SnippetPart[] }) {
  return <>{parts.map((part, index) => (part.marked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}</>;
}

/** The number a person cites a record by: publication, else application, else the external id. */
export function citedNumber(record: { publicationNumber: string | null; applicationNumber: string | null; externalId?: string | null }): string {
  return record.publicationNumber ?? record.applicationNumber ?? record.externalId ?? '—';
}

export function NiceClassTags({ classes }: { classes: number[] }) {
  const { t } = useTranslation();
  if (classes.length === 0) return <>—</>;
  return (
    <>
      {classes.map((n) => (
        <Tooltip key={n} title={t(`search.nice.${n}`, { defaultValue: '' })}>
          <Tag>{t('search.trademark.classTag', { n })}</Tag>
        </Tooltip>
      ))}
    </>
  );
}
