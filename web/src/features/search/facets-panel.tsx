import { Button, Card, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { facetTerm, hasTerm, type FacetKind } from './query';
import { usePatentFacets, type Bucket } from './search.api';

const FACET_SAMPLE = 10_000;
/** Values a group shows until the person asks for all of them. */
const SHOWN = 8;

interface FacetsPanelProps {
  q: string;
  /** Called with the term a click adds, e.g. `ipc:H01M`. */
  onNarrow: (term: string) => void;
}

/** Where the results fall (IPC, applicants, years); a click narrows the query by that value. */
export function FacetsPanel({ q, onNarrow }: FacetsPanelProps) {
  const { t } = useTranslation();
  const facets = usePatentFacets(q);
  const groups: { key: string; kind: FacetKind; title: string; buckets: Bucket[]; label?: (value: string) => string }[] = facets.data
    ? [
        { key: 'subclasses', kind: 'ipc', title: t('search.facets.subclasses'), buckets: facets.data.subclasses },
        {
          key: 'sections',
          kind: 'ipc',
          title: t('search.facets.sections'),
          buckets: facets.data.sections,
          label: (value) => `${value} ${t(`search.ipcSection.${value}`, { defaultValue: '' })}`.trim(),
        },
        { key: 'applicants', kind: 'applicant', title: t('search.facets.applicants'), buckets: facets.data.applicants },
        { key: 'years', kind: 'year', title: t('search.facets.years'), buckets: facets.data.years },
      ]
    : [];

  return (
    <Card size="small" className="search-facets" title={<h2 className="card-title">{t('search.facets.title')}</h2>}>
      {facets.isPending && q.trim() !== '' && (
        <div role="status">
          <span className="visually-hidden">{t('search.facets.loading')}</span>
          <Skeleton active paragraph={{ rows: 6 }} title={false} />
        </div>
      )}
      {facets.data?.sampled && <p className="section-hint">{t('search.facets.sampled', { count: FACET_SAMPLE })}</p>}
      {groups.map((group) => (
        <FacetGroup key={group.key} id={`facet-${group.key}`} kind={group.kind} title={group.title} buckets={group.buckets} label={group.label} q={q} onNarrow={onNarrow} />
      ))}
    </Card>
  );
}

function FacetGroup({
  id,
  kind,
  title,
  buckets,
  label,
  q,
  onNarrow,
}: {
  id: string;
  kind: FacetKind;
  title: string;
  buckets: Bucket[];
  label?: (value: string) => string;
  q: string;
  onNarrow: (term: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [all, setAll] = useState(false);
  const shown = all ? buckets : buckets.slice(0, SHOWN);
  return (
    <section className="search-facet" aria-labelledby={id}>
      <h3 id={id} className="search-facet-title">
        {title}
      </h3>
      {buckets.length === 0 ? (
        <p className="section-hint">{t('search.facets.none')}</p>
      ) : (
        <ul className="search-facet-list">
          {shown.map((bucket) => {
            const term = facetTerm(kind, bucket.value);
            const applied = hasTerm(q, term);
            const text = label ? label(bucket.value) : bucket.value;
            return (
              <li key={bucket.value}>
                <Button
                  type="text"
                  size="small"
                  className="search-facet-button"
                  disabled={applied}
                  title={applied ? t('search.facets.applied') : term}
                  aria-label={t('search.facets.narrow', { value: text, count: bucket.count })}
                  onClick={() => onNarrow(term)}
                >
                  <span className="search-facet-value">{text}</span>
                  <span className="search-facet-count">{format.number(bucket.count)}</span>
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {buckets.length > SHOWN && (
        <Button type="link" size="small" aria-expanded={all} onClick={() => setAll((value) => !value)}>
          {all ? t('search.facets.fewer') : t('search.facets.all', { count: buckets.length })}
        </Button>
      )}
    </section>
  );
}
