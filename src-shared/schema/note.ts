import { z } from 'zod';

/** Limits enforced at every boundary (router, import, sync). */
export const NOTE_LIMITS = {
  idMaxLength: 64,
  titleMaxLength: 300,
  /** Characters, not bytes: ~1 MB of Markdown is far beyond any hand-written note. */
  bodyMaxLength: 1_000_000,
  tagMaxLength: 100,
  tagsMax: 100,
  // Index keys are padded to maxLength: every extra character here costs bytes per note on disk.
  folderMaxLength: 255,
} as const;

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

export const noteIdSchema = z
  .string()
  .min(1)
  .max(NOTE_LIMITS.idMaxLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'Note ids contain only letters, digits, "-" and "_"');

export const noteTitleSchema = z
  .string()
  .trim()
  .max(NOTE_LIMITS.titleMaxLength, `A title can be at most ${NOTE_LIMITS.titleMaxLength} characters long`)
  .refine(hasNoNul, NO_NUL_MESSAGE);
export const noteBodySchema = z
  .string()
  .max(
    NOTE_LIMITS.bodyMaxLength,
    `A note can hold at most ${NOTE_LIMITS.bodyMaxLength.toLocaleString('en-US')} characters; split it into several notes`,
  )
  .refine(hasNoNul, NO_NUL_MESSAGE);
export const tagSchema = z.string().min(1).max(NOTE_LIMITS.tagMaxLength).refine(hasNoNul, NO_NUL_MESSAGE);
export const folderSchema = z
  .string()
  .max(NOTE_LIMITS.folderMaxLength)
  .refine((f) => !f.split('/').some((part) => part === '..'), 'Folder paths may not contain ".."')
  .refine(hasNoNul, NO_NUL_MESSAGE);

export const noteSchema = z.object({
  id: noteIdSchema,
  title: noteTitleSchema,
  /** The whole Markdown text as the user wrote it, frontmatter included. */
  body: noteBodySchema,
  /** Derived from the frontmatter `tags` on every save; kept as a field so it can be listed cheaply. */
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
});
export type Note = z.infer<typeof noteSchema>;

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

export function toNoteSummary(note: NoteSummary): NoteSummary {
  const { id, title, tags, folder, updatedAt, trashedAt, needsReview } = note;
  return { id, title, tags, folder, updatedAt, trashedAt, needsReview };
}

export const NOTE_SCHEMA_VERSION = 1;

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
  // The server cannot store U+0000, so the few notes that hold one lose it here, once.
  1: (oldDoc) => {
    const doc: Record<string, unknown> = { ...oldDoc, needsReview: false };
    for (const field of ['title', 'body', 'folder']) doc[field] = stripNul(doc[field]);
    if (Array.isArray(doc.tags)) doc.tags = doc.tags.map(stripNul).filter((tag) => tag !== '');
    return doc;
  },
};
