import { getChangedDocumentsSince, type RxCollection, type RxStorageInstance } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { Note } from '../../src-shared/schema/note';
import { parseFrontmatter } from '../../src-shared/markdown/frontmatter';
import { titleKey } from '../../src-shared/note-title';
import { normalizeName } from './link-ranking';

/** One live note as links know it: its names, never its body. */
export interface CatalogEntry {
  id: string;
  title: string;
  folder: string;
  updatedAt: number;
  /** Normalised forms (`normalizeName`) for matching. */
  titleName: string;
  pathName: string;
  aliases: readonly { text: string; name: string }[];
}

export interface CatalogView {
  entries: ReadonlyMap<string, CatalogEntry>;
  /** How many live notes have each title key: more than one makes `[[Title]]` ambiguous. */
  titleCount(title: string): number;
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
  return {
    id: note.id,
    title: note.title,
    folder: note.folder,
    updatedAt: note.updatedAt,
    titleName: normalizeName(note.title),
    pathName: normalizeName(path),
    aliases: aliasesOf(note.body).map((text) => ({ text, name: normalizeName(text) })),
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
  let checkpoint: unknown = undefined;
  let dirty = true;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

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
          entries.set(doc.id, toEntry(doc));
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
