import type { LinkKind } from '../../src-shared/api/link-index-api';
import type { IndexedLink, IndexedNote } from './link-store';

/** The names a link can resolve by; the resolver keeps its own copy of them. */
export interface NameResolver {
  upsert(note: { id: string; title: string; folder: string; aliases: readonly string[] }): void;
  remove(id: string): void;
  resolve(target: string, sourceFolder: string, kind: LinkKind): string | null;
}

interface Entry {
  note: IndexedNote;
  /** Per link: the note it resolves to now, or null. */
  resolved: (string | null)[];
  /** Per link: its name key (`linkKey`), which decides which name changes can re-point it. */
  keys: string[];
  /** The title as sorted on (lower case). */
  sortKey: string;
}

/**
 * The in-memory side of the link index: every live note's links with their current resolution,
 * and the reverse of it (who links to whom), so backlinks cost what they return.
 *
 * Resolution depends on every note's names. A link's target can only resolve to a note whose
 * title or an alias has the same key as the target's last path segment, so links are grouped by
 * that key and a name change re-resolves only the links under the old and new keys.
 */
export interface LinkModel {
  /** Applies one batch: removals (ids of notes no longer live) and new versions of live notes. */
  apply(batch: { upserts: readonly IndexedNote[]; removals: readonly string[] }): void;
  get(id: string): IndexedNote | undefined;
  /** The note `target` names from a note in `sourceFolder`, with the names as they are now. */
  resolveName(target: string, sourceFolder: string, kind?: LinkKind): string | null;
  /** The note each of `id`'s links resolves to, in the order of its links. */
  resolutions(id: string): readonly (string | null)[];
  /** Source notes whose links resolve to `id` (itself excluded), with how many links each. */
  incoming(id: string): ReadonlyMap<string, number>;
  /** How many notes link to `id` (itself excluded), and the first `limit` of them in title order. */
  firstSources(id: string, limit: number): { total: number; ids: string[] };
  notes(): IterableIterator<IndexedNote>;
  size(): number;
  /** Every link that resolves to nothing, in note title order then text order. */
  brokenLinks(): { sourceId: string; index: number }[];
  /** Distinct notes `id` links to or is linked from, itself excluded. */
  neighbours(id: string): Set<string>;
}

/** How names and targets are compared: NFC, trimmed, case folded. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

/** The key of a link target (already decoded by the parser): its last path segment, without `.md`. */
export function linkKey(target: string): string {
  const text = target.trim().replace(/\.md$/i, '');
  const slash = text.lastIndexOf('/');
  return nameKey(slash === -1 ? text : text.slice(slash + 1));
}

/** The keys a note can be linked by: its title's, and each alias's. */
function keysOfNames(note: { title: string; aliases: readonly string[] }): Set<string> {
  const keys = new Set([nameKey(note.title)]);
  for (const alias of note.aliases) keys.add(linkKey(alias));
  return keys;
}

const sameNames = (a: IndexedNote, b: IndexedNote): boolean =>
  a.title === b.title &&
  a.folder === b.folder &&
  a.aliases.length === b.aliases.length &&
  a.aliases.every((alias, i) => alias === b.aliases[i]);

/** Batches larger than this append to the source lists, sorted later, rather than insert by insert. */
const BULK_BATCH = 64;

