/** Full-text search: the box, the live debounced query, and the highlighting of its words. */
export { SearchBox } from './SearchBox';
export { useSearch, type SearchState } from './useSearch';
export { HighlightedText } from './HighlightedText';
