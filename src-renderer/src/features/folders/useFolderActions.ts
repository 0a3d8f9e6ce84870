import { useMemo } from 'react';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import type { FolderNode } from '../../api/quire-api';
import { type ConfirmRequest, toasts } from '../../ui';
import { useRefactor } from '../refactor';

export interface FolderActions {
  create(path: string): Promise<boolean>;
  /** Renames or moves a folder with everything in it (links rewritten by the rename refactor). */
  move(node: FolderNode, to: string): Promise<boolean>;
  moveNote(id: string, folder: string): Promise<boolean>;
  /** Asks first, with how many notes go to the trash. */
  remove(node: FolderNode, onRemoved?: () => void): void;
}

function fail(what: string, error: unknown): void {
  toasts.show({ tone: 'error', message: `${what} ${describeFailure(error)}` });
}

const plural = (count: number, one: string): string =>
  `${count.toLocaleString()} ${one}${count === 1 ? '' : 's'}`;

/** What the tree does to folders: made and deleted here, moved by the rename refactor (Undo toast). */
export function useFolderActions(confirm: (request: ConfirmRequest) => void): FolderActions {
  const { api } = useServices();
  const refactor = useRefactor();
  return useMemo(
    () => ({
      async create(path) {
        try {
          await api.folders.create.mutate({ path });
          return true;
        } catch (error) {
          fail('Couldn’t make the folder.', error);
          return false;
        }
      },
      async move(node, to) {
        // A folder without notes lives only in this device's settings: nothing to rewrite.
        if (node.totalCount > 0 && (await refactor.moveFolder(node.path, to)) === null) return false;
        try {
          await api.folders.moved.mutate({ from: node.path, to });
          return true;
        } catch (error) {
          fail('Couldn’t move the folder.', error);
          return false;
        }
      },
      async moveNote(id, folder) {
        return (await refactor.moveNote(id, folder)) !== null;
      },
      remove(node, onRemoved) {
        const count = node.totalCount;
        confirm({
          title: `Delete “${node.name}”?`,
          message:
            count === 0
              ? 'The folder is empty.'
              : `${plural(count, 'note')} in it and its subfolders will move to the trash. Restoring a note puts it back in its folder.`,
          confirmLabel: count === 0 ? 'Delete folder' : `Move ${plural(count, 'note')} to trash`,
          onConfirm: () => {
            api.folders.delete.mutate({ path: node.path }).then(
              ({ trashed }) => {
                onRemoved?.();
                toasts.show({
                  message:
                    trashed === 0
                      ? `Deleted “${node.name}”`
                      : `Moved ${plural(trashed, 'note')} to the trash`,
                });
              },
              (error: unknown) => fail('Couldn’t delete the folder.', error),
            );
          },
        });
      },
    }),
    [api, confirm, refactor],
  );
}
