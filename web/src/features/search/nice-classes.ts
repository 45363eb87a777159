import { useTranslation } from 'react-i18next';

/** The 45 classes of the Nice classification (1–34 goods, 35–45 services). */
export const NICE_CLASSES = Array.from({ length: 45 }, (_, index) => index + 1);

export function useNiceClassOptions() {
  const { t } = useTranslation();
  return NICE_CLASSES.map((n) => ({ value: String(n), label: t('search.trademark.classOption', { n, name: t(`search.nice.${n}`) }) }));
}
