import { useCallback, useEffect, useState } from 'react';
import type { Revision } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';

export type NoteHistory =
  { status: 'loading' } | { status: 'ready'; revisions: Revision[] } | { status: 'error'; message: string };

/**
 * The versions of a note the sync server kept (`notes.history`), newest first; with `fromServer`
 * false (signed out) none, without asking.
 */
export function useNoteHistory(noteId: string, fromServer = true): NoteHistory & { reload: () => void } {
  const { api } = useServices();
  const [history, setHistory] = useState<NoteHistory>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    if (!fromServer) return;
    api.notes.history.query({ id: noteId }).then(
      ({ revisions }) => {
        if (active)
          setHistory({
            status: 'ready',
            revisions: [...revisions].sort((a, b) => b.replacedAt - a.replacedAt),
          });
      },
      (error: unknown) => {
        if (active)
          setHistory({
            status: 'error',
            message: describeFailure(error),
          });
      },
    );
    return () => {
      active = false;
    };
  }, [api, noteId, attempt, fromServer]);

  const reload = useCallback(() => {
    setHistory({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return fromServer ? { ...history, reload } : { status: 'ready', revisions: [], reload };
}
