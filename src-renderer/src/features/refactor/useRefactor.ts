import { useMemo } from 'react';
import { useServices } from '../../api/useServices';
import { describeFailure } from '../../api/failures';
import { toasts } from '../../ui';
import type { QuireApi } from '../../api/quire-api';
import type { RefactorResult } from '../../../../src-shared/api/refactor-api';
import { resultMessage, undoMessage } from './refactor-words';

/** Each resolves to the operation's result, or to null when it failed (the toast said why). */
export interface RefactorActions {
  renameNote(id: string, title: string): Promise<RefactorResult | null>;
  moveNote(id: string, folder: string): Promise<RefactorResult | null>;
  /** `to` is the folder's whole new path (`a/b` → `c/b` moves it, `a/x` renames it). */
  moveFolder(from: string, to: string): Promise<RefactorResult | null>;
  renameTag(from: string, to: string): Promise<RefactorResult | null>;
  renameHeading(id: string, from: string, to: string): Promise<RefactorResult | null>;
  undo(operationId: string): Promise<RefactorResult | null>;
}

/**
 * Runs a refactor and says what it did in a toast with Undo, or why it failed in the reason's
 * words. The one way the UI renames (title field, folder tree, tag pane, heading offer).
 */
export function createRefactorActions(api: QuireApi['refactor']): RefactorActions {
  const undo = async (operationId: string): Promise<RefactorResult | null> => {
    try {
      const result = await api.undo.mutate({ operationId });
      toasts.show({ message: undoMessage(result) });
      return result;
    } catch (error) {
      toasts.show({ tone: 'error', message: `Couldn’t undo: ${describeFailure(error)}` });
      return null;
    }
  };
  const run = async (done: string, failed: string, call: () => Promise<RefactorResult>) => {
    try {
      const result = await call();
      if (result.notesChanged > 0)
        toasts.show({
          message: resultMessage(done, result),
          action: { label: 'Undo', run: () => void undo(result.operationId) },
        });
      return result;
    } catch (error) {
      toasts.show({ tone: 'error', message: `${failed}: ${describeFailure(error)}` });
      return null;
    }
  };
  return {
    renameNote: (id, title) =>
      run('Renamed', 'Couldn’t rename the note', () => api.renameNote.mutate({ id, title })),
    moveNote: (id, folder) =>
      run('Moved', 'Couldn’t move the note', () => api.renameNote.mutate({ id, folder })),
    moveFolder: (from, to) =>
      run('Folder moved', 'Couldn’t move the folder', () => api.moveFolder.mutate({ from, to })),
    renameTag: (from, to) =>
      run('Tag renamed', 'Couldn’t rename the tag', () => api.renameTag.mutate({ from, to })),
    renameHeading: (id, from, to) =>
      run('Heading links updated', 'Couldn’t update the links', () =>
        api.renameHeading.mutate({ id, from, to }),
      ),
    undo,
  };
}

export function useRefactor(): RefactorActions {
  const { api } = useServices();
  return useMemo(() => createRefactorActions(api.refactor), [api]);
}
