import type { ScheduledTask, Scheduler, Clock } from '../clock';
import type { SnapshotSettings } from '../../src-shared/api/snapshots-api';
import { lineChangeCounts, splitLines } from '../../src-shared/diff/text-diff';
import { hashText, type SnapshotEntry, type SnapshotStore } from './snapshot-store';

/** Why a snapshot was taken; shown in the history as "while editing", "before a merge", … */
export type SnapshotReason = 'edit' | 'merge' | 'refactor' | 'restore';

/**
 * Takes a local snapshot of a note's text. `capture` never blocks its caller: the write happens
 * off the caller's path and a failure is logged, never thrown.
 */
export interface SnapshotRecorder {
  capture(
    note: { id: string; title: string; folder: string; body: string; updatedAt: number },
    reason: SnapshotReason,
  ): void;
}

export type SnapshotNote = Parameters<SnapshotRecorder['capture']>[0];

export interface SnapshotRecorderService extends SnapshotRecorder {
  /** A snapshot whose text is known only later (read when the queue is written; null: none). */
  captureLater(read: () => SnapshotNote | null, reason: SnapshotReason): void;
  /** The note's text is being replaced by an edit: keeps it, at most once per edit interval. */
  replaced(previous: SnapshotNote): void;
  /** Writes what is queued now (before a list, a restore, a close). */
  flush(): void;
  /** Drops snapshots past the retention time and over the per-note cap; how many went. */
  prune(): number;
  close(): void;
}

/** How long captures wait to be written together: bursts (sync, a rename of many notes) are one transaction. */
export const SNAPSHOT_FLUSH_DELAY_MS = 250;
/** How often old snapshots are pruned (and once at start). */
export const SNAPSHOT_PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The most captures written in one transaction; the rest follow on the next turn. */
const FLUSH_BATCH = 500;

interface Pending {
  note: SnapshotNote | (() => SnapshotNote | null);
  reason: SnapshotReason;
  at: number;
}

export function createSnapshotRecorder(deps: {
  store: SnapshotStore;
  clock: Clock;
  scheduler: Scheduler;
  settings: () => SnapshotSettings;
  onError: (error: unknown) => void;
}): SnapshotRecorderService {
  const { store, clock, scheduler, settings, onError } = deps;
  let queue: Pending[] = [];
  // Notes with an edit snapshot queued: a burst keeps the text from before its first write.
  const editQueued = new Set<string>();
  let flushTimer: ScheduledTask | null = null;
  let pruneTimer: ScheduledTask | null = null;
  let closed = false;

  const schedule = (): void => {
    if (closed) return;
    flushTimer ??= scheduler.after(SNAPSHOT_FLUSH_DELAY_MS, () => {
      flushTimer = null;
      flush();
    });
  };

  const enqueue = (note: SnapshotNote, reason: SnapshotReason): void => {
    if (closed) return;
    // A copy of the fields only: callers hand in RxDB documents with meta fields.
    const { id, title, folder, body, updatedAt } = note;
    queue.push({ note: { id, title, folder, body, updatedAt }, reason, at: clock.now() });
    schedule();
  };

  /** Writes one batch; what changed in each snapshot is counted against the note's previous one. */
  const writeBatch = (batch: Pending[]): void => {
    const { editIntervalSeconds, perNoteCap } = settings();
    const entries: SnapshotEntry[] = [];
    // Snapshots of this batch not yet in the store, by note.
    const latest = new Map<string, { hash: string; body: string }>();
    const lastEditAt = new Map<string, number>();
    for (const { note: given, reason, at } of batch) {
      const note = typeof given === 'function' ? given() : given;
      if (!note) continue;
      if (reason === 'edit') editQueued.delete(note.id);
      // A new note's empty text is nothing to go back to.
      if (reason === 'edit' && note.body === '') continue;
      const hash = hashText(note.title, note.body);
      const previousInBatch = latest.get(note.id);
      const previous = previousInBatch ?? store.last(note.id);
      // Cheap and quiet: the same text as the note's newest snapshot is not kept twice.
      if (previous && previous.hash === hash) continue;
      if (reason === 'edit') {
        const lastEdit = lastEditAt.get(note.id) ?? store.last(note.id, 'edit')?.takenAt;
        if (lastEdit !== undefined && at - lastEdit < editIntervalSeconds * 1000) continue;
        lastEditAt.set(note.id, at);
      }
      const previousBody =
        previousInBatch?.body ??
        (previous && 'snapshotId' in previous ? store.get(note.id, previous.snapshotId)?.body : undefined);
      const counts =
        previousBody === undefined
          ? { added: splitLines(note.body).length, removed: 0 }
          : lineChangeCounts(previousBody, note.body);
      entries.push({
        noteId: note.id,
        reason,
        takenAt: at,
        updatedAt: note.updatedAt,
        title: note.title,
        folder: note.folder,
        body: note.body,
        ...counts,
      });
      latest.set(note.id, { hash, body: note.body });
    }
    if (entries.length > 0) store.addAll(entries, perNoteCap);
  };

  const flush = (): void => {
    flushTimer?.cancel();
    flushTimer = null;
    while (queue.length > 0) {
      const batch = queue.slice(0, FLUSH_BATCH);
      queue = queue.slice(FLUSH_BATCH);
      try {
        writeBatch(batch);
      } catch (error) {
        // History is a convenience beside the notes: a failed snapshot never fails an edit.
        for (const item of batch) {
          if (item.reason === 'edit' && typeof item.note !== 'function') editQueued.delete(item.note.id);
        }
        onError(error);
      }
    }
  };

  const prune = (): number => {
    flush();
    const { retentionDays, perNoteCap } = settings();
    return store.prune({ before: clock.now() - retentionDays * DAY_MS, cap: perNoteCap });
  };

  const prunePeriodically = (): void => {
    if (closed) return;
    try {
      prune();
    } catch (error) {
      onError(error);
    }
    pruneTimer = scheduler.after(SNAPSHOT_PRUNE_EVERY_MS, prunePeriodically);
  };
  prunePeriodically();

  return {
    capture: enqueue,
    captureLater(read, reason) {
      if (closed) return;
      queue.push({ note: read, reason, at: clock.now() });
      schedule();
    },
    replaced(previous) {
      if (editQueued.has(previous.id)) return;
      editQueued.add(previous.id);
      enqueue(previous, 'edit');
    },
    flush,
    prune,
    close() {
      if (closed) return;
      flush();
      closed = true;
      pruneTimer?.cancel();
      flushTimer?.cancel();
    },
  };
}
