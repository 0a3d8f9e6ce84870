import { extractTags } from '../../markdown/frontmatter';
import { jsonEqual } from '../../json-equal';
import { NOTE_LIMITS } from '../../schema/note';
import { replicatedNoteSchema, toReplicatedNote, type ReplicatedNote } from '../protocol';
import { conflictMarkerLines, type ConflictLabels } from './markers';
import { mergeMarkdown, overflowBody } from './merge-markdown';
import { pick3 } from './pick3';

/**
 * The three-way merge of one note (docs/sync-protocol.md, "Merging conflicts", rules M1–M10).
 * Pure and deterministic: every device that merges the same three versions with the same labels
 * gets the same note, so two devices resolving the same conflict converge instead of ping-ponging.
 */

export interface MergeNotesInput {
  /** The master `ours` was derived from; null when the device never saw one (M9). */
  base: ReplicatedNote | null;
  /** This device's version. */
  ours: ReplicatedNote;
  /** The server's current master. */
  theirs: ReplicatedNote;
  /**
   * Who wrote each side, named in the conflict markers (M10), e.g. `{ ours: 'Alice’s laptop',
   * theirs: 'another device' }`. The merged text replicates to every device, so "this device"
   * would be wrong wherever it is read but here.
   */
  labels: ConflictLabels;
}

export interface MergeNotesResult {
  merged: ReplicatedNote;
  /** True when conflict markers were written into the body (M6); merged.needsReview is then set. */
  conflicted: boolean;
}

export function mergeNotes({ base: givenBase, ours, theirs, labels }: MergeNotesInput): MergeNotesResult {
  if (notesEquivalent(ours, theirs)) return { merged: toReplicatedNote(theirs), conflicted: false };
  // M9: an empty base makes every line of both sides an addition, so nothing can be dropped.
  const base = givenBase ?? emptyBase(ours.id);
  // M2.
  if (notesEquivalent(ours, base)) return { merged: toReplicatedNote(theirs), conflicted: false };
  if (notesEquivalent(theirs, base)) return { merged: toReplicatedNote(ours), conflicted: false };

  // M5: the later edit wins scalars changed on both sides; on a tie the server's version, so
  // both devices of a conflict pick the same side.
  const oursWins = ours.updatedAt > theirs.updatedAt;

  const markers = conflictMarkerLines(labels);
  let { text: body, conflicted } = mergeMarkdown(base.body, ours.body, theirs.body, oursWins, markers);
  if (body.length > NOTE_LIMITS.bodyMaxLength) {
    body = overflowBody(ours.body, theirs.body, markers);
    conflicted = true;
  }

  const { _deleted, trashedAt } = mergeLifecycle(base, ours, theirs, oursWins);
  const merged: ReplicatedNote = {
    id: ours.id,
    title: pick3(base.title, ours.title, theirs.title, oursWins),
    body,
    // The field is derived from the text (as on every save), never merged on its own.
    tags: extractTags(body),
    folder: pick3(base.folder, ours.folder, theirs.folder, oursWins),
    // M8.
    createdAt: Math.min(ours.createdAt, theirs.createdAt),
    updatedAt: Math.max(ours.updatedAt, theirs.updatedAt),
    trashedAt,
    // Three-way rather than "either side": a device that marked the note resolved must not see
    // the flag come back because the other side (still flagged) edited something else.
    needsReview: conflicted || pick3(base.needsReview, ours.needsReview, theirs.needsReview, oursWins),
    _deleted,
  };
  const fileName = pick3(base.fileName, ours.fileName, theirs.fileName, oursWins);
  if (fileName !== undefined) merged.fileName = fileName;
  // M8: a result neither side had must sort as the newest edit, or a device could take it for
  // an older version of what it already shows.
  const sameContent = (side: ReplicatedNote): boolean =>
    notesEquivalent(merged, { ...side, createdAt: merged.createdAt, updatedAt: merged.updatedAt });
  if (!sameContent(ours) && !sameContent(theirs)) merged.updatedAt += 1;
  return { merged, conflicted };
}

/**
 * Equality of everything that replicates: every field of the note schema plus `_deleted`,
 * read from the schema so a field added later is compared too (ignoring one makes a real
 * change look like "no conflict" and loses it). Extra keys (RxDB's _meta, _rev, _attachments)
 * are ignored. Tags compare in order: the order is the user's text.
 */
export function notesEquivalent(a: ReplicatedNote, b: ReplicatedNote): boolean {
  return REPLICATED_FIELDS.every((field) => jsonEqual(a[field], b[field]));
}

const REPLICATED_FIELDS = Object.keys(replicatedNoteSchema.shape) as (keyof ReplicatedNote)[];

function emptyBase(id: string): ReplicatedNote {
  return {
    id,
    title: '',
    body: '',
    tags: [],
    folder: '',
    createdAt: 0,
    updatedAt: 0,
    trashedAt: 0,
    needsReview: false,
    _deleted: false,
  };
}

/** M7: whether the merged note is live, in the trash, or deleted forever. */
function mergeLifecycle(
  base: ReplicatedNote,
  ours: ReplicatedNote,
  theirs: ReplicatedNote,
  oursWins: boolean,
): { _deleted: boolean; trashedAt: number } {
  // A delete is a step relative to the base: a note already in the trash there was not
  // deleted again by a side that merely left it there.
  const deletedBy = (side: ReplicatedNote): boolean =>
    (side._deleted && !base._deleted) || (side.trashedAt > 0 && base.trashedAt === 0);
  const contentChanged = (side: ReplicatedNote): boolean =>
    side.title !== base.title || side.body !== base.body || side.folder !== base.folder;

  const oursDeleted = deletedBy(ours);
  const theirsDeleted = deletedBy(theirs);
  if (oursDeleted && theirsDeleted) {
    return {
      _deleted: ours._deleted || theirs._deleted,
      trashedAt: Math.max(ours.trashedAt, theirs.trashedAt),
    };
  }
  if (oursDeleted || theirsDeleted) {
    const [deleter, other] = oursDeleted ? [ours, theirs] : [theirs, ours];
    // The deleter's note carries the content it deleted: if that already equals the other side,
    // the delete saw this edit (a push retried after a lost reply has a stale base) and wins.
    const deleteSawEdit =
      other.title === deleter.title && other.body === deleter.body && other.folder === deleter.folder;
    if (contentChanged(other) && !deleteSawEdit) return { _deleted: false, trashedAt: 0 };
    return { _deleted: deleter._deleted, trashedAt: deleter.trashedAt };
  }
  return {
    _deleted: pick3(base._deleted, ours._deleted, theirs._deleted, oursWins),
    trashedAt: pick3(base.trashedAt, ours.trashedAt, theirs.trashedAt, oursWins),
  };
}
