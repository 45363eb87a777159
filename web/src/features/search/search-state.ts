import { useSearchParams } from 'react-router-dom';
import type { SearchSort } from './search.api';

const DEFAULT_PAGE_SIZE = 20;

/**
 * A search page's query, filters, order and page, kept in the address bar (as lib/list-state does
 * for lists) so a reload, the back button or a shared link shows the same results. Changing the
 * query, a filter or the order goes back to page 1.
 */
export function useSearchState<F extends string>(filterKeys: readonly F[] = []) {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const sort: SearchSort = params.get('sort') === 'date' ? 'date' : 'relevance';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
  const filters = Object.fromEntries(filterKeys.map((key) => [key, params.get(key) ?? ''])) as Record<F, string>;

  const update = (patch: Record<string, string | number | undefined>, push = false) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      // A new query is a step the back button should undo; paging is not.
      { replace: !push },
    );
  };

  return {
    q,
    sort,
    page,
    pageSize,
    filters,
    setQuery: (value: string) => update({ q: value.trim(), page: undefined }, true),
    setSort: (value: SearchSort) => update({ sort: value === 'relevance' ? undefined : value, page: undefined }),
    setFilters: (patch: Partial<Record<F, string>>) => update({ ...patch, page: undefined }, true),
    setPage: (nextPage: number, nextPageSize: number) =>
      update({
        page: nextPage > 1 && nextPageSize === pageSize ? nextPage : undefined,
        pageSize: nextPageSize !== DEFAULT_PAGE_SIZE ? nextPageSize : undefined,
      }),
  };
}
