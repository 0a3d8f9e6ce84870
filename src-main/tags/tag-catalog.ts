import { tagKey } from '../../src-shared/markdown/inline-tags';
import { TAG_TREE_MAX, type TagNode } from '../../src-shared/api/tags-api';
import type { StoredNote } from '../folders/note-feed';

interface TagStats {
  /** Notes with exactly this tag. */
  exact: number;
  /** Notes with this tag or one nested under it. */
  total: number;
  /** A spelling in use (tags are one whatever their case; the latest note's spelling shows). */
  label: string;
}

/** `project/quire` → `['project', 'project/quire']`, as written. */
function prefixesOf(tag: string): string[] {
  const parts = tag.split('/');
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** Each live note's tags and, per tag key and per nesting prefix, how many notes carry it. */
export interface TagCatalog {
  apply(doc: StoredNote): void;
  tree(): TagNode[];
}

/**
 * Kept in step note by note from the change feed: a note's distinct tags and tag prefixes each
 * move one count, so `totalCount` counts a note once however many nested tags it has.
 */
export function createTagCatalog(): TagCatalog {
  const perNote = new Map<string, readonly string[]>();
  const stats = new Map<string, TagStats>();
  let cached: TagNode[] | null = null;

  /** The note's tags as [key → spelling], exact ones and their prefixes. */
  const keysOf = (tags: readonly string[]): { exact: Map<string, string>; prefixes: Map<string, string> } => {
    const exact = new Map<string, string>();
    const prefixes = new Map<string, string>();
    for (const tag of tags) {
      const trimmed = tag.replace(/^\/+|\/+$/g, '');
      if (trimmed === '') continue;
      exact.set(tagKey(trimmed), trimmed);
      for (const prefix of prefixesOf(trimmed)) prefixes.set(tagKey(prefix), prefix);
    }
    return { exact, prefixes };
  };

  const count = (tags: readonly string[], step: 1 | -1): void => {
    const { exact, prefixes } = keysOf(tags);
    for (const [key, label] of prefixes) {
      let s = stats.get(key);
      if (!s) {
        s = { exact: 0, total: 0, label };
        stats.set(key, s);
      }
      s.total += step;
      if (exact.has(key)) s.exact += step;
      if (step === 1) s.label = label;
      if (s.total <= 0) stats.delete(key);
    }
  };

  return {
    apply(doc) {
      const previous = perNote.get(doc.id);
      const live = !doc._deleted && doc.trashedAt === 0;
      // Most writes are typing: the same tags, nothing to count again.
      if (
        live &&
        previous &&
        previous.length === doc.tags.length &&
        previous.every((t, i) => t === doc.tags[i])
      )
        return;
      if (previous) {
        count(previous, -1);
        perNote.delete(doc.id);
      }
      if (live && doc.tags.length > 0) {
        perNote.set(doc.id, [...doc.tags]);
        count(doc.tags, 1);
      }
      cached = null;
    },
    tree() {
      cached ??= [...stats]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, TAG_TREE_MAX)
        .map(([key, s]) => {
          const slash = key.lastIndexOf('/');
          // The parent's spelling is its own entry's, so the tree nests under one label.
          const parent = slash < 0 ? '' : (stats.get(key.slice(0, slash))?.label ?? key.slice(0, slash));
          return {
            path: s.label,
            name: s.label.slice(s.label.lastIndexOf('/') + 1),
            parent,
            noteCount: s.exact,
            totalCount: s.total,
          };
        });
      return cached;
    },
  };
}
