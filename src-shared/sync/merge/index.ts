/**
 * The three-way merge of one note (docs/sync-protocol.md, "Merging conflicts", rules M1–M10).
 * Each job has its file: merge-notes.ts (the entry point, lifecycle M7, scalars M5),
 * merge-markdown.ts (the body, line endings), merge-frontmatter.ts (YAML M3–M5, tags M4),
 * merge-lines.ts and diff3.ts (lines, M6), merge-words.ts (words, M6), markers.ts (M10).
 */
export {
  CONFLICT_CLOSE_PREFIX,
  CONFLICT_OPEN_PREFIX,
  CONFLICT_SEPARATOR,
  conflictMarkerLines,
  type ConflictLabels,
  type ConflictMarkerLines,
} from './markers';
export { mergeNotes, notesEquivalent, type MergeNotesInput, type MergeNotesResult } from './merge-notes';
