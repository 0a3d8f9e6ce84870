import { extractTags } from '../../src-shared/markdown/frontmatter';
import type { MergeNotice, NoteVersion } from '../../src-shared/api/notes-api';
import { copyNote, type Note } from '../../src-shared/schema/note';
import { toReplicatedNote, type ReplicatedNote } from '../../src-shared/sync/protocol';
import { CONFLICT_OPEN_PREFIX, mergeNotes, notesEquivalent } from '../../src-shared/sync/merge';
import { hasConflictMarkers, parseConflictBlocks } from '../../src-shared/sync/conflict-blocks';

/** The content a write changes; an absent field keeps the base's value. */
export interface NotePatch {
  title?: string | undefined;
  body?: string | undefined;
  folder?: string | undefined;
}

export interface WriteContext {
  /** When this write happens; the result's updatedAt is after it and after the stored version's. */
  now: number;
  /** This device's name, for the conflict markers' labels (M10). */
  deviceName: string;
  /** Whether the stored version was written by this host (another window) or arrived by sync. */
  storedWrittenBy: NoteVersion['writtenBy'];
}

export interface WriteOutcome {
  note: Note;
  merge: MergeNotice | null;
}

/**
 * Editing rules E2–E5 (docs/sync-protocol.md, "Editing"): a write is the caller's base with the
 * patch applied ("ours"). If the stored note is still that base, ours is written as it is (E2);
 * if the stored note has moved on (sync, another window), the three versions are merged with the
 * same `mergeNotes` as a sync conflict (E3), so nothing the caller did not see is overwritten.
 */
export function applyWrite(base: Note, patch: NotePatch, stored: Note, context: WriteContext): WriteOutcome {
  const updatedAt = Math.max(context.now, stored.updatedAt + 1, base.updatedAt + 1);
  const ours: Note = { ...base, tags: [...base.tags], updatedAt };
  if (patch.title !== undefined) ours.title = patch.title;
  if (patch.body !== undefined) {
    ours.body = patch.body;
    ours.tags = extractTags(patch.body);
  }
  if (patch.folder !== undefined) ours.folder = patch.folder;

  const baseDoc = toReplicatedNote(base);
  const storedDoc = toReplicatedNote(stored);
  // E2: the stored note is the base (or only its timestamps moved): the write applies as given.
  // M6/E9: a caller that merged on its side (an editor) may send markers of its own merge.
  const writesNewMarkers = markerBlocks(ours.body) > markerBlocks(base.body);
  if (sameContent(baseDoc, storedDoc)) {
    const next: Note = {
      ...stored,
      title: ours.title,
      body: ours.body,
      tags: ours.tags,
      folder: ours.folder,
      needsReview: stored.needsReview || writesNewMarkers,
    };
    // E6: a write that changes nothing is not a new version.
    if (sameContent(toReplicatedNote(next), storedDoc)) return { note: stored, merge: null };
    return { note: { ...next, updatedAt }, merge: null };
  }

  const { merged, conflicted } = mergeNotes({
    base: baseDoc,
    ours: toReplicatedNote(ours),
    theirs: storedDoc,
    labels: {
      ours: context.deviceName,
      theirs:
        context.storedWrittenBy === 'local' ? `${context.deviceName} (another window)` : 'another device',
    },
  });
  const { _deleted: _ignored, ...note } = merged;
  const result: Note = {
    ...note,
    updatedAt: Math.max(note.updatedAt, stored.updatedAt + 1),
    needsReview: note.needsReview || writesNewMarkers,
  };
  if (sameContent(toReplicatedNote(result), storedDoc)) return { note: stored, merge: null };
  const wasDeleted = stored.trashedAt > 0 && base.trashedAt === 0;
  return {
    note: result,
    merge: {
      from: context.storedWrittenBy === 'local' ? 'another-window' : 'another-device',
      conflicted,
      restored: wasDeleted && result.trashedAt === 0,
    },
  };
}

function markerBlocks(text: string): number {
  if (!text.includes(CONFLICT_OPEN_PREFIX)) return 0;
  const blocks = parseConflictBlocks(text).length;
  return blocks === 0 && hasConflictMarkers(text) ? 1 : blocks;
}

/** Equal in everything but the timestamps. */
function sameContent(a: ReplicatedNote, b: ReplicatedNote): boolean {
  return notesEquivalent({ ...a, createdAt: 0, updatedAt: 0 }, { ...b, createdAt: 0, updatedAt: 0 });
}

/** The note of a version, without the host's bookkeeping (revision, writer). */
export function toPlainNote(version: NoteVersion): Note {
  return copyNote(version);
}

/** The fields a patch sets. */
export function definedPatch(patch: NotePatch): Partial<Note> {
  const out: Partial<Note> = {};
  if (patch.title !== undefined) out.title = patch.title;
  if (patch.body !== undefined) out.body = patch.body;
  if (patch.folder !== undefined) out.folder = patch.folder;
  return out;
}
