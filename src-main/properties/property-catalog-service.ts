import { getChangedDocumentsSince, type RxStorageInstance } from 'rxdb';
import { z } from 'zod';
import type { Note } from '../../src-shared/schema/note';
import { readProperties } from '../../src-shared/markdown/frontmatter-edit';
import {
  PROPERTY_LIMITS,
  PROPERTY_TYPES,
  notePropertyTypes,
  summarizeCatalog,
  type NotePropertyTypes,
  type PropertyInfo,
  type PropertyType,
} from '../../src-shared/markdown/property-types';
import type { QuireDatabase } from '../db/database';
import type { SettingsStore } from '../settings/settings-store';

const CATCH_UP_BATCH = 1_000;
/** The settings key of the types the user chose: `{ [name]: type }`. */
const EXPLICIT_KEY = 'propertyTypes';
/** How many names may carry a chosen type (a settings file stays small). */
const EXPLICIT_MAX = 2_000;

const explicitSchema = z.record(z.string().max(PROPERTY_LIMITS.nameMaxLength), z.enum(PROPERTY_TYPES));

/**
 * The vault's property names, their types and how many notes use each (Obsidian's "a name has
 * one type in the vault"). A type the user chose is kept in the host's settings; otherwise the
 * most common type of the values decides (src-shared/markdown/property-types.ts).
 */
export interface PropertyCatalogService {
  /** Names used by live notes, most used first, at most PROPERTY_LIMITS.catalogMax. */
  catalog(): Promise<PropertyInfo[]>;
  /** Chooses the type of a name for the whole vault; null forgets the choice. */
  setType(name: string, type: PropertyType | null): Promise<PropertyInfo[]>;
  close(): Promise<void>;
}

/**
 * An in-memory catalog of each note's names and types, built once and then kept in step by
 * replaying the notes storage's change feed from its own checkpoint before each answer (as the
 * search indexer does), so 10,000 notes are parsed once and a read after a write costs one
 * small query. Only notes whose text starts with `---` are parsed.
 */
export function createPropertyCatalogService(deps: {
  db: QuireDatabase;
  settings: SettingsStore;
}): PropertyCatalogService {
  const storage = deps.db.notes.storageInstance as unknown as RxStorageInstance<
    Note,
    unknown,
    unknown,
    unknown
  >;
  const perNote = new Map<string, NotePropertyTypes>();
  let checkpoint: unknown = undefined;
  let summary: PropertyInfo[] | null = null;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  const typesOf = (note: Note & { _deleted: boolean }): NotePropertyTypes | null => {
    if (note._deleted || note.trashedAt > 0 || !note.body.startsWith('---')) return null;
    const read = readProperties(note.body);
    if (read.kind !== 'properties' || read.properties.length === 0) return null;
    return notePropertyTypes(Object.fromEntries(read.properties.map((p) => [p.key, p.value])));
  };

  const catchUp = async (): Promise<void> => {
    for (;;) {
      if (closed) return;
      const batch = await getChangedDocumentsSince(storage, CATCH_UP_BATCH, checkpoint);
      if (batch.documents.length === 0) return;
      for (const doc of batch.documents) {
        const types = typesOf(doc);
        if (types) perNote.set(doc.id, types);
        else perNote.delete(doc.id);
      }
      checkpoint = batch.checkpoint;
      summary = null;
      if (batch.documents.length < CATCH_UP_BATCH) return;
    }
  };
  // Serialised: two replays at once would race on the checkpoint.
  const inStep = (): Promise<void> => {
    running = running.then(catchUp, catchUp);
    return running;
  };

  const readExplicit = (): Record<string, PropertyType> => {
    const parsed = explicitSchema.safeParse(deps.settings.get(EXPLICIT_KEY));
    return parsed.success ? parsed.data : {};
  };

  const catalog = async (): Promise<PropertyInfo[]> => {
    await inStep();
    summary ??= summarizeCatalog(perNote.values(), readExplicit());
    return summary;
  };

  return {
    catalog,
    async setType(name, type) {
      const kept = Object.entries(readExplicit()).filter(([other]) => other !== name);
      if (type !== null) kept.push([name, type]);
      // The oldest choices go first when there are too many.
      deps.settings.set(EXPLICIT_KEY, Object.fromEntries(kept.slice(-EXPLICIT_MAX)));
      summary = null;
      return catalog();
    },
    async close() {
      closed = true;
      await running.catch(() => undefined);
    },
  };
}
