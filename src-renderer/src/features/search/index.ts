/** Full-text search: the box, the live debounced query, and the highlighting of its words. */
export { SearchBox } from './SearchBox';
export { useSearch, type SearchState, type SearchFilters } from './useSearch';
export { useSearchCursor } from './useSearchCursor';
export { SearchSummary } from './SearchSummary';
export { HighlightedText } from './HighlightedText';
