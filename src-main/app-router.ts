import { router } from './trpc';
import { appInfoRouter } from './app/app-info-router';
import { notesRouter } from './notes/notes-router';
import { settingsRouter } from './settings/settings-router';
import { templatesRouter } from './templates/templates-router';
import { syncRouter } from './sync/sync-router';
import { attachmentsRouter } from './attachments/attachments-router';
import { vaultRouter } from './vault-io/vault-router';
import { propertiesRouter } from './properties/properties-router';
import { linksRouter } from './links/links-router';
import { linkIndexRouter } from './link-index/link-index-router';
import { dailyNotesRouter } from './daily-notes/daily-notes-router';
import { snapshotsRouter } from './snapshots/snapshots-router';
import { foldersRouter } from './folders/folders-router';
import { bookmarksRouter } from './folders/bookmarks-router';
import { tagsRouter } from './tags/tags-router';
import { recentRouter } from './recent/recent-router';
import { refactorRouter } from './refactor/refactor-router';

/**
 * The one API of the main process. Served over Electron IPC (src-main/ipc) and over WebSocket
 * (src-main/web); the renderer imports only `type AppRouter`.
 */
export const appRouter = router({
  app: appInfoRouter,
  notes: notesRouter,
  settings: settingsRouter,
  templates: templatesRouter,
  sync: syncRouter,
  attachments: attachmentsRouter,
  vault: vaultRouter,
  properties: propertiesRouter,
  links: linksRouter,
  linkIndex: linkIndexRouter,
  dailyNotes: dailyNotesRouter,
  snapshots: snapshotsRouter,
  folders: foldersRouter,
  tags: tagsRouter,
  bookmarks: bookmarksRouter,
  recent: recentRouter,
  refactor: refactorRouter,
});

export type AppRouter = typeof appRouter;
