/**
 * The editor: the open note as a session (its base, the user's text, merges of what arrives while
 * typing, E8–E9), the app's one autosave queue, the Markdown editor and its preview.
 */
export { EditorPane, type EditorPaneHandle } from './EditorPane';
export { useAutosave, type Autosave } from './useAutosave';
export type { AutosaveController } from './autosave';
export { useRestoreNotices } from './useRestoreNotices';
export { TitleResolver } from './title-resolver';
