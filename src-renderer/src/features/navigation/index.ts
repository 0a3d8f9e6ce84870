/** Back and forward between the notes visited: the history, its hook and the toolbar arrows. */
export { useNavHistory, useNavMouseButtons, type Navigation } from './useNavHistory';
export { NavButtons } from './NavButtons';
export {
  back,
  forward,
  forget,
  push,
  replace,
  currentEntry,
  EMPTY_HISTORY,
  NAV_HISTORY_MAX,
  type NavHistory,
} from './nav-history';
export {
  useNoteNavigation,
  type NoteNavigation,
  type NoteNavigationDeps,
  type HeadingTarget,
} from './useNoteNavigation';
