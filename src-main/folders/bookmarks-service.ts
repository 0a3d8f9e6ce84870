import type { RxDocument } from 'rxdb';
import { z } from 'zod';
import type { Note } from '../../src-shared/schema/note';
import {
  BOOKMARKS_MAX,
  bookmarkSchema,
  type Bookmark,
  type BookmarkView,
} from '../../src-shared/api/bookmarks-api';
import type { QuireDatabase } from '../db/database';
import type { SettingsStore } from '../settings/settings-store';
import { createSettingsSection } from '../settings/settings-section';
import { titleOrUntitled } from '../../src-shared/note-title';

export interface BookmarksService {
  /** In the user's order, each note bookmark with its title and whether it is still live. */
  list(): Promise<BookmarkView[]>;
  /** Replaces the whole list (add, remove and reorder are one write each). */
  set(items: readonly Bookmark[]): Promise<BookmarkView[]>;
}

/** Pinned notes and searches, kept in this device's settings (`bookmarks`). */
export function createBookmarksService(deps: {
  db: QuireDatabase;
  settings: SettingsStore;
}): BookmarksService {
  const section = createSettingsSection({
    settings: deps.settings,
    key: 'bookmarks',
    schema: z.object({ items: z.array(bookmarkSchema).max(BOOKMARKS_MAX) }),
    defaults: { items: [] },
  });
  const list = async (): Promise<BookmarkView[]> => {
    const { items } = section.get();
    const ids = items.flatMap((item) => (item.kind === 'note' ? [item.id] : []));
    const docs =
      ids.length > 0 ? await deps.db.notes.findByIds(ids).exec() : new Map<string, RxDocument<Note>>();
    return items.map((item): BookmarkView => {
      if (item.kind === 'search') return item;
      const doc = docs.get(item.id);
      if (!doc) return { kind: 'note', id: item.id, title: '', state: 'missing' };
      return {
        kind: 'note',
        id: item.id,
        title: titleOrUntitled(doc.title),
        state: doc.trashedAt > 0 ? 'trashed' : 'live',
      };
    });
  };
  return {
    list,
    async set(items) {
      section.set({ items: [...items] });
      return list();
    },
  };
}
