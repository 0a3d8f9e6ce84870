/** The note list: the paged, virtualised list of one view (notes or trash), and the views' counts. */
export { NoteListPane } from './NoteListPane';
export type { ListboxHandle } from './NoteListbox';
export { useNoteList } from './useNoteList';
export { useNoteCounts, type NoteCounts } from './useNoteCounts';
export { arraySource } from './row-source';
