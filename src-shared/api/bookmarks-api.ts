import { z } from 'zod';
import { noteIdSchema, repairText } from '../schema/note';
import { SEARCH_QUERY_MAX } from './notes-api';

/** `bookmarks.*`: notes and searches pinned above the folder tree, in the user's order. */

export const BOOKMARKS_MAX = 200;

export const bookmarkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), id: noteIdSchema }),
  z.object({
    kind: z.literal('search'),
    query: z.string().transform(repairText).pipe(z.string().trim().min(1).max(SEARCH_QUERY_MAX)),
  }),
]);
export type Bookmark = z.infer<typeof bookmarkSchema>;

/** A bookmark as the sidebar shows it: a note's title and whether it is still there. */
export type BookmarkView =
  | { kind: 'note'; id: string; title: string; state: 'live' | 'trashed' | 'missing' }
  | { kind: 'search'; query: string };

export const setBookmarksInput = z.object({ items: z.array(bookmarkSchema).max(BOOKMARKS_MAX) });

/** The same bookmark (a note by id, a search by its text). */
export function sameBookmark(a: Bookmark, b: Bookmark): boolean {
  if (a.kind === 'note') return b.kind === 'note' && a.id === b.id;
  return b.kind === 'search' && a.query === b.query;
}
