import { useCallback, useEffect, useState } from 'react';
import { describeError, errorCode } from '../api/errors';
import type { Note } from '../api/quire-api';
import type { AutosaveController } from '../lib/autosave';
import { useServices } from './useServices';

export type OpenNote =
  | { status: 'none' }
  /** `previous` is the note shown before, kept on screen (read-only) until this one arrives. */
  | { status: 'loading'; id: string; previous?: ReadyNote }
  | { status: 'missing'; id: string }
  | { status: 'error'; id: string; message: string }
  | ReadyNote;

/**
 * `docRevision` changes only when the editor must take `note.body`: on open, or when another
 * writer changed the note while we had no unsaved edits. Refreshes caused by our own saves keep
 * it, so they never move the cursor.
 *
 * `editsAtFetch` is the autosave edit count of the note when `note` was requested. Whoever applies
 * a new revision checks it again right before doing so: a keystroke that landed after the fetch
 * answered but before the revision reached the editor means the fetched body is stale.
 */
export interface ReadyNote {
  status: 'ready';
  id: string;
  note: Note;
  docRevision: number;
  editsAtFetch: number;
}

type Loaded = Exclude<OpenNote, { status: 'none' } | { status: 'loading' }>;

export interface OpenNoteControls {
  state: OpenNote;
  retry: () => void;
}

/**
 * Loads the selected note and keeps it current. `readEditorText` reports what the editor shows,
 * so an external change identical to it (typically the echo of our own save) is not re-applied.
 */
export function useOpenNote(
  noteId: string | null,
  autosave: AutosaveController,
  readEditorText: () => string | null,
): OpenNoteControls {
  const { api, changes } = useServices();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (noteId === null) return;
    let latest = 0;

    const load = async (reason: 'open' | 'change'): Promise<void> => {
      const request = ++latest;
      try {
        // Opening a note edited moments ago must read what we saved, not what the host had before.
        if (reason === 'open') await autosave.flush();
        const editsBefore = autosave.editCount(noteId);
        const note = await api.notes.get.query({ id: noteId });
        if (request !== latest) return;
        const editedMeanwhile =
          autosave.editCount(noteId) !== editsBefore || autosave.hasUnsavedChanges(noteId);
        const editorText = readEditorText();
        const takeBody = !editedMeanwhile && editorText !== null && editorText !== note.body;
        setLoaded((prev) => {
          const fresh = reason === 'open' || prev?.id !== noteId || prev.status !== 'ready';
          const revision = prev?.status === 'ready' ? prev.docRevision : 0;
          if (fresh)
            return {
              status: 'ready',
              id: noteId,
              note,
              docRevision: revision + 1,
              editsAtFetch: editsBefore,
            };
          return {
            ...prev,
            note,
            docRevision: takeBody ? revision + 1 : revision,
            editsAtFetch: editsBefore,
          };
        });
      } catch (error) {
        if (request !== latest) return;
        if (errorCode(error) === 'NOT_FOUND') {
          setLoaded({ status: 'missing', id: noteId });
          return;
        }
        // A failed refresh keeps the note on screen. A failed open, or a refresh that overtook
        // the open before anything was shown, says why instead of loading forever.
        const failed: Loaded = { status: 'error', id: noteId, message: describeError(error) };
        setLoaded((prev) => (reason === 'open' || prev?.id !== noteId ? failed : prev));
      }
    };

    void load('open');
    const unsubscribe = changes.subscribe((change) => {
      if (change.kind === 'all' || change.ids.includes(noteId)) void load('change');
    });
    return () => {
      latest = -1;
      unsubscribe();
    };
  }, [api, changes, autosave, readEditorText, noteId, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  let state: OpenNote;
  if (noteId === null) state = { status: 'none' };
  else if (loaded?.id !== noteId)
    state = { status: 'loading', id: noteId, previous: loaded?.status === 'ready' ? loaded : undefined };
  else state = loaded;
  return { state, retry };
}
