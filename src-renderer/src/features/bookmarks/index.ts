/** Bookmarks: pinned notes and searches in the sidebar, and the editor's toggle. */
export { BookmarksSection } from './BookmarksSection';
export { BookmarkToggle } from './BookmarkToggle';
