import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { noteMigrationStrategies, noteRxSchema, type Note } from '../../src-shared/schema/note';
import {
  attachmentMigrationStrategies,
  attachmentRxSchema,
  type Attachment,
} from '../../src-shared/schema/attachment';
import { createNoteConflictHandler, type NoteConflictHandlerOptions } from '../sync/conflict-handler';
import {
  createAttachmentConflictHandler,
  type AttachmentConflictHandlerOptions,
} from '../sync/attachment-conflicts';

/**
 * The collections of the local database. The free RxDB package allows at most 13 open
 * collections per process (and every open database counts its own), so new entities should
 * prefer fields on an existing collection, or a side store (like the search index), over new
 * collections. Tests that open many databases must close them. This database opens two (notes,
 * attachments); their replications' meta are storage instances, which do not count.
 */
export interface QuireCollections {
  notes: RxCollection<Note>;
  /** Attachment records; their bytes live in the LocalBlobStore (src-main/attachments). */
  attachments: RxCollection<Attachment>;
}
export type QuireDatabase = RxDatabase<QuireCollections>;

let pluginsAdded = false;
function addPlugins(): void {
  if (pluginsAdded) return;
  addRxPlugin(RxDBMigrationSchemaPlugin);
  pluginsAdded = true;
}

export interface OpenDatabaseOptions {
  /** RxDB database name; with the SQLite storage it names the file in the storage directory. */
  name: string;
  /** Any implementation: the database needs only the interface (memory in tests, SQLite in the product). */
  storage: RxStorage<unknown, unknown>;
  /** This device's name, for the labels of sync conflict markers (docs/sync-protocol.md M10). */
  deviceName?: () => string;
  /** Told of each sync merge that changed this device's version (editing rule E7). */
  onSyncMerge?: NoteConflictHandlerOptions['onMerged'];
  /** B10: an attachment version whose bytes lost a push conflict, to be kept as its own record. */
  keepAttachmentAside?: AttachmentConflictHandlerOptions['keepAside'];
}

export async function openQuireDatabase(options: OpenDatabaseOptions): Promise<QuireDatabase> {
  addPlugins();
  const db = await createRxDatabase<QuireCollections>({
    name: options.name,
    storage: options.storage,
    // One host process owns a data directory (see data-dir-lock.ts), so no cross-tab machinery.
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: false,
  });
  await db.addCollections({
    notes: {
      schema: noteRxSchema,
      migrationStrategies: noteMigrationStrategies,
      // Sync conflicts merge both versions (docs/sync-protocol.md M1–M10); RxDB's default would drop ours.
      conflictHandler: createNoteConflictHandler({
        deviceName: options.deviceName ?? (() => 'this device'),
        ...(options.onSyncMerge ? { onMerged: options.onSyncMerge } : {}),
      }),
    },
    // Attachment records replicate too (B7): a push conflict keeps both sides' changes, and both
    // sides' bytes (B10); path clashes between records are settled after the pull.
    attachments: {
      schema: attachmentRxSchema,
      migrationStrategies: attachmentMigrationStrategies,
      conflictHandler: createAttachmentConflictHandler({
        keepAside: (ours) => options.keepAttachmentAside?.(ours),
      }),
    },
  });
  return db;
}