export function createLinkModel(resolver: NameResolver): LinkModel {
  const entries = new Map<string, Entry>();
  /** key → source notes with at least one link under that key. */
  const byKey = new Map<string, Set<string>>();
  /**
   * target → its sources: how many links each, and the sources in title order, kept sorted as
   * links come and go so a hub's first page of backlinks costs the page, not the hub.
   */
  const reverse = new Map<string, { counts: Map<string, number>; sorted: string[] }>();

  const sortKeyOf = (id: string): string => entries.get(id)?.sortKey ?? '';
  /** Where `source` (with the title it has now) belongs in `sorted`. */
  const positionIn = (sorted: readonly string[], source: string): number => {
    const key = sortKeyOf(source);
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const other = sorted[mid]!;
      const otherKey = sortKeyOf(other);
      if (otherKey < key || (otherKey === key && other < source)) low = mid + 1;
      else high = mid;
    }
    return low;
  };

  /**
   * A large batch (start-up, a rebuild, a big sync) appends; a list appended to is sorted when a
   * page of it is first asked for, not at each batch's end: a rename rewriting 1,000 notes
   * touches the biggest hubs' lists, and sorting all of them per batch cost more than the batch.
   */
  let bulk = false;
  const unsortedTargets = new Set<string>();
  const sortTarget = (target: string): void => {
    unsortedTargets.delete(target);
    const sorted = reverse.get(target)?.sorted;
    if (!sorted) return;
    const keyed = sorted.map((id) => ({ id, key: sortKeyOf(id) }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    keyed.forEach((item, i) => (sorted[i] = item.id));
  };

  // Called while `entries` holds the source's entry, so its position is found by its current title.
  const count = (target: string | null, source: string, by: number): void => {
    if (target === null) return;
    let sources = reverse.get(target);
    if (!sources) {
      if (by < 0) return;
      sources = { counts: new Map(), sorted: [] };
      reverse.set(target, sources);
    }
    const before = sources.counts.get(source) ?? 0;
    const next = before + by;
    if (next > 0) sources.counts.set(source, next);
    else sources.counts.delete(source);
    const unsorted = bulk || unsortedTargets.has(target);
    if (unsorted) unsortedTargets.add(target);
    if (before === 0 && next > 0) {
      if (unsorted) sources.sorted.push(source);
      else sources.sorted.splice(positionIn(sources.sorted, source), 0, source);
    }
    if (before > 0 && next <= 0) {
      const at = unsorted ? -1 : positionIn(sources.sorted, source);
      if (at !== -1 && sources.sorted[at] === source) sources.sorted.splice(at, 1);
      else sources.sorted.splice(sources.sorted.indexOf(source), 1);
    }
    if (sources.counts.size === 0) reverse.delete(target);
  };

  const resolveLink = (link: IndexedLink, folder: string): string | null =>
    resolver.resolve(link.target, folder, link.kind);

  // Plain loops, and no `new Set(keys)`: a rebuild runs these for every one of 200,000 links,
  // and adding or deleting a source twice under one key is harmless.
  const detach = (entry: Entry): void => {
    const id = entry.note.id;
    for (const target of entry.resolved) count(target, id, -1);
    for (const key of entry.keys) {
      const sources = byKey.get(key);
      if (!sources) continue;
      sources.delete(id);
      if (sources.size === 0) byKey.delete(key);
    }
  };

  const attach = (note: IndexedNote): void => {
    const { links, folder, id } = note;
    const keys = new Array<string>(links.length);
    const resolved = new Array<string | null>(links.length);
    for (let i = 0; i < links.length; i += 1) {
      const link = links[i]!;
      keys[i] = linkKey(link.target);
      resolved[i] = resolveLink(link, folder);
    }
    const entry: Entry = { note, keys, resolved, sortKey: note.title.toLowerCase() };
    entries.set(id, entry);
    for (const target of resolved) count(target, id, 1);
    for (const key of keys) {
      let sources = byKey.get(key);
      if (!sources) byKey.set(key, (sources = new Set()));
      sources.add(id);
    }
  };

  /** After a name change: the links that may point elsewhere now are resolved again. */
  const reresolve = (keys: Iterable<string>, fresh: ReadonlySet<string>): void => {
    for (const key of keys) {
      for (const source of byKey.get(key) ?? []) {
        if (fresh.has(source)) continue;
        const entry = entries.get(source);
        if (!entry) continue;
        entry.keys.forEach((linkKeyOf, i) => {
          if (linkKeyOf !== key) return;
          const next = resolveLink(entry.note.links[i]!, entry.note.folder);
          const previous = entry.resolved[i] ?? null;
          if (next === previous) return;
          count(previous, source, -1);
          count(next, source, 1);
          entry.resolved[i] = next;
        });
      }
    }
  };

  const applyBatch = (upserts: readonly IndexedNote[], removals: readonly string[]): void => {
    // Names first, then links: every link of the batch resolves against the batch's names.
    const changedKeys = new Set<string>();
    const fresh = new Set<string>();
    for (const id of removals) {
      const old = entries.get(id);
      if (!old) continue;
      detach(old);
      entries.delete(id);
      for (const key of keysOfNames(old.note)) changedKeys.add(key);
      resolver.remove(id);
    }
    const renamed: IndexedNote[] = [];
    // A model built from nothing has no older links to re-point, so no changed keys to gather.
    const fromNothing = entries.size === 0;
    for (const note of upserts) {
      const old = entries.get(note.id);
      if (!old || !sameNames(old.note, note)) {
        renamed.push(note);
        if (old) for (const key of keysOfNames(old.note)) changedKeys.add(key);
        if (!fromNothing) for (const key of keysOfNames(note)) changedKeys.add(key);
      }
      if (old) {
        detach(old);
        entries.delete(note.id);
      }
    }
    for (const note of renamed) resolver.upsert(note);
    for (const note of upserts) {
      attach(note);
      fresh.add(note.id);
    }
    // A model built from nothing (start-up, rebuild) has only fresh links: nothing to re-point.
    if (entries.size > fresh.size) reresolve(changedKeys, fresh);
  };

  return {
    apply({ upserts, removals }) {
      bulk = upserts.length + removals.length > BULK_BATCH;
      try {
        applyBatch(upserts, removals);
      } finally {
        bulk = false;
      }
    },

    get: (id) => entries.get(id)?.note,
    resolveName: (target, sourceFolder, kind = 'wikilink') => resolver.resolve(target, sourceFolder, kind),
    resolutions: (id) => entries.get(id)?.resolved ?? [],
    incoming(id) {
      const sources = reverse.get(id)?.counts;
      if (!sources?.has(id)) return sources ?? new Map<string, number>();
      const others = new Map(sources);
      others.delete(id);
      return others;
    },
    firstSources(id, limit) {
      const sources = reverse.get(id);
      if (!sources) return { total: 0, ids: [] };
      if (unsortedTargets.has(id)) sortTarget(id);
      const self = sources.counts.has(id) ? 1 : 0;
      const ids = sources.sorted.slice(0, limit + self).filter((source) => source !== id);
      return { total: sources.counts.size - self, ids: ids.slice(0, limit) };
    },
    *notes() {
      for (const entry of entries.values()) yield entry.note;
    },
    size: () => entries.size,
    brokenLinks() {
      const broken: { sourceId: string; index: number; sortKey: string }[] = [];
      for (const entry of entries.values()) {
        entry.resolved.forEach((target, index) => {
          if (target === null) broken.push({ sourceId: entry.note.id, index, sortKey: entry.sortKey });
        });
      }
      broken.sort((a, b) =>
        a.sortKey !== b.sortKey
          ? a.sortKey < b.sortKey
            ? -1
            : 1
          : a.sourceId !== b.sourceId
            ? a.sourceId < b.sourceId
              ? -1
              : 1
            : a.index - b.index,
      );
      return broken.map(({ sourceId, index }) => ({ sourceId, index }));
    },
    neighbours(id) {
      const found = new Set<string>();
      for (const target of entries.get(id)?.resolved ?? []) if (target !== null) found.add(target);
      for (const source of reverse.get(id)?.counts.keys() ?? []) found.add(source);
      found.delete(id);
      return found;
    },
  };
}
