/** The sidebar's tag pane: every tag, nested, with counts; click filters the note list. */
export { TagPane } from './TagPane';
