import type { RxCollection, RxStorageInstance } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { Note } from '../../src-shared/schema/note';
import type { SnapshotNote } from './snapshot-recorder';

/**
 * Follows the notes' change feed and reports each text a write replaced (an editor's save,
 * another window, a pull). It only hands the previous text on: the throttle, the hashing and the
 * write happen later, off the write path.
 */
export function followReplacedTexts(
  collection: RxCollection<Note>,
  replaced: (previous: SnapshotNote) => void,
): Subscription {
  const storage = collection.storageInstance as unknown as RxStorageInstance<Note, unknown, unknown, unknown>;
  return storage.changeStream().subscribe((bulk) => {
    for (const event of bulk.events) {
      // Inserts replace nothing; a delete forever comes after the trash, where the text was kept.
      if (event.operation !== 'UPDATE') continue;
      const before = event.previousDocumentData;
      const after = event.documentData;
      if (!before || before._deleted) continue;
      if (before.body === after.body && before.title === after.title) continue;
      replaced(before);
    }
  });
}
