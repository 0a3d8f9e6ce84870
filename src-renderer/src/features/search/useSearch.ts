import { useEffect, useState } from 'react';
import { SEARCH_QUERY_MAX } from '../../../../src-shared/api/notes-api';
import { describeFailure } from '../../api/failures';
import type { SearchHit } from '../../api/quire-api';
import { useServices } from '../../api/useServices';
import { throttle } from '../../lib/throttle';
import { useDebouncedValue } from '../../lib/useDebouncedValue';

const DEBOUNCE_MS = 150;
const RESULT_LIMIT = 50;

export interface SearchState {
  /** The trimmed query the results belong to; '' when search is off. */
  query: string;
  hits: readonly SearchHit[];
  /** True while the shown hits are for an older query (or none has answered yet). */
  isSearching: boolean;
  error: string | null;
}

interface Answer {
  query: string;
  hits: readonly SearchHit[];
  error: string | null;
}

/** Debounced full-text search that stays live: results refresh when notes change. */
export function useSearch(rawQuery: string): SearchState {
  const { api, changes } = useServices();
  const query = useDebouncedValue(rawQuery.trim().slice(0, SEARCH_QUERY_MAX), DEBOUNCE_MS);
  const [answer, setAnswer] = useState<Answer>({ query: '', hits: [], error: null });

  useEffect(() => {
    if (query === '') return;
    let latest = 0;
    const run = (): void => {
      const request = ++latest;
      api.notes.search
        .query({ query, limit: RESULT_LIMIT })
        .then((hits) => request === latest && setAnswer({ query, hits, error: null }))
        .catch(
          (error: unknown) =>
            request === latest && setAnswer({ query, hits: [], error: describeFailure(error) }),
        );
    };
    const refresh = throttle(run, 300);
    refresh();
    const unsubscribe = changes.subscribe(refresh);
    return () => {
      latest = -1;
      unsubscribe();
      refresh.cancel();
    };
  }, [api, changes, query]);

  const active = rawQuery.trim() !== '';
  const current = answer.query === query && query !== '';
  return {
    query: active ? query : '',
    // While a refined query is in flight the previous hits stay up: no flash of an empty list.
    hits: active ? answer.hits : [],
    isSearching: active && (!current || query !== rawQuery.trim().slice(0, SEARCH_QUERY_MAX)),
    error: active && current ? answer.error : null,
  };
}
