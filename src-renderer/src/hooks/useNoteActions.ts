import { useMemo } from 'react';
import type { NoteView } from '../../../src-shared/api/notes-api';
import { describeError } from '../api/errors';
import type { AutosaveController } from '../lib/autosave';
import type { ConfirmRequest } from '../components/ConfirmDialog';
import { toasts } from '../state/toast-store';
import { useServices } from './useServices';

export interface NoteActionsDeps {
  autosave: AutosaveController;
  /** Selects a note in a view (and shows that view). */
  select: (view: NoteView, id: string | null) => void;
  /** The note to select once `id` leaves the current list: its neighbour below, else above. */
  neighbourOf: (id: string) => string | null;
  /** Asks for confirmation before something irreversible. */
  confirm: (request: ConfirmRequest) => void;
  /** A note was just created and should be named: put the cursor in its title. */
  focusTitleOf: (id: string) => void;
}

// Properties rather than methods: they are handed around as callbacks.
export interface NoteActions {
  create: (title?: string) => Promise<void>;
  trash: (id: string) => Promise<void>;
  restore: (id: string) => Promise<void>;
  deleteForever: (id: string, title: string) => void;
  emptyTrash: (count: number) => void;
}

function fail(what: string, error: unknown): void {
  toasts.show({ tone: 'error', message: `${what} ${describeError(error)}` });
}

/** Create, trash (with undo), restore and delete, each reporting failures in plain words. */
export function useNoteActions(deps: NoteActionsDeps): NoteActions {
  const { api } = useServices();
  const { autosave, select, neighbourOf, confirm, focusTitleOf } = deps;

  return useMemo(() => {
    const restore = async (id: string, reopen: boolean): Promise<void> => {
      const next = reopen ? null : neighbourOf(id);
      try {
        await api.notes.restore.mutate({ id });
        if (reopen) {
          select('notes', id);
        } else {
          select('trash', next);
          toasts.show({ message: 'Restored to Notes', action: { label: 'Open', run: () => select('notes', id) } });
        }
      } catch (error) {
        fail('Couldn’t restore the note.', error);
      }
    };

    return {
      async create(title) {
        try {
          // Anything typed a moment ago is saved before the list reorders under the new note.
          await autosave.flush();
          const note = await api.notes.create.mutate(title === undefined ? {} : { title });
          select('notes', note.id);
          if (title === undefined) focusTitleOf(note.id);
        } catch (error) {
          fail('Couldn’t create a note.', error);
        }
      },

      async trash(id) {
        const next = neighbourOf(id);
        try {
          await autosave.flush();
          await api.notes.trash.mutate({ id });
          select('notes', next);
          toasts.show({ message: 'Moved to trash', action: { label: 'Undo', run: () => void restore(id, true) } });
        } catch (error) {
          fail('Couldn’t move the note to the trash.', error);
        }
      },

      restore: (id) => restore(id, false),

      deleteForever(id, title) {
        confirm({
          title: 'Delete this note forever?',
          message: `“${title || 'Untitled'}” will be permanently deleted. This can’t be undone.`,
          confirmLabel: 'Delete note',
          onConfirm: () => {
            const next = neighbourOf(id);
            api.notes.deleteForever
              .mutate({ id })
              .then(() => {
                select('trash', next);
                toasts.show({ message: 'Note deleted forever' });
              })
              .catch((error: unknown) => fail('Couldn’t delete the note.', error));
          },
        });
      },

      emptyTrash(count) {
        const notes = count === 1 ? '1 note' : `${count.toLocaleString()} notes`;
        confirm({
          title: 'Empty the trash?',
          message: `${notes} will be permanently deleted. This can’t be undone.`,
          confirmLabel: `Delete ${notes}`,
          onConfirm: () => {
            api.notes.emptyTrash
              .mutate()
              .then(({ deleted }) => {
                select('trash', null);
                toasts.show({ message: deleted === 1 ? '1 note deleted forever' : `${deleted.toLocaleString()} notes deleted forever` });
              })
              .catch((error: unknown) => fail('Couldn’t empty the trash.', error));
          },
        });
      },
    };
  }, [api, autosave, select, neighbourOf, confirm, focusTitleOf]);
}
