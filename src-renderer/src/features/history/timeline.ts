import { UNTITLED } from '../../../../src-shared/note-title';
import { lineChangeCounts } from '../../../../src-shared/diff/text-diff';
import type { Note, Revision, SnapshotSummary } from '../../api/quire-api';
import { formatFullTime, formatTimestamp } from '../../lib/relative-time';
import { formatBytes, formatSize } from './text-stats';

export type EntrySource = 'current' | 'snapshot' | 'revision';

/** One version in the history: the note now, a snapshot on this device, or a server revision. */
export interface TimelineEntry {
  key: string;
  source: EntrySource;
  at: number;
  title: string;
  when: string;
  whenFull: string;
  /** Where the version comes from: "On this device · while editing", "Sync server · by Phone". */
  origin: string;
  size: string;
  /** Lines added and removed against the version before it (from the same place). */
  change: { added: number; removed: number } | null;
  flag: string | null;
  snapshotId: number | null;
  revision: Revision | null;
  /** The text when it is at hand (the note, a revision); a snapshot's is loaded when shown. */
  body: string | null;
}

export const REASON_LABELS: Record<SnapshotSummary['reason'], string> = {
  edit: 'while editing',
  merge: 'before a merge',
  refactor: 'before a rename',
  restore: 'before a restore',
};

export function buildTimeline(input: {
  note: Note;
  snapshots: readonly SnapshotSummary[];
  revisions: readonly Revision[];
  now: number;
  deviceName: (deviceId: string | null) => string;
}): [TimelineEntry, ...TimelineEntry[]] {
  const { note, now } = input;
  const current: TimelineEntry = {
    key: 'current',
    source: 'current',
    at: note.updatedAt,
    title: note.title || UNTITLED,
    when: 'Current version',
    whenFull: `Last edited ${formatFullTime(note.updatedAt)}`,
    origin: formatTimestamp(note.updatedAt, now),
    size: formatSize(note.body),
    change: null,
    flag: null,
    snapshotId: null,
    revision: null,
    body: note.body,
  };
  const local = input.snapshots.map((snapshot): TimelineEntry => ({
    key: `snapshot-${snapshot.snapshotId}`,
    source: 'snapshot',
    at: snapshot.takenAt,
    title: snapshot.title || UNTITLED,
    when: formatTimestamp(snapshot.takenAt, now),
    whenFull: `Kept on this device ${REASON_LABELS[snapshot.reason]}, ${formatFullTime(snapshot.takenAt)}`,
    origin: `On this device · ${REASON_LABELS[snapshot.reason]}`,
    size: formatBytes(snapshot.size),
    change: { added: snapshot.added, removed: snapshot.removed },
    flag: snapshot.reason === 'edit' ? null : snapshot.reason === 'merge' ? 'Before merge' : null,
    snapshotId: snapshot.snapshotId,
    revision: null,
    body: null,
  }));
  const revisions = [...input.revisions].sort((a, b) => b.replacedAt - a.replacedAt);
  const fromServer = revisions.map((revision, i): TimelineEntry => {
    const doc = revision.document;
    const older = revisions[i + 1];
    return {
      key: `revision-${revision.revisionId}`,
      source: 'revision',
      at: revision.replacedAt,
      title: doc.title || UNTITLED,
      when: formatTimestamp(revision.replacedAt, now),
      whenFull: `Replaced ${formatFullTime(revision.replacedAt)}`,
      origin: `Sync server · replaced by ${input.deviceName(revision.replacedByDevice)}`,
      size: formatSize(doc.body),
      change: older ? lineChangeCounts(older.document.body, doc.body) : lineChangeCounts('', doc.body),
      flag: doc._deleted ? 'Deleted' : doc.trashedAt > 0 ? 'In the trash' : null,
      snapshotId: null,
      revision,
      body: doc.body,
    };
  });
  // Newest first; on a tie the local snapshot first (it is what this device had).
  const rank = (entry: TimelineEntry): number => (entry.source === 'snapshot' ? 0 : 1);
  const earlier = [...local, ...fromServer].sort((a, b) => b.at - a.at || rank(a) - rank(b));
  return [current, ...earlier];
}
