import { Empty, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DueState } from './cases.api';

// Tag colours from the presets (and the theme's status colours) that keep 4.5:1 text contrast.
const STATUS_COLORS: Record<string, string> = {
  submitted: 'blue',
  needs_info: 'warning',
  accepted: 'geekblue',
  assigned: 'geekblue',
  searching: 'purple',
  report_drafted: 'purple',
  reviewed: 'magenta',
  answered: 'success',
  delivered: 'success',
  closed: 'default',
  rejected: 'error',
  withdrawn: 'default',
};

export function CaseStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status] ?? 'default'}>{t(`cases.status.${status}`, { defaultValue: status })}</Tag>;
}

export function CaseTypeTag({ type }: { type: string }) {
  const { t } = useTranslation();
  return <Tag color={type === 'retrieval' ? 'purple' : 'blue'}>{t(`cases.type.${type}`, { defaultValue: type })}</Tag>;
}

const DUE_COLORS: Record<Exclude<DueState, 'none'>, string> = { due: 'processing', due_soon: 'warning', overdue: 'error' };

/** due / due soon / overdue as a tag; nothing while no clock runs. */
export function DueTag({ state }: { state: DueState }) {
  const { t } = useTranslation();
  if (state === 'none') return null;
  return <Tag color={DUE_COLORS[state]}>{t(`cases.due.${state}`)}</Tag>;
}

/** Time limits run in Asia/Shanghai time, wherever the browser is. */
const SHANGHAI = 'Asia/Shanghai';

/** A deadline or a date the enterprise asked for, in the UI language and Shanghai time. */
export function useShanghaiFormat() {
  const { i18n } = useTranslation();
  const base: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: SHANGHAI };
  return {
    dateTime: (value: string) => new Intl.DateTimeFormat(i18n.language, { ...base, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(value)),
    /** A calendar day (YYYY-MM-DD), as the day it names. */
    day: (value: string) => new Intl.DateTimeFormat(i18n.language, base).format(new Date(`${value}T12:00:00+08:00`)),
  };
}

/** The deadline and its state, as lists and the case header show them. */
export function DueCell({ dueAt, state }: { dueAt: string | null; state: DueState }) {
  const format = useShanghaiFormat();
  if (!dueAt) return <span>—</span>;
  return (
    <Space size={4} wrap>
      <span>{format.dateTime(dueAt)}</span>
      <DueTag state={state} />
    </Space>
  );
}

/** An empty table's message, in a colour that keeps 4.5:1 contrast (a bare string is too pale). */
export function EmptyText({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;
}
