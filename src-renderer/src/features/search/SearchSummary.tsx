import type { SearchState } from './useSearch';

/**
 * The line under the search box: how many notes match in all ("1,204 results"), or how far
 * the index is while it is being built, so an incomplete index never passes for "no notes".
 * The search box names it as its description, so a screen reader hears it too.
 */
export function SearchSummary({ search }: { search: SearchState }) {
  let text: string;
  if (search.indexing) {
    const { done, total } = search.indexing;
    text = `Indexing… ${done.toLocaleString()} of ${total.toLocaleString()}`;
  } else if (search.error || search.answered === '') {
    return <div id="search-summary" className="search-summary" aria-hidden="true" />;
  } else {
    text = `${search.total.toLocaleString()} ${search.total === 1 ? 'result' : 'results'}`;
  }
  return (
    <div
      id="search-summary"
      className={search.indexing ? 'search-summary is-indexing' : 'search-summary'}
      role="status"
      aria-live="polite"
      aria-busy={search.isSearching}
    >
      {search.indexing && <span className="search-summary-spinner" aria-hidden="true" />}
      {text}
    </div>
  );
}
