import {
  FOLDER_TREE_MAX,
  folderAncestry,
  folderName,
  isInFolder,
  parentFolder,
  type FolderNode,
} from '../../src-shared/api/folders-api';
import type { StoredNote } from './note-feed';

interface FolderStats {
  /** Live notes directly in the folder. */
  count: number;
  /** The latest `updatedAt` among them; recomputed when a note holding it leaves. */
  latest: number;
  stale: boolean;
}

/** Which folder each live note is in, and per folder how many and how recently changed. */
export interface FolderCatalog {
  apply(doc: StoredNote): void;
  /** Every folder holding a note (at any depth) and the given empty ones, parents before children. */
  tree(empty: readonly string[]): FolderNode[];
  /** The folder, or one below it, holds a live note. */
  holdsNotes(path: string): boolean;
  /** Live notes in the folder (and below it, with `below`). */
  idsIn(path: string, below: boolean): string[];
}

/**
 * Kept in step note by note from the change feed (src-main/folders/note-feed.ts): a change
 * moves one count, so a tree answer costs one pass over the folders, not over the notes.
 */
export function createFolderCatalog(): FolderCatalog {
  const perNote = new Map<string, { folder: string; updatedAt: number }>();
  const stats = new Map<string, FolderStats>();
  let cached: { tree: FolderNode[]; empty: string } | null = null;

  const remove = (id: string): void => {
    const previous = perNote.get(id);
    if (!previous) return;
    perNote.delete(id);
    const folder = stats.get(previous.folder);
    if (!folder) return;
    folder.count -= 1;
    if (folder.count === 0) stats.delete(previous.folder);
    else if (previous.updatedAt >= folder.latest) folder.stale = true;
  };

  const add = (id: string, folder: string, updatedAt: number): void => {
    perNote.set(id, { folder, updatedAt });
    const current = stats.get(folder);
    if (current) {
      current.count += 1;
      current.latest = Math.max(current.latest, updatedAt);
    } else stats.set(folder, { count: 1, latest: updatedAt, stale: false });
  };

  const refreshStale = (): void => {
    const stale = [...stats].filter(([, s]) => s.stale);
    if (stale.length === 0) return;
    for (const [, s] of stale) s.latest = 0;
    for (const { folder, updatedAt } of perNote.values()) {
      const s = stats.get(folder);
      if (s?.stale && updatedAt > s.latest) s.latest = updatedAt;
    }
    for (const [, s] of stale) s.stale = false;
  };

  const build = (empty: readonly string[]): FolderNode[] => {
    refreshStale();
    const nodes = new Map<string, FolderNode>();
    const node = (path: string, isEmpty: boolean): FolderNode => {
      let found = nodes.get(path);
      if (!found) {
        found = {
          path,
          name: folderName(path),
          parent: parentFolder(path),
          noteCount: 0,
          totalCount: 0,
          updatedAt: 0,
          empty: isEmpty,
        };
        nodes.set(path, found);
      }
      return found;
    };
    for (const [folder, s] of stats) {
      if (folder === '') continue;
      node(folder, false).noteCount = s.count;
      for (const ancestor of folderAncestry(folder)) {
        const at = node(ancestor, false);
        at.totalCount += s.count;
        at.updatedAt = Math.max(at.updatedAt, s.latest);
      }
    }
    for (const path of empty) {
      for (const ancestor of folderAncestry(path)) node(ancestor, true);
    }
    // Sorted by path: a parent's path is a prefix of its children's, so it comes first.
    return [...nodes.values()]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .slice(0, FOLDER_TREE_MAX);
  };

  return {
    apply(doc) {
      remove(doc.id);
      if (!doc._deleted && doc.trashedAt === 0) add(doc.id, doc.folder, doc.updatedAt);
      cached = null;
    },
    tree(empty) {
      const key = empty.join('\n');
      if (cached?.empty !== key) cached = { tree: build(empty), empty: key };
      return cached.tree;
    },
    holdsNotes(path) {
      for (const folder of stats.keys()) if (isInFolder(folder, path)) return true;
      return false;
    },
    idsIn(path, below) {
      const ids: string[] = [];
      for (const [id, { folder }] of perNote) {
        if (below ? isInFolder(folder, path) : folder === path) ids.push(id);
      }
      return ids;
    },
  };
}
