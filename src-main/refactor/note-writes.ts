import type { NoteVersion } from '../../src-shared/api/notes-api';
import type { NotesService } from '../notes/notes-service';
import type { NotePatch } from '../notes/write-merge';
import type { SnapshotRecorder } from '../snapshots/snapshot-recorder';
import type { OperationEntry } from './operation-log';

/** One note an operation changes: the version it read (the write's base, E1) and the patch. */
export interface PlannedChange {
  base: NoteVersion;
  patch: NotePatch;
}

/**
 * Writes in flight at once. Each is an ordinary `notes.update` with its base; RxDB's incremental
 * write queue gathers the writes pending together into one storage `bulkWrite` (one SQLite
 * transaction), so a rename touching 1,000 notes costs a few transactions, not 1,000.
 */
const CONCURRENT_WRITES = 250;

/**
 * Writes every change as an edit over its base (E1–E3, E10), after a snapshot of the note as it
 * was. Returns what was written, also when a write fails part way: the entries written so far
 * are what undo must revert, so the caller records them before rethrowing.
 */
export async function writeChanges(
  deps: { notes: NotesService; snapshots?: SnapshotRecorder | undefined },
  changes: readonly PlannedChange[],
): Promise<{ entries: OperationEntry[]; error: Error | null }> {
  const entries: OperationEntry[] = [];
  for (let start = 0; start < changes.length; start += CONCURRENT_WRITES) {
    const chunk = changes.slice(start, start + CONCURRENT_WRITES);
    for (const { base } of chunk) deps.snapshots?.capture(base, 'refactor');
    const results = await Promise.allSettled(
      chunk.map(({ base, patch }) => deps.notes.update({ id: base.id, base, ...patch })),
    );
    let error: Error | null = null;
    results.forEach((result, i) => {
      const { base } = chunk[i]!;
      if (result.status === 'rejected') {
        error ??= result.reason instanceof Error ? result.reason : new Error(String(result.reason));
        return;
      }
      // E6: a change the stored note already had wrote nothing; there is nothing to undo there.
      if (result.value.note.revision === base.revision && result.value.merge === null) return;
      entries.push({
        id: base.id,
        before: { title: base.title, folder: base.folder, body: base.body },
        after: result.value.note,
      });
    });
    if (error !== null) return { entries, error };
  }
  return { entries, error: null };
}
