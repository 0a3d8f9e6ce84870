import { useMemo } from 'react';
import { useServices } from '../../api/useServices';
import { describeFailure } from '../../api/failures';
import { toasts } from '../../ui';
import { useRegisterCommands, type AppCommand } from '../commands';
import { useRefactor } from './useRefactor';

/**
 * "Undo last rename" in the palette and on Mod+Alt+Z: the editor's Mod+Z stays the editor's own
 * undo, so a vault-wide rename has a key of its own. The host knows the last operation, so it
 * works whichever window or pane made it.
 */
export function useRefactorCommands(): void {
  const { api } = useServices();
  const actions = useRefactor();
  const commands = useMemo<AppCommand[]>(
    () => [
      {
        id: 'vault.undoRename',
        label: 'Undo last rename or move',
        group: 'Vault',
        shortcut: 'undoRename',
        keywords: 'refactor links tag folder heading revert',
        run: () => {
          void api.refactor.lastUndoable
            .query()
            .then((last) => {
              if (last) void actions.undo(last.operationId);
              else toasts.show({ message: 'No rename to undo' });
            })
            .catch((error: unknown) =>
              toasts.show({ tone: 'error', message: `Couldn’t undo: ${describeFailure(error)}` }),
            );
        },
      },
    ],
    [api, actions],
  );
  useRegisterCommands(commands);
}
