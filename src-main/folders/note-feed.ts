import { getChangedDocumentsSince, type RxStorageInstance } from 'rxdb';
import type { Note } from '../../src-shared/schema/note';
import type { QuireDatabase } from '../db/database';

const CATCH_UP_BATCH = 1_000;

export type StoredNote = Note & { _deleted: boolean };

/** A reader of the notes storage's change feed that keeps an in-memory view in step. */
export interface NoteFeed {
  /** Replays every change since the last call into `apply`; serialised, cheap when nothing changed. */
  inStep(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Replays the notes storage's change feed from its own checkpoint (as the property catalog and
 * the search indexer do): the first call reads every note once, later calls only what changed,
 * so an answer after a write costs one small query instead of a scan of the vault.
 */
export function followNotes(db: QuireDatabase, apply: (doc: StoredNote) => void): NoteFeed {
  const storage = db.notes.storageInstance as unknown as RxStorageInstance<Note, unknown, unknown, unknown>;
  let checkpoint: unknown = undefined;
  let running: Promise<void> = Promise.resolve();
  let closed = false;
  const catchUp = async (): Promise<void> => {
    for (;;) {
      if (closed) return;
      const batch = await getChangedDocumentsSince(storage, CATCH_UP_BATCH, checkpoint);
      if (batch.documents.length === 0) return;
      for (const doc of batch.documents) apply(doc);
      checkpoint = batch.checkpoint;
      if (batch.documents.length < CATCH_UP_BATCH) return;
    }
  };
  return {
    inStep() {
      // Two replays at once would race on the checkpoint.
      running = running.then(catchUp, catchUp);
      return running;
    },
    async close() {
      closed = true;
      await running.catch(() => undefined);
    },
  };
}
