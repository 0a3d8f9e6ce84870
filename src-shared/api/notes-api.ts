import { z } from 'zod';
import {
  folderSchema,
  noteBodySchema,
  noteIdSchema,
  noteSummarySchema,
  noteTitleSchema,
  stripNul,
} from '../schema/note';

// What a user pastes may hold U+0000; notes never do (see note.ts), so inputs drop it.
const titleInput = z.string().transform(stripNul).pipe(noteTitleSchema);
const bodyInput = z.string().transform(stripNul).pipe(noteBodySchema);

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

export const updateNoteInput = z
  .object({
    id: noteIdSchema,
    title: titleInput.optional(),
    body: bodyInput.optional(),
    folder: folderSchema.optional(),
  })
  .refine((v) => v.title !== undefined || v.body !== undefined || v.folder !== undefined, {
    message: 'Nothing to update: give a title, a body or a folder',
  });
export type UpdateNoteInput = z.input<typeof updateNoteInput>;

export const searchNotesInput = z.object({
  query: z.string().trim().min(1).max(SEARCH_QUERY_MAX),
  limit: z.number().int().min(1).max(SEARCH_RESULTS_MAX).default(50),
});

export const searchHitSchema = noteSummarySchema.extend({
  /** A short plain-text excerpt around the first match. */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/** Emitted by `notes.changes` whenever the notes collection changes, whoever changed it. */
export const notesChangedEventSchema = z.object({
  /** Monotonic within one host process; lets the UI drop stale pages. */
  revision: z.number().int(),
  ids: z.array(noteIdSchema),
});
export type NotesChangedEvent = z.infer<typeof notesChangedEventSchema>;

export const RESOLVE_TITLES_MAX = 200;

/** For `[[wikilinks]]`: which of these titles name a live note. */
export const resolveTitlesInput = z.object({
  titles: z.array(z.string().max(300)).max(RESOLVE_TITLES_MAX),
});
export const resolveTitlesOutput = z.record(z.string(), noteIdSchema.nullable());
export type ResolveTitlesOutput = z.infer<typeof resolveTitlesOutput>;
