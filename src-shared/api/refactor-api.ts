import { z } from 'zod';
import { folderSchema, NOTE_LIMITS, noteIdSchema, noteTitleSchema, repairText } from '../schema/note';
import { isValidTagName } from '../markdown/tag-rename';

/**
 * `refactor.*`: vault-wide changes made as one operation (rename or move a note or a folder,
 * rename a tag or a heading), each rewriting every link or tag it touches as ordinary edits with
 * their bases, and undone as one (docs/sync-protocol.md E10).
 */

/** A heading's text as links name it (`[[Note#Heading]]`). */
const HEADING_MAX = 500;

const titleInput = z
  .string()
  .transform(repairText)
  .pipe(noteTitleSchema.pipe(z.string().min(1)));

/** A folder path as the notes store it: no empty, `.` or padded parts, no leading or trailing `/`. */
function normalizeFolderPath(folder: string): string {
  return folder
    .split('/')
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && part !== '.')
    .join('/');
}
const folderInput = z.string().transform(repairText).pipe(folderSchema).transform(normalizeFolderPath);

const tagInput = z
  .string()
  .max(NOTE_LIMITS.tagMaxLength + 2)
  .transform((tag) => repairText(tag).trim().replace(/^#+/, '').replace(/\/+$/, ''))
  .refine(isValidTagName, 'A tag is letters, digits, “_”, “-” and “/”, with at least one non-digit');

/** Rename a note (`title`), move it (`folder`, '' is the vault's root), or both. */
export const renameNoteInput = z
  .object({ id: noteIdSchema, title: titleInput.optional(), folder: folderInput.optional() })
  .refine((input) => input.title !== undefined || input.folder !== undefined, 'Give a new title or folder');
export type RenameNoteInput = z.input<typeof renameNoteInput>;

/**
 * Renames or moves a folder: every note whose folder is `from` or inside it moves to `to` with
 * the rest of its path kept (`a/b` → `c`: `a/b/x` becomes `c/x`). `to` is the folder's whole new
 * path, never the root itself, and never inside `from`.
 */
export const moveFolderInput = z
  .object({ from: folderInput.pipe(z.string().min(1)), to: folderInput.pipe(z.string().min(1)) })
  .refine((input) => input.to !== input.from && !input.to.startsWith(`${input.from}/`), {
    message: 'A folder cannot move into itself',
    path: ['to'],
  });
export type MoveFolderInput = z.input<typeof moveFolderInput>;

/** Renames a tag and the tags nested under it (`#a/b` → `#c/b`), any case, in every note. */
export const renameTagInput = z
  .object({ from: tagInput, to: tagInput })
  .refine((input) => input.from !== input.to, { message: 'Give another name', path: ['to'] });
export type RenameTagInput = z.input<typeof renameTagInput>;

const headingInput = z.string().max(HEADING_MAX).transform(repairText).pipe(z.string().trim().min(1));

/** Rewrites the links to one heading of a note; the heading's own line is the editor's. */
export const renameHeadingInput = z.object({ id: noteIdSchema, from: headingInput, to: headingInput });
export type RenameHeadingInput = z.input<typeof renameHeadingInput>;

export const headingLinkCountInput = z.object({ id: noteIdSchema, heading: headingInput });
export const linkCountInput = z.object({ id: noteIdSchema });
export interface LinkCount {
  /** Links to the note (or to `[[Note#heading]]`, by any of the note's names), in `notes` notes. */
  links: number;
  notes: number;
}

export const undoInput = z.object({ operationId: z.string().min(1).max(64) });

export type RefactorKind = 'rename-note' | 'move-folder' | 'rename-tag' | 'rename-heading' | 'undo';

export interface RefactorResult {
  operationId: string;
  kind: RefactorKind;
  /** Notes whose text, title or folder this operation changed. */
  notesChanged: number;
  /** Links (or tag occurrences, for a tag) rewritten in the notes' text. */
  linksRewritten: number;
  /** Notes whose text had a link (or tag) rewritten. */
  linkedNotes: number;
  /** Notes a rewrite met text it could not change exactly (kept as they were). */
  skipped: number;
}

/** The last operation that can still be undone, for "Undo last rename". */
export interface UndoableOperation {
  operationId: string;
  kind: Exclude<RefactorKind, 'undo'>;
  /** What it did, for the command's label: "Rename “A” to “B”". */
  label: string;
  at: number;
}
