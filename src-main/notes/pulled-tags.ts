import type { RxCollection } from 'rxdb';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import type { Note } from '../../src-shared/schema/note';

/**
 * docs/sync-protocol.md C6: a note's tags are derived from its body, but the server stores what
 * devices push, and a device running an older Quire derived them differently (frontmatter only).
 * A pulled note whose tags are not its body's is corrected here, as a local write of the tags
 * alone (updatedAt unchanged: nobody edited it), which then syncs like any write. The pulled
 * version itself is stored as the server has it, so the replication's assumed master stays true.
 */
export interface PulledTagRepair {
  /** Resolves once every correction queued so far is written (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const DOWNSTREAM_CONTEXT = 'replication-downstream-';

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

export function startPulledTagRepair(notes: RxCollection<Note>): PulledTagRepair {
  const pending = new Set<string>();
  let closed = false;
  let work: Promise<void> = Promise.resolve();

  const repair = async (id: string): Promise<void> => {
    const doc = await notes.findOne(id).exec();
    if (!doc || closed) return;
    await doc.incrementalModify((note) => {
      const tags = extractTags(note.body);
      return sameTags(note.tags, tags) ? note : { ...note, tags };
    });
  };

  const subscription = notes.eventBulks$.subscribe((bulk) => {
    if (!bulk.context.startsWith(DOWNSTREAM_CONTEXT)) return;
    for (const event of bulk.events) {
      const note = event.documentData as Note & { _deleted?: boolean };
      if (event.operation === 'DELETE' || note._deleted) continue;
      if (sameTags(note.tags, extractTags(note.body)) || pending.has(note.id)) continue;
      pending.add(note.id);
      work = work.then(async () => {
        pending.delete(note.id);
        // A note deleted or changed meanwhile is read again; a failure only leaves tags stale.
        await repair(note.id).catch(() => undefined);
      });
    }
  });

  return {
    idle: () => work,
    async close() {
      closed = true;
      subscription.unsubscribe();
      await work;
    },
  };
}
