import { useEffect, useState } from 'react';
import { SEARCH_QUERY_MAX } from '../../../../src-shared/api/notes-api';
import { describeFailure } from '../../api/failures';
import type { SearchHit } from '../../api/quire-api';
import { useServices } from '../../api/useServices';
import { throttle } from '../../lib/throttle';
import { useDebouncedValue } from '../../lib/useDebouncedValue';

/** Short: the index answers in milliseconds; this only spares the host one query per key. */
const DEBOUNCE_MS = 80;
const RESULT_LIMIT = 50;
/** While the index is being built, how often to ask again for its progress. */
const INDEXING_POLL_MS = 500;

export interface SearchState {
  /** The trimmed query being searched; '' when search is off. */
  query: string;
  /** The query (and tag filter) the shown hits answer: they change only when a newer answer comes. */
  answered: string;
  hits: readonly SearchHit[];
  /** Every matching note, not only the hits listed. */
  total: number;
  /** Set while the index is being built: its results would be incomplete, so none are shown. */
  indexing: { done: number; total: number } | null;
  /** True while the shown hits are for an older query (or none has answered yet). */
  isSearching: boolean;
  error: string | null;
}

interface Answer {
  key: string;
  hits: readonly SearchHit[];
  total: number;
  indexing: SearchState['indexing'];
  error: string | null;
}

/** What the list is narrowed to; the index applies it, so the total counts only those notes. */
export interface SearchFilters {
  tag?: string;
  folder?: { path: string; subfolders: boolean } | null;
}

const NO_ANSWER: Answer = { key: '', hits: [], total: 0, indexing: null, error: null };

/**
 * Debounced full-text search that stays live: results refresh when notes change. Answers to
 * older queries are dropped, so the list never flicks back to them.
 */
export function useSearch(rawQuery: string, filters: SearchFilters = {}): SearchState {
  const { api, changes } = useServices();
  const trimmed = rawQuery.trim().slice(0, SEARCH_QUERY_MAX);
  const query = useDebouncedValue(trimmed, DEBOUNCE_MS);
  const tag = filters.tag ?? '';
  const folderPath = filters.folder?.path ?? null;
  const subfolders = filters.folder?.subfolders ?? false;
  // Which question the answer is for: the query and the filters.
  const key = query === '' ? '' : JSON.stringify([query, tag, folderPath, subfolders]);
  const [answer, setAnswer] = useState<Answer>(NO_ANSWER);

  useEffect(() => {
    if (query === '') return;
    let latest = 0;
    let poll: ReturnType<typeof setTimeout> | undefined;
    const run = (): void => {
      const request = ++latest;
      clearTimeout(poll);
      api.notes.search
        .query({
          query,
          limit: RESULT_LIMIT,
          ...(tag === '' ? {} : { tag }),
          ...(folderPath === null ? {} : { folder: { path: folderPath, subfolders } }),
        })
        .then(({ hits, total, indexing }) => {
          if (request !== latest) return;
          setAnswer({ key, hits, total, indexing, error: null });
          // The index is not done: ask again until it is (it sends no change of its own).
          if (indexing) poll = setTimeout(run, INDEXING_POLL_MS);
        })
        .catch((error: unknown) => {
          if (request === latest)
            setAnswer({ key, hits: [], total: 0, indexing: null, error: describeFailure(error) });
        });
    };
    const refresh = throttle(run, 300);
    refresh();
    const unsubscribe = changes.subscribe(refresh);
    return () => {
      latest = -1;
      clearTimeout(poll);
      unsubscribe();
      refresh.cancel();
    };
  }, [api, changes, query, tag, folderPath, subfolders, key]);

  const active = trimmed !== '';
  const current = answer.key === key && key !== '';
  // While a refined query is in flight the previous hits stay up: no flash of an empty list.
  const shown = active ? answer : NO_ANSWER;
  return {
    query: active ? query : '',
    answered: shown.key,
    hits: shown.hits,
    total: shown.total,
    indexing: shown.indexing,
    isSearching: active && (!current || query !== trimmed),
    error: active && current ? answer.error : null,
  };
}
