import type { TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useSearchParams } from 'react-router-dom';

const DEFAULT_PAGE_SIZE = 20;

/**
 * Paging, sorting and filters of a server-side list, kept in the address bar so a reload or a
 * shared link shows the same page. Changing a filter goes back to page 1.
 */
export function useListState<F extends string>(filterKeys: readonly F[], defaultSort = '') {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
  const sort = params.get('sort') ?? defaultSort;
  const filters = Object.fromEntries(filterKeys.map((key) => [key, params.get(key) ?? ''])) as Record<F, string>;

  const update = (patch: Record<string, string | number | undefined>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(patch)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );
  };

  return {
    page,
    pageSize,
    sort,
    filters,
    setFilters: (patch: Partial<Record<F, string | undefined>>) => update({ ...patch, page: undefined }),
    /** Hand to antd Table's onChange. */
    onTableChange: <T>(pagination: TablePaginationConfig, sorter: SorterResult<T> | SorterResult<T>[]) => {
      const single = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = single?.order ? String(single.columnKey ?? single.field) : '';
      const nextSort = field ? `${single?.order === 'descend' ? '-' : ''}${field}` : '';
      update({
        page: pagination.current && pagination.current > 1 ? pagination.current : undefined,
        pageSize: pagination.pageSize && pagination.pageSize !== DEFAULT_PAGE_SIZE ? pagination.pageSize : undefined,
        sort: nextSort && nextSort !== defaultSort ? nextSort : undefined,
      });
    },
    /** antd's sortOrder for a column, from the sort in the address bar. */
    sortOrder: (field: string) => (sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null),
  };
}
