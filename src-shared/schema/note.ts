import { z } from 'zod';
import { extractTags } from '../markdown/frontmatter';
import { NOTE_LIMITS } from './note-limits';

// NOTE_LIMITS has a file of its own: the Markdown helpers the migrations below call read it
// from there, not from here, so the two modules do not import each other.
export { NOTE_LIMITS };

/**
 * PostgreSQL's jsonb (the sync server) cannot hold U+0000, and no editor types it: stored notes
 * never contain it. Inputs strip it (`stripNul`) before they are validated.
 */
const NUL = '\u0000';
const hasNoNul = (value: string): boolean => !value.includes(NUL);
const NO_NUL_MESSAGE = 'Notes cannot contain the NUL character (U+0000)';
export function stripNul<T>(value: T): T {
  return typeof value === 'string' && value.includes(NUL) ? (value.replaceAll(NUL, '') as T) : value;
}

/**
 * docs/sync-protocol.md R16: a note's text is well-formed UTF-16. A lone surrogate (half of an
 * emoji's pair, from a bad paste or import) cannot be encoded as UTF-8, so PostgreSQL, files and
 * most other programs refuse it. `String.prototype.isWellFormed`/`toWellFormed` (ES2024, Node 20,
 * current browsers) are typed here because the project's lib is ES2023; the regular expression is
 * the fallback for an older runtime.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormedMethods = String.prototype as unknown as {
  isWellFormed?: (this: string) => boolean;
  toWellFormed?: (this: string) => string;
};
export function isWellFormedText(value: string): boolean {
  if (wellFormedMethods.isWellFormed) return wellFormedMethods.isWellFormed.call(value);
  LONE_SURROGATE.lastIndex = 0;
  return !LONE_SURROGATE.test(value);
}
/** Each lone surrogate becomes U+FFFD (the replacement character); well-formed text is returned as is. */
export function toWellFormedText(value: string): string {
  if (isWellFormedText(value)) return value;
  if (wellFormedMethods.toWellFormed) return wellFormedMethods.toWellFormed.call(value);
  return value.replace(LONE_SURROGATE, '\uFFFD');
}
const WELL_FORMED_MESSAGE =
  'Notes cannot contain half of a character pair (a lone UTF-16 surrogate, often half of an emoji)';

/**
 * What the host's inputs do to what a user typed, pasted or imported before it is validated:
 * NUL is dropped and a lone surrogate becomes U+FFFD, so a bad paste is kept rather than refused.
 */
export function repairText<T>(value: T): T {
  return typeof value === 'string' ? (toWellFormedText(stripNul(value)) as T) : value;
}

/** `repairText` on each of a note's strings (R16); a tag left empty is dropped. Other fields are kept. */
export function repairNoteText<
  T extends { title: string; body: string; folder: string; tags: readonly string[] },
>(note: T): T {
  const tags = note.tags.map((tag) => repairText(tag)).filter((tag) => tag !== '');
  return {
    ...note,
    title: repairText(note.title),
    body: repairText(note.body),
    folder: repairText(note.folder),
    tags,
  };
}

export const noteIdSchema = z
  .string()
  .min(1)
  .max(NOTE_LIMITS.idMaxLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'Note ids contain only letters, digits, "-" and "_"');

export const noteTitleSchema = z
  .string()
  .trim()
  .max(NOTE_LIMITS.titleMaxLength, `A title can be at most ${NOTE_LIMITS.titleMaxLength} characters long`)
  .refine(hasNoNul, NO_NUL_MESSAGE)
  .refine(isWellFormedText, WELL_FORMED_MESSAGE);
export const noteBodySchema = z
  .string()
  .max(
    NOTE_LIMITS.bodyMaxLength,
    `A note can hold at most ${NOTE_LIMITS.bodyMaxLength.toLocaleString('en-US')} characters; split it into several notes`,
  )
  .refine(hasNoNul, NO_NUL_MESSAGE)
  .refine(isWellFormedText, WELL_FORMED_MESSAGE);
export const tagSchema = z
  .string()
  .min(1)
  .max(NOTE_LIMITS.tagMaxLength)
  .refine(hasNoNul, NO_NUL_MESSAGE)
  .refine(isWellFormedText, WELL_FORMED_MESSAGE);
export const folderSchema = z
  .string()
  .max(NOTE_LIMITS.folderMaxLength)
  .refine((f) => !f.split('/').some((part) => part === '..'), 'Folder paths may not contain ".."')
  .refine(hasNoNul, NO_NUL_MESSAGE)
  .refine(isWellFormedText, WELL_FORMED_MESSAGE);

