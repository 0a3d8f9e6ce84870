import { z } from 'zod';
import { NOTE_LIMITS, noteIdSchema } from '../schema/note';

/** At most this many suggestions per call: a completion list longer than this is not read. */
export const LINK_SUGGEST_MAX = 50;
/** A note's headings beyond this are not offered (a generated note can have thousands). */
export const LINK_HEADINGS_MAX = 500;

/** What the user typed after `[[`: a title, an alias or `folder/title`. */
const linkQuery = z.string().max(NOTE_LIMITS.folderMaxLength + NOTE_LIMITS.titleMaxLength + 1);

export const linkSuggestInput = z.object({
  query: linkQuery,
  limit: z.number().int().min(1).max(LINK_SUGGEST_MAX).default(20),
});
export type LinkSuggestInput = z.input<typeof linkSuggestInput>;

export const linkResolveInput = z.object({ target: linkQuery });
export const linkHeadingsInput = z.object({ id: noteIdSchema });

/** Which of a note's names the query matched. */
export type LinkMatchField = 'title' | 'alias' | 'path';

export interface LinkSuggestion {
  id: string;
  title: string;
  folder: string;
  /** The alias the query matched, when it matched one. */
  alias?: string;
  /** What to write between `[[` and `]]`: the title, or `folder/title` when another note has the title. */
  target: string;
  matched: LinkMatchField;
  /** [from, to) ranges of the matched name (title, alias or `folder/title`) that the query matched. */
  ranges: [number, number][];
}

export interface NoteHeading {
  level: number;
  text: string;
}
