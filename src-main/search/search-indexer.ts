import { getChangedDocumentsSince, type RxCollection, type RxStorageInstance } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { Note } from '../../src-shared/schema/note';
import type { ScheduledTask, Scheduler } from '../clock';
import type { SearchIndex } from './search-index';

const CATCH_UP_BATCH = 1_000;
/** How long after a write its burst is indexed. */
export const INDEX_DELAY_MS = 30;

/** How far a rebuild of the index has come: notes indexed of the notes there are. */
export interface IndexingProgress {
  done: number;
  total: number;
}

export interface SearchIndexer {
  /** Resolves once every write made so far is searchable. */
  idle(): Promise<void>;
  /**
   * Like `idle`, but a rebuild (more than one batch behind: first start, a new index layout)
   * is not waited for: it resolves with the rebuild's progress as soon as there is one.
   */
  ready(): Promise<IndexingProgress | null>;
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
  let rebuilding: IndexingProgress | null = null;
  const onRebuild = new Set<(progress: IndexingProgress) => void>();

  const catchUp = async (): Promise<void> => {
    try {
      await catchUpBatches();
    } finally {
      rebuilding = null;
    }
  };
  const catchUpBatches = async (): Promise<void> => {
    let total: number | null = null;
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
      // A full batch: more are coming, and a search should not wait for them all.
      total ??= await options.collection.count().exec();
      const done = index.size();
      rebuilding = { done, total: Math.max(total, done) };
      for (const listener of onRebuild) listener(rebuilding);
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
    ready: () => {
      if (rebuilding) return Promise.resolve(rebuilding);
      return new Promise<IndexingProgress | null>((resolve, reject) => {
        const listener = (progress: IndexingProgress): void => {
          onRebuild.delete(listener);
          resolve(progress);
        };
        onRebuild.add(listener);
        schedule().then(
          () => {
            onRebuild.delete(listener);
            resolve(null);
          },
          (error: unknown) => {
            onRebuild.delete(listener);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    stop: async () => {
      subscription.unsubscribe();
      timer?.cancel();
      stopped = true;
      await running.catch(() => undefined);
    },
  };
}
