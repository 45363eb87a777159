import { useTranslation } from 'react-i18next';

type DateInput = string | number | Date | null | undefined;

const dateTimeOptions: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
};
const dateOptions: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Locale-aware formatters that follow the current UI language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    dateTime: (value: DateInput) => {
      const date = toDate(value);
      return date ? new Intl.DateTimeFormat(locale, dateTimeOptions).format(date) : '—';
    },
    date: (value: DateInput) => {
      const date = toDate(value);
      return date ? new Intl.DateTimeFormat(locale, dateOptions).format(date) : '—';
    },
    number: (value: number | null | undefined) =>
      value === null || value === undefined ? '—' : new Intl.NumberFormat(locale).format(value),
  };
}
