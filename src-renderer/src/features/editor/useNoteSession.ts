import { useCallback, useEffect, useState } from 'react';
import type { MergeNotice, NoteVersion } from '../../../../src-shared/api/notes-api';
import { describeFailure, failureReasonOf } from '../../api/failures';
import { useServices } from '../../api/useServices';
import type { NoteSession } from './note-session';
import type { Autosave } from './useAutosave';

export type OpenNote =
  | { status: 'none' }
  /** `previous` is the note shown before, kept on screen (read-only) until this one arrives. */
  | { status: 'loading'; id: string; previous?: ReadyNote }
  | { status: 'missing'; id: string }
  | { status: 'error'; id: string; message: string }
  | ReadyNote;

/** `note` is the host's newest version; the text and title on screen are the session's. */
export interface ReadyNote {
  status: 'ready';
  id: string;
  session: NoteSession;
  note: NoteVersion;
  /** Grows whenever the session's title or text changed by something other than the user. */
  contentRevision: number;
}

type Loaded = Exclude<OpenNote, { status: 'none' } | { status: 'loading' }>;

export interface OpenNoteControls {
  state: OpenNote;
  retry: () => void;
}

/**
 * Opens the selected note as a `NoteSession` and feeds it every newer version the host has
 * (editing rules E8–E9): the session merges them with what the user is typing.
 */
export function useNoteSession(
  noteId: string | null,
  autosave: Autosave,
  onMerged: (noteId: string, notice: MergeNotice) => void,
): OpenNoteControls {
  const { api, changes } = useServices();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (noteId === null) return;
    let session: NoteSession | null = null;
    let stopSession: (() => void) | null = null;
    let latest = 0;
    let closed = false;

    const show = (current: NoteSession, contentChanged: boolean): void =>
      setLoaded((prev) => ({
        status: 'ready',
        id: current.id,
        session: current,
        note: current.version,
        contentRevision:
          (prev?.status === 'ready' && prev.id === current.id ? prev.contentRevision : 0) +
          (contentChanged ? 1 : 0),
      }));

    const adopt = (version: NoteVersion): void => {
      const opened = autosave.sessions.open(version);
      session = opened;
      stopSession = opened.subscribe((event) => {
        if (event.kind === 'content') show(opened, true);
        else if (event.kind === 'version') show(opened, false);
        else if (event.kind === 'dirty') autosave.controller.edit(opened.id, {});
        else onMerged(opened.id, event.notice);
      });
      show(opened, false);
    };

    const load = async (): Promise<void> => {
      const request = ++latest;
      try {
        // Edits of the note shown before are sent first: a note switched away from in
        // mid-sentence is saved at once, not a debounce later.
        if (!session) await autosave.controller.flush().catch(() => undefined);
        const version = await api.notes.get.query({ id: noteId });
        if (closed) return;
        if (session) session.receive(version);
        else if (request === latest) adopt(version);
      } catch (error) {
        if (closed || request !== latest) return;
        if (failureReasonOf(error) === 'NOTE_NOT_FOUND') {
          // Deleted forever elsewhere. Typing still in this window brings it back when saved (E5).
          if (session?.hasUnsavedChanges()) return;
          setLoaded({ status: 'missing', id: noteId });
          return;
        }
        // A failed refresh keeps the note on screen; a failed open says why.
        const failed: Loaded = { status: 'error', id: noteId, message: describeFailure(error) };
        setLoaded((prev) => (session === null || prev?.id !== noteId ? failed : prev));
      }
    };

    void load();
    const unsubscribe = changes.subscribe((change) => {
      if (change.kind === 'all' || change.ids.includes(noteId)) void load();
      if (change.kind === 'ids') {
        for (const merge of change.merges) {
          if (merge.id === noteId) onMerged(noteId, merge);
        }
      }
    });
    return () => {
      closed = true;
      unsubscribe();
      stopSession?.();
      if (session) autosave.sessions.release(session);
    };
  }, [api, changes, autosave.sessions, autosave.controller, noteId, attempt, onMerged]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  let state: OpenNote;
  if (noteId === null) state = { status: 'none' };
  else if (loaded?.id !== noteId)
    state = { status: 'loading', id: noteId, ...(loaded?.status === 'ready' ? { previous: loaded } : {}) };
  else state = loaded;
  return { state, retry };
}
