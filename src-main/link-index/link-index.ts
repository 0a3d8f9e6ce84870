import { getChangedDocumentsSince, type RxCollection, type RxStorageInstance } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { Note } from '../../src-shared/schema/note';
import type { ScheduledTask, Scheduler } from '../clock';
import { INDEX_DELAY_MS } from '../search/search-indexer';
import { createLinkModel, type LinkModel, type NameResolver } from './link-model';
import { createLinkStore, type IndexedNote, type LinkSnippet, type LinkStore } from './link-store';
import { indexNote } from './note-links';

const CATCH_UP_BATCH = 1_000;

export interface LinkIndex {
  /** Resolves once every write made so far is reflected (read-your-writes for every query). */
  idle(): Promise<void>;
  /** The links in memory; current after `idle()`. */
  readonly model: LinkModel;
  /** The text around each of a note's links, read from disk (only answers that show text need it). */
  snippets(id: string): LinkSnippet[];
  snippetsOf(ids: readonly string[]): Map<string, LinkSnippet[]>;
  /** Notes parsed since the index opened, and notes loaded from disk without parsing. */
  stats(): { parsed: number; loaded: number };
  close(): Promise<void>;
}

/**
 * The vault's links, a derived store kept in step with the notes collection the way the search
 * index is: the storage's change feed replayed from the index's own checkpoint, one transaction
 * per batch with its checkpoint (`links.sqlite`, or ':memory:'), so a restart, a crash between the
 * two stores or a burst of sync writes all end with the index equal to the collection. On start a
 * stored index is loaded as it is (nothing reparsed) and only the feed since its checkpoint is read.
 */
export function createLinkIndex(options: {
  collection: RxCollection<Note>;
  file: string;
  scheduler: Scheduler;
  resolver: NameResolver;
  /** Tests pass another to see a layout change rebuild the store. */
  layoutVersion?: number;
}): LinkIndex {
  const storage = options.collection.storageInstance as unknown as RxStorageInstance<
    Note,
    unknown,
    unknown,
    unknown
  >;
  const store: LinkStore = createLinkStore({
    file: options.file,
    ...(options.layoutVersion === undefined ? {} : { layoutVersion: options.layoutVersion }),
  });
  const model = createLinkModel(options.resolver);
  let parsed = 0;
  let loaded = 0;
  if (store.checkpoint() !== null) {
    const stored = store.loadAll();
    model.apply({ upserts: stored, removals: [] });
    loaded = stored.length;
  }

  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const catchUp = async (): Promise<void> => {
    // The newest version of each note the batches so far wrote to disk (null: no longer live),
    // applied to memory once the replay ends: a name in batch 40 can re-point links of batch 1,
    // so batch-by-batch application re-resolves earlier links again and again (quadratic in a
    // rebuild). Every query waits for `idle()`, which is this whole replay, so none sees the gap.
    const pending = new Map<string, IndexedNote | null>();
    try {
      await replay(pending);
    } finally {
      // Also after a failed batch: what reached the disk before it must reach memory too.
      if (pending.size > 0) {
        const upserts: IndexedNote[] = [];
        const removals: string[] = [];
        for (const [id, note] of pending) {
          if (note === null) removals.push(id);
          else upserts.push(note);
        }
        model.apply({ upserts, removals });
      }
    }
  };

  const replay = async (pending: Map<string, IndexedNote | null>): Promise<void> => {
    for (;;) {
      if (stopped) return;
      const { documents, checkpoint } = await getChangedDocumentsSince(
        storage,
        CATCH_UP_BATCH,
        store.checkpoint() ?? undefined,
      );
      if (documents.length === 0 || stopped) return;
      // Trashed notes are no one's link target and link nowhere, as the preview treats them.
      const removals: string[] = [];
      const upserts: { note: IndexedNote; snippets: LinkSnippet[] }[] = [];
      for (const doc of documents) {
        if (doc._deleted || doc.trashedAt > 0) removals.push(doc.id);
        else upserts.push(indexNote(doc));
      }
      // Disk first: a failed write leaves memory and checkpoint as they were, and the batch is read again.
      store.write({ upserts, removals, checkpoint });
      for (const id of removals) pending.set(id, null);
      for (const { note } of upserts) pending.set(note.id, note);
      parsed += upserts.length;
      if (documents.length < CATCH_UP_BATCH) return;
    }
  };

  const schedule = (): Promise<void> => {
    // Serialised: two replays at once would race on the checkpoint.
    running = running.then(catchUp, catchUp);
    return running;
  };
  // A background replay's failure waits for the next `idle()`, which retries and reports it.
  const scheduleInBackground = (): void => {
    schedule().catch(() => undefined);
  };

  let timer: ScheduledTask | null = null;
  const subscription: Subscription = storage.changeStream().subscribe(() => {
    timer ??= options.scheduler.after(INDEX_DELAY_MS, () => {
      timer = null;
      scheduleInBackground();
    });
  });
  scheduleInBackground();

  return {
    idle: () => schedule(),
    model,
    snippets: (id) => store.snippets(id),
    snippetsOf: (ids) => store.snippetsOf(ids),
    stats: () => ({ parsed, loaded }),
    async close() {
      subscription.unsubscribe();
      timer?.cancel();
      stopped = true;
      await running.catch(() => undefined);
      store.close();
    },
  };
}
