import { vi } from 'vitest';
import type {
  Bookmark,
  BookmarkView,
  FolderNode,
  FolderSettings,
  Note,
  QuireApi,
} from '../../../src-renderer/src/api/quire-api';
import { DEFAULT_FOLDER_SETTINGS, isInFolder } from '../../../src-shared/api/folders-api';
import type { FailureReason } from '../../../src-shared/errors/reasons';
import { createFolderCatalog } from '../../../src-main/folders/folder-catalog';
import { createTagCatalog } from '../../../src-main/tags/tag-catalog';

export interface FakeFolders {
  api: Pick<QuireApi, 'folders' | 'tags' | 'bookmarks'>;
  /** This device's folder settings, as the host keeps them. */
  settings: FolderSettings;
  /** Empty folders made with `folders.create`. */
  empty: string[];
  bookmarks: Bookmark[];
  create: ReturnType<typeof vi.fn<(input: { path: string }) => Promise<FolderNode[]>>>;
  remove: ReturnType<typeof vi.fn<(input: { path: string }) => Promise<{ trashed: number }>>>;
  moved: ReturnType<typeof vi.fn<(input: { from: string; to: string }) => Promise<FolderNode[]>>>;
  setSettings: ReturnType<typeof vi.fn<(input: Partial<FolderSettings>) => Promise<FolderSettings>>>;
}

/**
 * `folders.*`, `tags.*` and `bookmarks.*` over the fake host's notes, counted by the host's own
 * catalogs (src-main/folders/folder-catalog.ts, src-main/tags/tag-catalog.ts).
 */
export function createFakeFolders(deps: {
  notes: Map<string, Note>;
  emitChange: (ids: string[]) => void;
  refuse: (reason: FailureReason) => Error;
}): FakeFolders {
  const { notes, emitChange, refuse } = deps;
  const state = {
    settings: { ...DEFAULT_FOLDER_SETTINGS },
    empty: [] as string[],
    bookmarks: [] as Bookmark[],
  };
  const tree = (): FolderNode[] => {
    const catalog = createFolderCatalog();
    for (const note of notes.values()) catalog.apply({ ...note, _deleted: false });
    state.empty = state.empty.filter((path) => !catalog.holdsNotes(path));
    return catalog.tree(state.empty);
  };
  const create = vi.fn(({ path }: { path: string }) => {
    if (tree().some((node) => node.path === path)) return Promise.reject(refuse('FOLDER_EXISTS'));
    state.empty.push(path);
    return Promise.resolve(tree());
  });
  const remove = vi.fn(({ path }: { path: string }) => {
    if (!tree().some((node) => node.path === path)) return Promise.reject(refuse('FOLDER_NOT_FOUND'));
    const ids: string[] = [];
    for (const note of notes.values()) {
      if (note.trashedAt !== 0 || !isInFolder(note.folder, path)) continue;
      notes.set(note.id, { ...note, trashedAt: 5_000 });
      ids.push(note.id);
    }
    state.empty = state.empty.filter((other) => !isInFolder(other, path));
    if (ids.length > 0) emitChange(ids);
    return Promise.resolve({ trashed: ids.length });
  });
  const rebase = (paths: string[], from: string, to: string): string[] =>
    paths.map((p) => (isInFolder(p, from) ? `${to}${p.slice(from.length)}` : p));
  const moved = vi.fn(({ from, to }: { from: string; to: string }) => {
    state.empty = rebase(state.empty, from, to);
    state.settings = { ...state.settings, collapsed: rebase(state.settings.collapsed, from, to) };
    return Promise.resolve(tree());
  });
  const setSettings = vi.fn((patch: Partial<FolderSettings>) => {
    state.settings = { ...state.settings, ...patch };
    return Promise.resolve({ ...state.settings });
  });
  const views = (): BookmarkView[] =>
    state.bookmarks.map((item): BookmarkView => {
      if (item.kind === 'search') return item;
      const note = notes.get(item.id);
      if (!note) return { kind: 'note', id: item.id, title: '', state: 'missing' };
      return { kind: 'note', id: item.id, title: note.title, state: note.trashedAt > 0 ? 'trashed' : 'live' };
    });
  const fake: FakeFolders = {
    get settings() {
      return state.settings;
    },
    set settings(value) {
      state.settings = value;
    },
    get empty() {
      return state.empty;
    },
    set empty(value) {
      state.empty = value;
    },
    get bookmarks() {
      return state.bookmarks;
    },
    set bookmarks(value) {
      state.bookmarks = value;
    },
    create,
    remove,
    moved,
    setSettings,
    api: {
      folders: {
        tree: { query: () => Promise.resolve(tree()) },
        create: { mutate: create },
        delete: { mutate: remove },
        moved: { mutate: moved },
        settings: { query: () => Promise.resolve({ ...state.settings }) },
        setSettings: { mutate: setSettings },
      },
      tags: {
        tree: {
          query: () => {
            const catalog = createTagCatalog();
            for (const note of notes.values()) catalog.apply({ ...note, _deleted: false });
            return Promise.resolve(catalog.tree());
          },
        },
      },
      bookmarks: {
        list: { query: () => Promise.resolve(views()) },
        set: {
          mutate: ({ items }) => {
            state.bookmarks = [...items];
            return Promise.resolve(views());
          },
        },
      },
    },
  };
  return fake;
}
