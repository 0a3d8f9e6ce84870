import type { QuireDatabase } from '../db/database';
import type { Clock } from '../clock';
import type { SettingsStore } from '../settings/settings-store';
import { createTagsService, type TagsService } from '../tags/tags-service';
import { createBookmarksService, type BookmarksService } from './bookmarks-service';
import { createEmptyFolders, createFolderSettings } from './folder-settings';
import { createFoldersService, type FoldersService } from './folders-service';

/** The sidebar's services (folders, tags, bookmarks), composed once per host. */
export interface SidebarServices {
  folders: FoldersService;
  tags: TagsService;
  bookmarks: BookmarksService;
  close(): Promise<void>;
}

export function createSidebarServices(deps: {
  db: QuireDatabase;
  clock: Clock;
  settings: SettingsStore;
}): SidebarServices {
  const { db, clock, settings } = deps;
  const folders = createFoldersService({
    db,
    clock,
    settings: createFolderSettings({ settings }),
    emptyFolders: createEmptyFolders({ settings }),
  });
  const tags = createTagsService({ db });
  const bookmarks = createBookmarksService({ db, settings });
  return {
    folders,
    tags,
    bookmarks,
    async close() {
      await folders.close();
      await tags.close();
    },
  };
}
