/** The outline: the open note's headings beside the editor, following the cursor and the scroll. */
export { OutlinePane } from './OutlinePane';
export type { OutlineSource } from './useOutline';
