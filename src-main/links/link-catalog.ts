import { getChangedDocumentsSince, type RxCollection, type RxStorageInstance } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { Note } from '../../src-shared/schema/note';
import { parseFrontmatter } from '../../src-shared/markdown/frontmatter';
import { titleKey } from '../../src-shared/note-title';
import { charMask, normalizeName } from './link-ranking';
import {
  createLinkResolver,
  type LinkableNote,
  type LinkResolver,
} from '../../src-shared/markdown/links/link-resolution';

/** One live note as links know it: its names, never its body. */
export interface CatalogEntry {
  id: string;
  title: string;
  folder: string;
  updatedAt: number;
  /** Normalised forms (`normalizeName`) for matching. */
  titleName: string;
  pathName: string;
  /** `charMask` of `titleName` and `pathName`: the switcher skips names that cannot match. */
  titleMask: number;
  pathMask: number;
  aliases: readonly { text: string; name: string; mask: number }[];
}

/**
 * The entries as one array with their masks packed beside them, so the switcher's pass over the
 * whole vault reads two typed arrays and touches only the entries that may match. The mask arrays
 * may be longer than `entries`; only its length counts.
 */
export interface NameIndex {
  entries: readonly CatalogEntry[];
  /** `titleMask` with every alias's mask: what the title and aliases hold between them. */
  nameMasks: Int32Array;
  /** `pathMask`, or 0 for a note at the top, whose path is only its title and is not matched. */
  pathMasks: Int32Array;
}

const nameMaskOf = (entry: CatalogEntry): number => {
  let mask = entry.titleMask;
  for (const alias of entry.aliases) mask |= alias.mask;
  return mask;
};

/**
 * A `NameIndex` kept in step one entry at a time, so a write costs the switcher a few stores
 * rather than a rebuild over every note. Slots are reused by moving the last entry into a removed
 * one: the order is not the catalog's, which ranking does not depend on (its order is total).
 */
export function createNameIndex(): {
  index: NameIndex;
  upsert(entry: CatalogEntry): void;
  remove(id: string): void;
} {
  const slots = new Map<string, number>();
  const list: CatalogEntry[] = [];
  const index: NameIndex = { entries: list, nameMasks: new Int32Array(64), pathMasks: new Int32Array(64) };
  const put = (slot: number, entry: CatalogEntry): void => {
    list[slot] = entry;
    slots.set(entry.id, slot);
    index.nameMasks[slot] = nameMaskOf(entry);
    index.pathMasks[slot] = entry.folder === '' ? 0 : entry.pathMask;
  };
  return {
    index,
    upsert(entry) {
      const slot = slots.get(entry.id);
      if (slot !== undefined) return put(slot, entry);
      if (list.length === index.nameMasks.length) {
        // Doubling: the masks stay two flat arrays however many notes arrive.
        const nameMasks = new Int32Array(list.length * 2);
        const pathMasks = new Int32Array(list.length * 2);
        nameMasks.set(index.nameMasks);
        pathMasks.set(index.pathMasks);
        index.nameMasks = nameMasks;
        index.pathMasks = pathMasks;
      }
      put(list.length, entry);
    },
    remove(id) {
      const slot = slots.get(id);
      if (slot === undefined) return;
      slots.delete(id);
      const last = list.pop()!;
      if (slot < list.length) put(slot, last);
    },
  };
}

export function buildNameIndex(entries: ReadonlyMap<string, CatalogEntry>): NameIndex {
  const built = createNameIndex();
  for (const entry of entries.values()) built.upsert(entry);
  return built.index;
}

export interface CatalogView {
  entries: ReadonlyMap<string, CatalogEntry>;
  /** `entries` as a `NameIndex`, kept in step with them; views without it get one built per call. */
  names?(): NameIndex;
  /** How many live notes have each title key: more than one makes `[[Title]]` ambiguous. */
  titleCount(title: string): number;
  /** Obsidian's link resolution over the same notes. */
  resolver: LinkResolver;
}

export interface LinkCatalog {
  /** The catalog with every write made so far applied (read-your-writes). */
  current(): Promise<CatalogView>;
  stop(): Promise<void>;
}

const CATCH_UP_BATCH = 1_000;
const ALIASES_MAX = 20;
const ALIAS_MAX_LENGTH = 300;

