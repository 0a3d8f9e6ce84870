import { vi } from 'vitest';
import type {
  Note,
  NoteWriteResult,
  QuireApi,
  RestoreVersionInput,
  Snapshot,
  SnapshotSettings,
} from '../../../src-renderer/src/api/quire-api';
import type { NoteVersion } from '../../../src-shared/api/notes-api';
import { DEFAULT_SNAPSHOT_SETTINGS } from '../../../src-shared/api/snapshots-api';
import { lineChangeCounts } from '../../../src-shared/diff/text-diff';

/**
 * `snapshots.*` over the fake host's notes: `keep` stands for the host's recorder, `restore`
 * keeps the current text first and writes the version back over its base, as the host does.
 */
export function createFakeSnapshots(deps: {
  notes: Map<string, Note>;
  version: (note: Note) => NoteVersion;
  emitChange: (ids: string[]) => void;
  restoreRevision: (input: {
    id: string;
    revisionId: string;
    base: NoteVersion | null;
  }) => Promise<NoteWriteResult>;
  refuse: (reason: 'SNAPSHOT_NOT_FOUND' | 'NOTE_NOT_FOUND') => Error;
}) {
  const byNote = new Map<string, Snapshot[]>();
  let nextId = 1;
  const settings: SnapshotSettings = { ...DEFAULT_SNAPSHOT_SETTINGS };

  /** A snapshot of the note's text as it is now (or as given), newest first like the host's list. */
  const keep = (
    note: Pick<Note, 'id' | 'title' | 'body' | 'folder' | 'updatedAt'>,
    reason: Snapshot['reason'],
    takenAt: number,
  ): Snapshot => {
    const list = byNote.get(note.id) ?? [];
    const previous = list[0];
    const counts = previous
      ? lineChangeCounts(previous.body, note.body)
      : { added: note.body.split('\n').length, removed: 0 };
    const snapshot: Snapshot = {
      snapshotId: nextId++,
      noteId: note.id,
      reason,
      takenAt,
      updatedAt: note.updatedAt,
      title: note.title,
      folder: note.folder,
      body: note.body,
      size: new TextEncoder().encode(note.body).length,
      ...counts,
    };
    byNote.set(note.id, [snapshot, ...list]);
    return snapshot;
  };

  const find = (id: string, snapshotId: number): Snapshot => {
    const found = byNote.get(id)?.find((s) => s.snapshotId === snapshotId);
    if (!found) throw deps.refuse('SNAPSHOT_NOT_FOUND');
    return found;
  };

  const list = vi.fn(({ id }: { id: string }) =>
    Promise.resolve({
      snapshots: (byNote.get(id) ?? []).map(({ body: _body, folder: _folder, ...summary }) => summary),
    }),
  );
  const get = vi.fn(({ id, snapshotId }: { id: string; snapshotId: number }) => {
    try {
      return Promise.resolve({ ...find(id, snapshotId) });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  const restore = vi.fn(async (input: RestoreVersionInput): Promise<NoteWriteResult> => {
    const current = deps.notes.get(input.id);
    const source = input.from.kind === 'snapshot' ? find(input.id, input.from.snapshotId) : null;
    if (current) keep(current, 'restore', current.updatedAt + 1);
    if (input.from.kind === 'revision') {
      return deps.restoreRevision({ id: input.id, revisionId: input.from.revisionId, base: input.base });
    }
    if (!current || !source) throw deps.refuse('NOTE_NOT_FOUND');
    const note = { ...current, title: source.title, body: source.body, updatedAt: current.updatedAt + 2 };
    deps.notes.set(input.id, note);
    deps.emitChange([input.id]);
    return { note: deps.version(note), merge: null };
  });

  const api: QuireApi['snapshots'] = {
    list: { query: list },
    get: { query: get },
    restore: { mutate: restore },
    settings: { query: () => Promise.resolve({ ...settings }) },
    setSettings: {
      mutate: (patch) => Promise.resolve(Object.assign(settings, patch)),
    },
  };
  return { api, keep, byNote, list, get, restore };
}

export type FakeSnapshots = ReturnType<typeof createFakeSnapshots>;
