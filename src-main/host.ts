import fs from 'node:fs';
import path from 'node:path';
import type { RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import pino, { type Logger } from 'pino';
import { appRouter, type AppRouter } from './app-router';
import type { TrpcContext } from './trpc';
import { openQuireDatabase, type QuireDatabase } from './db/database';
import { getRxStorageSqlite } from './db/sqlite-storage';
import { createNotesService, type NotesService } from './notes/notes-service';
import { createSqliteSearchIndex, type SearchIndex } from './search/search-index';
import { createConfSettingsStore, type SettingsStore } from './settings/settings-store';
import { createPreferencesService, type PreferencesService } from './settings/preferences-service';
import { createMemorySecretStore, type SecretStore } from './secrets/secret-store';
import { acquireDataDirLock } from './vault/data-dir-lock';
import { createTemplatesService } from './templates/templates-service';
import { createSyncService, type SyncService, type SyncTransportOptions } from './sync/sync-service';
import { createSyncServerConnector, type SyncServerConnector } from './sync/server-connection';
import { ignoreSyncStats, type SyncStatsSink } from './sync/sync-stats';
import { createLocalBlobStore } from './attachments/local-blob-store';
import { createAttachmentsService, type AttachmentsService } from './attachments/attachments-service';
import { createAttachmentSettings } from './attachments/attachment-settings';
import { createVaultIoService, type VaultIoService } from './vault-io/vault-io-service';
import {
  createPropertyCatalogService,
  type PropertyCatalogService,
} from './properties/property-catalog-service';
import { createLinkSuggestService, type LinkSuggestService } from './links/link-suggest-service';
import { createLinkIndexService, type LinkIndexService } from './link-index/link-index-service';
import { createDailyNotesService } from './daily-notes/daily-notes-service';
import { createRecentService } from './recent/recent-service';
import { createDailyNoteSettings } from './daily-notes/daily-note-settings';
import { createSnapshotsService, type SnapshotsService } from './snapshots/snapshots-service';
import { createSnapshotStore } from './snapshots/snapshot-store';
import { makePrivateDir } from './vault/private-files';
import { createSidebarServices, type SidebarServices } from './folders/sidebar-services';
import { createRefactorService } from './refactor/refactor-service';
import { fileURLToPath } from 'node:url';
import {
  randomId,
  systemClock,
  systemScheduler,
  type Clock,
  type IdGenerator,
  type Scheduler,
} from './clock';
import type { AppInfo } from '../src-shared/api/settings-api';
import type { FolderPicker } from './app/folder-picker';
import { createShellCommands, type ShellCommands } from './app/shell-commands';

export { DataDirLockedError } from './vault/data-dir-lock';

export interface HostOptions {
  dataDir: string;
  runtime: AppInfo['runtime'];
  appVersion?: string;
  settings?: SettingsStore;
  secrets?: SecretStore;
  clock?: Clock;
  /** The services' timers (e.g. the search index's debounce); tests pass a fake to drive them. */
  scheduler?: Scheduler;
  newId?: IdGenerator;
  logger?: Logger;
  /** Built-in templates; defaults to the repository's resources/templates. */
  templatesDir?: string;
  /** 'sqlite' is the product; 'memory' keeps nothing and exists for fast tests. */
  storage?: 'sqlite' | 'memory';
  /** How this device names itself to the sync server (shown in the account's device list). */
  deviceName?: string;
  /** Sync's backoff, retry wait and batch sizes (tests shorten the waits). */
  sync?: SyncTransportOptions;
  /** The wire to sync servers; by default this build's protocol version over `ws`. */
  syncServer?: SyncServerConnector;
  /** Where sync counts what it moves (tests and benchmarks read it); nowhere by default. */
  syncStats?: SyncStatsSink;
  /** The OS folder dialog the shell provides (Electron); none in web mode, the CLI and tests. */
  folderPicker?: FolderPicker;
}

export interface Host {
  dataDir: string;
  router: AppRouter;
  createContext(): TrpcContext;
  /** The vault's database, for tools and tests that read below the services (tombstones, meta). */
  db: QuireDatabase;
  services: {
    notes: NotesService;
    preferences: PreferencesService;
    secrets: SecretStore;
    sync: SyncService;
    attachments: AttachmentsService;
    vault: VaultIoService;
    /** Local version history; its `recorder` takes a snapshot before a service rewrites a note. */
    snapshots: SnapshotsService;
    /** The vault's links (backlinks, referrers for a rename, block link counts). */
    linkIndex: LinkIndexService;
  };
  /** The shell's menu items, for the window to act on (`app.shellCommands`). */
  shellCommands: ShellCommands;
  logger: Logger;
  /** Waits for derived stores (search) to catch up; the database itself is written synchronously. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Composes the services of one vault. Runs in plain Node (CLI, web mode, tests, benchmarks);
 * the Electron shell is a thin layer around it.
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const dataDir = path.resolve(options.dataDir);
  const lock = acquireDataDirLock(dataDir);
  const logger =
    options.logger ?? pino({ level: process.env.QUIRE_LOG_LEVEL ?? 'info' }, pino.destination(2));
  let db: QuireDatabase | null = null;
  let searchIndex: SearchIndex | null = null;
  let notes: NotesService | null = null;
  let sync: SyncService | null = null;
  let attachments: AttachmentsService | null = null;
  let vault: VaultIoService | null = null;
  let properties: PropertyCatalogService | null = null;
  let links: LinkSuggestService | null = null;
  let linkIndex: LinkIndexService | null = null;
  let snapshots: SnapshotsService | null = null;
  let sidebar: SidebarServices | null = null;
  const clock = options.clock ?? systemClock;
  const scheduler = options.scheduler ?? systemScheduler;
  const defaultDeviceName = options.deviceName ?? `Quire (${options.runtime})`;
  try {
    const dbDir = path.join(dataDir, 'db');
    makePrivateDir(dbDir);
    const storage: RxStorage<unknown, unknown> =
      options.storage === 'memory' ? getRxStorageMemory() : getRxStorageSqlite({ directory: dbDir });
    // RxDB keys in-memory state by name: make it unique per data directory.
    db = await openQuireDatabase({
      name: options.storage === 'memory' ? `quire-${dataDir}` : 'quire',
      storage,
      // Names this device in the sync conflict markers it writes (M10).
      deviceName: () => sync?.status().account?.deviceName ?? defaultDeviceName,
      onSyncMerge: (merge) => {
        // Local history keeps this device's version from before the merge (src-main/snapshots).
        snapshots?.recorder.capture(merge.before, 'merge');
        notes?.recordSyncMerge(merge);
      },
      // B10: this device's bytes lost a push conflict; they stay, as an attachment of their own.
      keepAttachmentAside: (ours) => {
        const { path: at, hash, size, mediaType, createdAt, updatedAt } = ours;
        attachments
          ?.putRecords([{ path: at, hash, size, mediaType, createdAt, updatedAt }])
          .catch((error: unknown) => logger.warn({ err: error }, 'keeping a conflicting attachment failed'));
      },
    });
    searchIndex = createSqliteSearchIndex({
      file: options.storage === 'memory' ? ':memory:' : path.join(dbDir, 'search.sqlite'),
    });
    notes = createNotesService({
      db,
      clock,
      scheduler,
      newId: options.newId ?? randomId,
      searchIndex,
      // The name the sync server knows this device by, once signed in (M10).
      deviceName: () => sync?.status().account?.deviceName ?? defaultDeviceName,
    });
    const settings = options.settings ?? createConfSettingsStore({ cwd: dataDir });
    // Not derived like the search index: its texts exist nowhere else, so it is never rebuilt.
    snapshots = createSnapshotsService({
      db,
      notes,
      store: createSnapshotStore({
        file: options.storage === 'memory' ? ':memory:' : path.join(dbDir, 'snapshots.sqlite'),
      }),
      settings,
      clock,
      scheduler,
      logger,
      restoreRevision: (id, revisionId, base) => {
        if (!sync) throw new Error('sync is not running');
        return sync.restoreRevision(id, revisionId, base);
      },
    });
    attachments = createAttachmentsService({
      db,
      clock,
      scheduler,
      newId: options.newId ?? randomId,
      blobs: createLocalBlobStore({ dir: path.join(dataDir, 'attachments') }),
      settings: createAttachmentSettings({ settings }),
    });
    vault = createVaultIoService({
      notes,
      attachments,
      db,
      clock,
      scheduler,
      newId: options.newId ?? randomId,
      logger,
      dataDir,
    });
    // Follows the notes collection's change feed; built on the first `links.*` call.
    links = createLinkSuggestService({ db });
    // Backlinks, mentions, broken links, the graph: `links.sqlite` beside the search index.
    const phraseIndex = searchIndex;
    const notesForLinks = notes;
    linkIndex = createLinkIndexService({
      collection: db.notes,
      file: options.storage === 'memory' ? ':memory:' : path.join(dbDir, 'links.sqlite'),
      scheduler,
      notes,
      mentionCandidates: async (phrase, limit) => {
        await notesForLinks.whenIndexed();
        return phraseIndex.matchPhrase(phrase, limit);
      },
    });
    // Built on the first `properties.*` call, then kept in step with the notes' change feed.
    properties = createPropertyCatalogService({ db, settings });
    // Folder tree, tags and bookmarks; their catalogs follow the notes' change feed.
    sidebar = createSidebarServices({ db, clock, settings });
    // Renames and moves as one undoable operation; a snapshot of every note it rewrites, the
    // notes to rewrite from the link index.
    const referrerIndex = linkIndex;
    const refactor = createRefactorService({
      db,
      notes,
      clock,
      snapshots: snapshots.recorder,
      findReferrers: (ids) => referrerIndex.referrers(ids),
      // The link index's names and resolver, already in memory: no second catalog of 50,000 notes.
      noteNames: () => referrerIndex.names(),
    });
    const preferences = createPreferencesService({ settings });
    const secrets = options.secrets ?? createMemorySecretStore();
    const appInfo: AppInfo = { version: options.appVersion ?? '0.1.0', dataDir, runtime: options.runtime };
    const templates = createTemplatesService({ templatesDir: options.templatesDir ?? defaultTemplatesDir() });
    const dailyNotes = createDailyNotesService({
      db,
      notes,
      templates,
      settings: createDailyNoteSettings({ settings }),
      clock,
    });
    sync = createSyncService({
      db,
      notes,
      secrets,
      settings,
      server: options.syncServer ?? createSyncServerConnector({ clientVersion: appInfo.version }),
      clock,
      scheduler,
      logger,
      stats: options.syncStats ?? ignoreSyncStats,
      deviceName: defaultDeviceName,
      ...(options.sync ? { transport: options.sync } : {}),
      // Attachment records and bytes sync beside the notes (docs/sync-protocol.md B7–B10).
      attachments,
    });
    // Reads the stored account and token only; connecting happens in the background.
    await sync.resume();
    const shellCommands = createShellCommands();
    const context: TrpcContext = {
      notes,
      preferences,
      templates,
      sync,
      attachments,
      vault,
      properties,
      links,
      linkIndex,
      dailyNotes,
      snapshots,
      folders: sidebar.folders,
      tags: sidebar.tags,
      bookmarks: sidebar.bookmarks,
      recent: createRecentService({ settings, db }),
      refactor,
      clock,
      appInfo,
      folderPicker: options.folderPicker ?? null,
      shellCommands,
    };
    const openDb = db;
    const openIndex = searchIndex;
    const openNotes = notes;
    const openSync = sync;
    const openAttachments = attachments;
    const openVault = vault;
    const openProperties = properties;
    const openLinks = links;
    const openLinkIndex = linkIndex;
    const openSnapshots = snapshots;
    const openSidebar = sidebar;
    let closed: Promise<void> | null = null;

    return {
      dataDir,
      router: appRouter,
      createContext: () => context,
      db: openDb,
      services: { notes, preferences, secrets, sync, attachments, vault, snapshots, linkIndex },
      shellCommands,
      logger,
      flush: async () => {
        await Promise.all([openNotes.whenIndexed(), openLinkIndex.ready()]);
      },
      close() {
        closed ??= (async () => {
          try {
            // Imports and replication write into the database: stop them before anything below closes.
            shellCommands.close();
            await openVault.close();
            await openSync.close();
            await openAttachments.close();
            await openProperties.close();
            await refactor.close();
            await openLinks.close();
            await openLinkIndex.close();
            openSnapshots.close();
            await openSidebar.close();
            await openNotes.close();
            openIndex.close();
            await openDb.close();
          } finally {
            lock.release();
          }
        })();
        return closed;
      },
    };
  } catch (error) {
    await vault?.close().catch(() => undefined);
    await sync?.close().catch(() => undefined);
    await attachments?.close().catch(() => undefined);
    await properties?.close().catch(() => undefined);
    await links?.close().catch(() => undefined);
    await linkIndex?.close().catch(() => undefined);
    snapshots?.close();
    await sidebar?.close().catch(() => undefined);
    // The indexer reads the database: stop it before the database closes under it.
    await notes?.close().catch(() => undefined);
    searchIndex?.close();
    await db?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
}

/** `src-main/host.ts` (tsx) sits one level below the repo root, `out/main/index.js` (bundle) two. */
function defaultTemplatesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = ['..', '../..'].map((up) => path.resolve(here, up, 'resources/templates'));
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0]!;
}