export const noteSchema = z.object({
  id: noteIdSchema,
  title: noteTitleSchema,
  /** The whole Markdown text as the user wrote it, frontmatter included. */
  body: noteBodySchema,
  /**
   * Derived on every save from the frontmatter `tags` and the body's inline `#tags` (extractTags);
   * kept as a field so it can be listed and filtered cheaply.
   */
  tags: z.array(tagSchema).max(NOTE_LIMITS.tagsMax),
  /** '' is the vault root; 'a/b' is a nested folder. */
  folder: folderSchema,
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  /** 0 while the note is live; the time it was moved to the trash otherwise (indexes cannot hold null). */
  trashedAt: z.number().int().nonnegative(),
  /**
   * Set when a sync merge kept two overlapping versions of some lines between conflict markers
   * (docs/sync-protocol.md M6); cleared when the user marks the note resolved.
   */
  needsReview: z.boolean(),
  /**
   * The note's file name exactly as it was on disk when imported (`Ideas .MD`, NFD forms, …), so
   * export writes it back byte for byte. Absent for notes made in Quire. Export uses it only while
   * the title is still the one the name gives (`titleFromFileName`); a renamed note is named after
   * its new title.
   */
  fileName: z
    .string()
    .min(1)
    .max(NOTE_LIMITS.fileNameMaxLength)
    .refine((name) => !name.includes('/'), 'A file name cannot contain "/"')
    .refine(hasNoNul, NO_NUL_MESSAGE)
    .refine(isWellFormedText, WELL_FORMED_MESSAGE)
    .optional(),
});
export type Note = z.infer<typeof noteSchema>;

/** The title a Markdown file's name gives its note: the name without `.md` (any case), trimmed. */
export function titleFromFileName(fileName: string): string {
  return fileName.replace(/\.md$/i, '').trim();
}

/** What the note list shows: no body, so a page of 50k notes stays small. */
export const noteSummarySchema = noteSchema.pick({
  id: true,
  title: true,
  tags: true,
  folder: true,
  updatedAt: true,
  trashedAt: true,
  needsReview: true,
});
export type NoteSummary = z.infer<typeof noteSummarySchema>;

/**
 * The note's own fields and nothing else (no RxDB `_meta`/`_rev`, no revision): the one place that
 * lists them, so a field added to the schema is copied everywhere. `fileName` stays absent when unset.
 */
export function copyNote(note: Omit<Note, 'tags'> & { readonly tags: readonly string[] }): Note {
  const { id, title, body, tags, folder, createdAt, updatedAt, trashedAt, needsReview, fileName } = note;
  const copy: Note = {
    id,
    title,
    body,
    tags: [...tags],
    folder,
    createdAt,
    updatedAt,
    trashedAt,
    needsReview,
  };
  if (fileName !== undefined) copy.fileName = fileName;
  return copy;
}

export function toNoteSummary(note: NoteSummary): NoteSummary {
  const { id, title, tags, folder, updatedAt, trashedAt, needsReview } = note;
  return { id, title, tags, folder, updatedAt, trashedAt, needsReview };
}

export const NOTE_SCHEMA_VERSION = 3;

/**
 * The RxDB JSON schema of the `notes` collection. Field by field it mirrors `noteSchema`
 * (a unit test checks that the two agree); the indexes serve the list views:
 * live notes newest first, trash newest first.
 */
export const noteRxSchema = {
  title: 'note',
  version: NOTE_SCHEMA_VERSION,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: NOTE_LIMITS.idMaxLength },
    title: { type: 'string', maxLength: NOTE_LIMITS.titleMaxLength },
    body: { type: 'string', maxLength: NOTE_LIMITS.bodyMaxLength },
    tags: {
      type: 'array',
      maxItems: NOTE_LIMITS.tagsMax,
      items: { type: 'string', maxLength: NOTE_LIMITS.tagMaxLength },
    },
    folder: { type: 'string', maxLength: NOTE_LIMITS.folderMaxLength },
    createdAt: { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000, multipleOf: 1 },
    updatedAt: { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000, multipleOf: 1 },
    trashedAt: { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000, multipleOf: 1 },
    needsReview: { type: 'boolean' },
    fileName: { type: 'string', maxLength: NOTE_LIMITS.fileNameMaxLength },
  },
  required: ['id', 'title', 'body', 'tags', 'folder', 'createdAt', 'updatedAt', 'trashedAt', 'needsReview'],
  indexes: [
    ['trashedAt', 'updatedAt', 'id'],
    ['folder', 'trashedAt', 'updatedAt', 'id'],
  ],
  additionalProperties: false,
} as const;

/** RxDB migration strategies keyed by the schema version they migrate *to*. */
export const noteMigrationStrategies: Record<
  number,
  (oldDoc: Record<string, unknown>) => Record<string, unknown>
> = {
  // v1 (sync): merge conflicts flag a note for review; nothing written before sync is flagged.
  // The server cannot store U+0000 or a lone surrogate (R16), so the few notes that hold one
  // are repaired here, once. (Notes already at v1 may still hold a lone surrogate: the device
  // sets those aside rather than sending them, R10.)
  1: (oldDoc) => {
    const doc: Record<string, unknown> = { ...oldDoc, needsReview: false };
    for (const field of ['title', 'body', 'folder']) doc[field] = repairText(doc[field]);
    if (Array.isArray(doc.tags)) {
      doc.tags = (doc.tags as unknown[]).map((tag) => repairText(tag)).filter((tag) => tag !== '');
    }
    return doc;
  },
  // v2 (vault import): an optional `fileName`, and folders up to 1,024 characters. Nothing to change.
  2: (oldDoc) => oldDoc,
  // v3 (inline tags): tags now include the body's `#tags`; every note's are derived again, once.
  // A body that is not a string (never written by Quire) keeps the tags it had.
  3: (oldDoc) => (typeof oldDoc.body === 'string' ? { ...oldDoc, tags: extractTags(oldDoc.body) } : oldDoc),
};
