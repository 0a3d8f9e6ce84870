import { getChangedDocumentsSince, type RxCollection, type RxStorageInstance } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { Note } from '../../src-shared/schema/note';
import type { ScheduledTask, Scheduler } from '../clock';
import type { SearchIndex } from './search-index';

const CATCH_UP_BATCH = 1_000;
/** How long after a write its burst is indexed. */
export const INDEX_DELAY_MS = 30;

export interface SearchIndexer {
  /** Resolves once every write made so far is searchable. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps the FTS index in step with the notes collection by replaying the storage's change
 * feed from the index's own checkpoint. Replaying (instead of applying events as they come)
 * means a restart, a crash between the two stores, or a burst of events all end the same way:
 * the index equals the collection.
 */
export function startSearchIndexer(options: {
  collection: RxCollection<Note>;
  index: SearchIndex;
  /** Runs the debounced replay; a fake one lets tests decide when it fires. */
  scheduler: Scheduler;
}): SearchIndexer {
  const storage = options.collection.storageInstance as unknown as RxStorageInstance<
    Note,
    unknown,
    unknown,
    unknown
  >;
  const { index, scheduler } = options;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const catchUp = async (): Promise<void> => {
    for (;;) {
      if (stopped) return;
      const { documents, checkpoint } = await getChangedDocumentsSince(
        storage,
        CATCH_UP_BATCH,
        index.checkpoint() ?? undefined,
      );
      if (documents.length === 0) return;
      if (stopped) return;
      index.applyBatch({
        removals: documents.filter((doc) => doc._deleted).map((doc) => doc.id),
        upserts: documents.filter((doc) => !doc._deleted),
        checkpoint,
      });
      if (documents.length < CATCH_UP_BATCH) return;
    }
  };

  const schedule = (): Promise<void> => {
    // Serialised: two replays at once would race on the checkpoint.
    running = running.then(catchUp, catchUp);
    return running;
  };
  /**
   * For replays nobody awaits. A failure (disk full, a broken index file) must not become an
   * unhandled rejection, which ends the process; the next `idle()` retries and reports it.
   */
  const scheduleInBackground = (): void => {
    schedule().catch(() => undefined);
  };

  // Bursts of writes (typing, imports, sync) are indexed together, off the path of the save.
  let timer: ScheduledTask | null = null;
  const subscription: Subscription = storage.changeStream().subscribe(() => {
    timer ??= scheduler.after(INDEX_DELAY_MS, () => {
      timer = null;
      scheduleInBackground();
    });
  });
  scheduleInBackground();

  return {
    idle: async () => {
      await schedule();
    },
    stop: async () => {
      subscription.unsubscribe();
      timer?.cancel();
      stopped = true;
      await running.catch(() => undefined);
    },
  };
}
