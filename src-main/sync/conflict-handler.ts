import type { RxConflictHandler } from 'rxdb';
import type { Note } from '../../src-shared/schema/note';
import { toReplicatedNote } from '../../src-shared/sync/protocol';
import { mergeNotes, notesEquivalent } from '../../src-shared/sync/merge';

export interface NoteConflictHandlerOptions {
  /**
   * This device's name, read at each merge: the conflict markers name the device whose text
   * each side is (M10), and the merged text is read on every device.
   */
  deviceName: () => string;
  /**
   * Told of every merge that changed this device's version, before it is written (editing rule
   * E7): the open note's editor says so, and version history keeps what the device had.
   */
  onMerged?: (merge: { id: string; conflicted: boolean; restored: boolean; before: Note }) => void;
}

/**
 * The notes collection's RxDB conflict handler: resolves a push conflict with the three-way
 * merge of docs/sync-protocol.md (M1–M10) instead of RxDB's default "the master wins", which
 * would silently drop this device's offline edits.
 */
export function createNoteConflictHandler(options: NoteConflictHandlerOptions): RxConflictHandler<Note> {
  return {
    // RxDB calls this often and synchronously (upstream, downstream and to count pending
    // writes). It must see every replicated field: one ignored field makes a real edit of it
    // look already pushed (a lost write); an RxDB meta field compared makes equal notes differ.
    // notesEquivalent reads exactly the replicated fields, so no copy is needed here.
    isEqual(a, b) {
      return notesEquivalent(a, b);
    },
    resolve({ newDocumentState, realMasterState, assumedMasterState }) {
      const ours = toReplicatedNote(newDocumentState);
      const base = assumedMasterState ? toReplicatedNote(assumedMasterState) : null;
      const { merged, conflicted } = mergeNotes({
        base,
        ours,
        theirs: toReplicatedNote(realMasterState),
        // Ours is this device's own text; theirs is the server's, written by some other device.
        labels: { ours: options.deviceName(), theirs: 'another device' },
      });
      // A merge of ours only if this device had changed something the result changes again.
      const oursHadEdits = base === null || !notesEquivalent(ours, base);
      const changedOurs =
        merged.title !== ours.title || merged.body !== ours.body || merged.folder !== ours.folder;
      if (oursHadEdits && (changedOurs || (merged._deleted !== ours._deleted && !merged._deleted))) {
        const { _deleted: oursDeleted, ...before } = ours;
        // M7: a side had deleted the note (trash or forever) and the merge brought it back.
        const restored =
          !merged._deleted &&
          merged.trashedAt === 0 &&
          (oursDeleted || ours.trashedAt > 0 || realMasterState._deleted || realMasterState.trashedAt > 0);
        options.onMerged?.({ id: merged.id, conflicted, restored, before });
      }
      return Promise.resolve(merged);
    },
  };
}
