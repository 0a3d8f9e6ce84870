import { z } from 'zod';
import {
  folderSchema,
  noteBodySchema,
  noteIdSchema,
  noteSchema,
  noteSummarySchema,
  NOTE_LIMITS,
  noteTitleSchema,
  repairNoteText,
  repairText,
} from '../schema/note';
import { normalizeTagFilter } from '../markdown/inline-tags';

// What a user pastes may hold U+0000; notes never do (see note.ts), so inputs drop it.
const titleInput = z.string().transform(repairText).pipe(noteTitleSchema);
const bodyInput = z.string().transform(repairText).pipe(noteBodySchema);

/** Inputs of the `notes.*` procedures. Every IPC/WebSocket input is parsed by one of these. */
export const LIST_PAGE_MAX = 500;
export const SEARCH_QUERY_MAX = 200;
export const SEARCH_RESULTS_MAX = 100;

export const noteViewSchema = z.enum(['notes', 'trash']);
export type NoteView = z.infer<typeof noteViewSchema>;

export const listNotesInput = z.object({
  view: noteViewSchema.default('notes'),
  /** Restrict to one folder (exact match); omitted = every folder. */
  folder: folderSchema.optional(),
  /** With `folder`: the notes of every folder below it too. */
  includeSubfolders: z.boolean().optional(),
  /**
   * Only notes with this tag or a tag nested under it (`project` takes `project/quire`), any
   * case; a leading `#` and a trailing `/` are ignored. Omitted or '' = every note.
   */
  tag: z
    .string()
    .max(NOTE_LIMITS.tagMaxLength + 2)
    .transform(repairText)
    .transform((tag) => normalizeTagFilter(tag))
    .optional(),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(LIST_PAGE_MAX).default(100),
});
export type ListNotesInput = z.input<typeof listNotesInput>;

export const listNotesOutput = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  items: z.array(noteSummarySchema),
});
export type ListNotesOutput = z.infer<typeof listNotesOutput>;

export const noteByIdInput = z.object({ id: noteIdSchema });

export const createNoteInput = z.object({
  title: titleInput.optional(),
  body: bodyInput.optional(),
  folder: folderSchema.optional(),
});
export type CreateNoteInput = z.input<typeof createNoteInput>;

/**
 * A note as the host stores it, with its local revision: a number that grows with every write
 * of that note on this device, whoever made it (an editor, another window, sync). Editing rule E1:
 * every write names the version it was computed from, as one of these.
 */
export const noteVersionSchema = noteSchema.extend({
  revision: z.number().int().nonnegative(),
  /** Who wrote this version last: this host's own services, or sync (another device). */
  writtenBy: z.enum(['local', 'sync']),
});
export type NoteVersion = z.infer<typeof noteVersionSchema>;

/**
 * The base of a write (E1): the version the caller read, as the host gave it. An old note may
 * still hold text that R16 refuses; its base is read as it is and repaired the same way, so the
 * note can be edited (and then synced) again.
 */
export const noteBaseSchema = noteVersionSchema
  .extend({
    title: z.string().max(NOTE_LIMITS.titleMaxLength),
    body: z.string().max(NOTE_LIMITS.bodyMaxLength),
    folder: z.string().max(NOTE_LIMITS.folderMaxLength),
    tags: z.array(z.string().max(NOTE_LIMITS.tagMaxLength)).max(NOTE_LIMITS.tagsMax),
  })
  .transform((base) => repairNoteText(base))
  .pipe(noteVersionSchema);

export const updateNoteInput = z
  .object({
    id: noteIdSchema,
    base: noteBaseSchema,
    title: titleInput.optional(),
    body: bodyInput.optional(),
    folder: folderSchema.optional(),
  })
  .refine((v) => v.title !== undefined || v.body !== undefined || v.folder !== undefined, {
    message: 'Nothing to update: give a title, a body or a folder',
  })
  .refine((v) => v.base.id === v.id, { message: 'The base of a write must be a version of the same note' });
export type UpdateNoteInput = z.input<typeof updateNoteInput>;

/** What a merge on the write path did (E3–E5), for the editor's notice and version history. */
export const mergeNoticeSchema = z.object({
  /** Whose changes were merged in: another window of this device, or another device (sync). */
  from: z.enum(['another-window', 'another-device']),
  /** Some text changed on both sides: both kept between markers, the note needs review. */
  conflicted: z.boolean(),
  /** The note had been deleted or trashed elsewhere and this edit brought it back (M7). */
  restored: z.boolean(),
});
export type MergeNotice = z.infer<typeof mergeNoticeSchema>;

export const noteWriteResultSchema = z.object({
  note: noteVersionSchema,
  /** Null when the write applied to its base as given (E2). */
  merge: mergeNoticeSchema.nullable(),
});
export type NoteWriteResult = z.infer<typeof noteWriteResultSchema>;

export const searchNotesInput = z.object({
  /** The search box's syntax: words, "phrases", tag:, path:/folder:, title:, -x, OR, ( ). */
  query: z.string().trim().min(1).max(SEARCH_QUERY_MAX),
  limit: z.number().int().min(1).max(SEARCH_RESULTS_MAX).default(50),
  /** The list's tag filter, applied in the index so the total counts only tagged notes. */
  tag: z
    .string()
    .max(NOTE_LIMITS.tagMaxLength + 2)
    .transform(repairText)
    .transform((tag) => normalizeTagFilter(tag))
    .optional(),
  /** The list's folder filter ('' = the root), with or without its subfolders. */
  folder: z.object({ path: folderSchema, subfolders: z.boolean() }).optional(),
});

/** A matched range `[start, end)` in UTF-16 offsets of the string it marks. */
const markSchema = z.tuple([z.number().int().min(0), z.number().int().min(0)]);
const SEARCH_MARKS_MAX = 32;

export const searchHitSchema = noteSummarySchema.extend({
  /** A short plain-text excerpt around the first match, on whole words, `…` where cut. */
  snippet: z.string(),
  /** The query's matches inside `snippet`: whole words, never cut. */
  snippetMarks: z.array(markSchema).max(SEARCH_MARKS_MAX),
  /** The query's matches inside the title. */
  titleMarks: z.array(markSchema).max(SEARCH_MARKS_MAX),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchResultSchema = z.object({
  hits: z.array(searchHitSchema).max(SEARCH_RESULTS_MAX),
  /** Every matching note, not only the `hits` returned. */
  total: z.number().int().min(0),
  /**
   * Set while the index is being built (first start, or a new index layout): its results are
   * still incomplete, so the box says "Indexing… done of total" instead of showing them.
   */
  indexing: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }).nullable(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

/** Emitted by `notes.changes` whenever the notes collection changes, whoever changed it. */
export const notesChangedEventSchema = z.object({
  /** Monotonic within one host process; lets the UI drop stale pages. */
  revision: z.number().int(),
  ids: z.array(noteIdSchema),
  /** Notes among `ids` whose new version came from a merge (E3, or a sync conflict), for a notice. */
  merges: z.array(z.object({ id: noteIdSchema }).extend(mergeNoticeSchema.shape)).optional(),
});
export type NotesChangedEvent = z.infer<typeof notesChangedEventSchema>;

export const RESOLVE_TITLES_MAX = 200;

/** For `[[wikilinks]]`: which of these titles name a live note. */
export const resolveTitlesInput = z.object({
  titles: z.array(z.string().max(300)).max(RESOLVE_TITLES_MAX),
});
export const resolveTitlesOutput = z.record(z.string(), noteIdSchema.nullable());
export type ResolveTitlesOutput = z.infer<typeof resolveTitlesOutput>;
