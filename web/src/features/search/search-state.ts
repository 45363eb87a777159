import { useEffect, useState } from 'react';
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

function readChosen<T extends { id: string }>(storageKey: string): Map<string, T> {
  try {
    const stored = JSON.parse(sessionStorage.getItem(storageKey) ?? '[]') as unknown;
    if (!Array.isArray(stored)) return new Map();
    return new Map((stored as T[]).filter((hit) => hit && typeof hit.id === 'string').map((hit) => [hit.id, hit]));
  } catch {
    return new Map();
  }
}

/**
 * The results chosen on a search page, kept in sessionStorage (this tab only) so that opening a
 * record and coming back, or paging, keeps the choice; cleared with "clear" or by saving it.
 */
export function useChosenResults<T extends { id: string }>(storageKey: string) {
  const [chosen, setChosen] = useState<Map<string, T>>(() => readChosen<T>(storageKey));
  useEffect(() => {
    try {
      if (chosen.size === 0) sessionStorage.removeItem(storageKey);
      else sessionStorage.setItem(storageKey, JSON.stringify([...chosen.values()]));
    } catch {
      // Storage full or unavailable: the choice still lives for this page.
    }
  }, [chosen, storageKey]);
  /** Chooses a result or lets it go. */
  const toggle = (hit: T, on: boolean) =>
    setChosen((current) => {
      const next = new Map(current);
      if (on) next.set(hit.id, hit);
      else next.delete(hit.id);
      return next;
    });
  return [chosen, setChosen, toggle] as const;
}
