import type { RxDocument } from 'rxdb';
import type { Note } from '../../src-shared/schema/note';
import {
  folderAncestry,
  isInFolder,
  REMEMBERED_FOLDERS_MAX,
  type DeleteFolderResult,
  type FolderNode,
  type FolderSettings,
} from '../../src-shared/api/folders-api';
import type { QuireDatabase } from '../db/database';
import type { Clock } from '../clock';
import { QuireError } from '../errors';
import type { SettingsSection } from '../settings/settings-section';
import { createFolderCatalog } from './folder-catalog';
import { followNotes } from './note-feed';

/** One bulk write holds at most this many notes (RxDB's incremental write queue batches them). */
const WRITE_BATCH = 500;

export interface FoldersService {
  /** Every folder with its counts, parents before children. */
  tree(): Promise<FolderNode[]>;
  /** Remembers an empty folder; FOLDER_EXISTS when there is one at that path. */
  create(path: string): Promise<FolderNode[]>;
  /** Moves every live note in the folder and below to the trash and forgets the folder. */
  delete(path: string): Promise<DeleteFolderResult>;
  /**
   * Carries what this device remembers about a folder (empty subfolders, collapsed state) to its
   * new path after the notes moved (the rename refactor moves those).
   */
  moved(from: string, to: string): Promise<FolderNode[]>;
  settings(): FolderSettings;
  setSettings(patch: { [K in keyof FolderSettings]?: FolderSettings[K] | undefined }): FolderSettings;
  close(): Promise<void>;
}

export function createFoldersService(deps: {
  db: QuireDatabase;
  clock: Clock;
  settings: SettingsSection<FolderSettings>;
  emptyFolders: SettingsSection<{ paths: string[] }>;
}): FoldersService {
  const { db, clock, settings, emptyFolders } = deps;
  const catalog = createFolderCatalog();
  const feed = followNotes(db, (doc) => catalog.apply(doc));

  /** The remembered empty folders, less those that hold a note now (they need no record). */
  const empties = (): string[] => {
    const stored = emptyFolders.get().paths;
    const still = stored.filter((path) => !catalog.holdsNotes(path));
    if (still.length !== stored.length) emptyFolders.set({ paths: still });
    return still;
  };

  const tree = async (): Promise<FolderNode[]> => {
    await feed.inStep();
    return catalog.tree(empties());
  };

  const exists = (nodes: readonly FolderNode[], path: string): boolean =>
    nodes.some((node) => node.path === path);

  // RxDB writes even when a modifier changes nothing: only notes still there are written.
  const inFolder =
    (path: string) =>
    (doc: RxDocument<Note>): boolean =>
      doc.trashedAt === 0 && isInFolder(doc.folder, path);

  /** Paths under `from` re-rooted at `to`; others kept. */
  const rebase = (paths: readonly string[], from: string, to: string): string[] =>
    paths.map((path) => (isInFolder(path, from) ? `${to}${path.slice(from.length)}` : path));

  return {
    tree,
    async create(path) {
      const nodes = await tree();
      if (exists(nodes, path)) throw new QuireError('FOLDER_EXISTS');
      const paths = empties();
      if (paths.length >= REMEMBERED_FOLDERS_MAX) throw new QuireError('INVALID_INPUT');
      // Only the deepest needs a record: its parents show as its ancestors.
      const kept = paths.filter((other) => !folderAncestry(path).includes(other));
      emptyFolders.set({ paths: [...kept, path] });
      return tree();
    },
    async delete(path) {
      const nodes = await tree();
      if (!exists(nodes, path)) throw new QuireError('FOLDER_NOT_FOUND');
      const ids = catalog.idsIn(path, true);
      let trashed = 0;
      for (let start = 0; start < ids.length; start += WRITE_BATCH) {
        const docs = await db.notes.findByIds(ids.slice(start, start + WRITE_BATCH)).exec();
        const at = Math.max(clock.now(), 1);
        // Concurrent incremental writes go out as one bulk write; each re-reads its note, so a
        // note moved out of the folder or trashed meanwhile is left alone. The folder is kept:
        // restoring the note puts it back where it was.
        const written = await Promise.all(
          [...docs.values()].filter(inFolder(path)).map((doc: RxDocument<Note>) => {
            let changed = false;
            return doc
              .incrementalModify((note) => {
                changed = note.trashedAt === 0 && isInFolder(note.folder, path);
                return changed ? { ...note, trashedAt: at } : note;
              })
              .then(() => changed);
          }),
        );
        trashed += written.filter(Boolean).length;
      }
      emptyFolders.set({ paths: empties().filter((other) => !isInFolder(other, path)) });
      const { collapsed } = settings.get();
      settings.set({ collapsed: collapsed.filter((other) => !isInFolder(other, path)) });
      return { trashed };
    },
    async moved(from, to) {
      emptyFolders.set({ paths: rebase(emptyFolders.get().paths, from, to) });
      settings.set({ collapsed: rebase(settings.get().collapsed, from, to) });
      return tree();
    },
    settings: () => settings.get(),
    setSettings: (patch) => settings.set(patch),
    close: () => feed.close(),
  };
}