/** Obsidian's `aliases:` (or `alias:`): a YAML list, or one string of comma-separated names. */
export function aliasesOf(body: string): string[] {
  // Most notes have no frontmatter: skip the YAML parser for them.
  if (!body.startsWith('---')) return [];
  const { data } = parseFrontmatter(body);
  const value: unknown = data.aliases ?? data.alias;
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const aliases: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number') continue;
    const alias = String(item).trim();
    if (alias === '' || alias.length > ALIAS_MAX_LENGTH || aliases.includes(alias)) continue;
    aliases.push(alias);
    if (aliases.length >= ALIASES_MAX) break;
  }
  return aliases;
}

export function toEntry(note: Note): CatalogEntry {
  const path = note.folder === '' ? note.title : `${note.folder}/${note.title}`;
  const titleName = normalizeName(note.title);
  const pathName = normalizeName(path);
  return {
    id: note.id,
    title: note.title,
    folder: note.folder,
    updatedAt: note.updatedAt,
    titleName,
    pathName,
    titleMask: charMask(titleName),
    pathMask: charMask(pathName),
    aliases: aliasesOf(note.body).map((text) => {
      const name = normalizeName(text);
      return { text, name, mask: charMask(name) };
    }),
  };
}

/** What link resolution needs of an entry. */
export function linkableOf(entry: CatalogEntry): LinkableNote {
  return {
    id: entry.id,
    title: entry.title,
    folder: entry.folder,
    aliases: entry.aliases.map((alias) => alias.text),
  };
}

/**
 * The names of every live note, in memory, built once from the collection and kept in step by
 * replaying the storage's change feed from its own checkpoint (as the search indexer does), so
 * sync, imports and other windows' writes all land the same way. A change only marks the
 * catalog dirty; the replay runs when someone asks, so a burst of typing costs nothing here.
 */
export function createLinkCatalog(options: { collection: RxCollection<Note> }): LinkCatalog {
  const storage = options.collection.storageInstance as unknown as RxStorageInstance<
    Note,
    unknown,
    unknown,
    unknown
  >;
  const entries = new Map<string, CatalogEntry>();
  const titleCounts = new Map<string, number>();
  const resolver = createLinkResolver();
  let checkpoint: unknown = undefined;
  let dirty = true;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const names = createNameIndex();

  const count = (title: string, by: number): void => {
    const key = titleKey(title);
    const next = (titleCounts.get(key) ?? 0) + by;
    if (next > 0) titleCounts.set(key, next);
    else titleCounts.delete(key);
  };
  const remove = (id: string): void => {
    const old = entries.get(id);
    if (!old) return;
    entries.delete(id);
    names.remove(id);
    resolver.remove(id);
    count(old.title, -1);
  };

  const subscription: Subscription = storage.changeStream().subscribe(() => {
    dirty = true;
  });

  const catchUp = async (): Promise<void> => {
    try {
      await replay();
    } catch (error) {
      // Read again on the next call rather than serving a catalog that silently stopped following.
      dirty = true;
      throw error;
    }
  };
  const replay = async (): Promise<void> => {
    while (dirty && !stopped) {
      // Cleared before reading: a write during the replay sets it again and is read next round.
      dirty = false;
      for (;;) {
        const batch = await getChangedDocumentsSince(storage, CATCH_UP_BATCH, checkpoint);
        if (stopped) return;
        for (const doc of batch.documents) {
          remove(doc.id);
          // Trashed notes are not offered as link targets, as the preview does not resolve them.
          if (doc._deleted || doc.trashedAt > 0) continue;
          const entry = toEntry(doc);
          entries.set(doc.id, entry);
          names.upsert(entry);
          resolver.upsert(linkableOf(entry));
          count(doc.title, 1);
        }
        if (batch.documents.length > 0) checkpoint = batch.checkpoint;
        if (batch.documents.length < CATCH_UP_BATCH) break;
      }
    }
  };

  const view: CatalogView = {
    entries,
    titleCount: (title) => titleCounts.get(titleKey(title)) ?? 0,
    names: () => names.index,
    resolver,
  };

  return {
    async current() {
      // Serialised: two replays at once would apply the same batch twice from one checkpoint.
      if (dirty) running = running.then(catchUp, catchUp);
      await running;
      return view;
    },
    async stop() {
      stopped = true;
      subscription.unsubscribe();
      await running.catch(() => undefined);
    },
  };
}
