/** The quick switcher (Ctrl/⌘+O): notes by title, alias and path, recent first; Shift+Enter creates. */
export { QuickSwitcher } from './QuickSwitcher';
export { useRecordOpenedNote, OPENED_AFTER_MS } from './useRecordOpenedNote';
export { switcherRows, newNotePlace, notePath, type SwitcherRow } from './switcher-rows';
