import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SHENZHEN_DISTRICTS } from '../organizations/districts';
import { CLUSTER_CODES, FILING_STATE_COLORS, QUALIFICATIONS, SERVICE_KINDS, type FilingState } from './reference';

export function FilingStatusTag({ status }: { status: FilingState }) {
  const { t } = useTranslation();
  return <Tag color={FILING_STATE_COLORS[status] ?? 'default'}>{t(`filingState.${status}`, { defaultValue: status })}</Tag>;
}

/** Codes as tags, labelled in the reader's language (unknown codes, e.g. of a later version, as is). */
export function CodeTags({ codes, prefix, empty = '—' }: { codes: string[]; prefix: 'cluster' | 'district' | 'service' | 'enterpriseFlag'; empty?: string }) {
  const { t } = useTranslation();
  if (codes.length === 0) return <>{empty}</>;
  return (
    <span className="tag-list">
      {codes.map((code) => (
        <Tag key={code}>{t(`${prefix}.${code}`, { defaultValue: code })}</Tag>
      ))}
    </span>
  );
}

export function useClusterOptions() {
  const { t } = useTranslation();
  return useMemo(() => CLUSTER_CODES.map((code) => ({ value: code, label: `${code} ${t(`cluster.${code}`)}` })), [t]);
}

export function useDistrictOptions() {
  const { t } = useTranslation();
  return useMemo(() => SHENZHEN_DISTRICTS.map((code) => ({ value: code, label: t(`district.${code}`) })), [t]);
}

export function useServiceOptions() {
  const { t } = useTranslation();
  return useMemo(() => SERVICE_KINDS.map((value) => ({ value, label: t(`service.${value}`) })), [t]);
}

export function useQualificationOptions() {
  const { t } = useTranslation();
  return useMemo(() => QUALIFICATIONS.map((q) => ({ value: q.value, label: t(`qualification.${q.key}`) })), [t]);
}

/** A stored qualification (its Chinese title) in the reader's language when it is a known one. */
export function useQualificationLabel() {
  const { t } = useTranslation();
  return (value: string) => {
    const known = QUALIFICATIONS.find((q) => q.value === value);
    return known ? t(`qualification.${known.key}`) : value;
  };
}

/** A table's "nothing here" text, in a colour that keeps 4.5:1 contrast (antd's default grey does not). */
export function EmptyText({ children }: { children: string }) {
  return <span className="empty-text">{children}</span>;
}
