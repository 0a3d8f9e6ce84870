import { useMemo } from 'react';
import type { NoteView } from '../../../src-shared/api/notes-api';
import { UNTITLED } from '../../../src-shared/note-title';
import { describeFailure } from '../api/failures';
import { useServices } from '../api/useServices';
import { type ConfirmRequest, toasts } from '../ui';
import type { AutosaveController } from '../features/editor';

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
  /** A new note; `folder` when a link named it (`[[Projects/Plan]]` makes Plan in Projects). */
  create: (title?: string, folder?: string) => Promise<void>;
  /** A new note from one of the host's templates, opened with its title ready to rename. */
  createFromTemplate: (templateId: string) => Promise<void>;
  trash: (id: string) => Promise<void>;
  restore: (id: string) => Promise<void>;
  deleteForever: (id: string, title: string) => void;
  emptyTrash: (count: number) => void;
}

function fail(what: string, error: unknown): void {
  toasts.show({ tone: 'error', message: `${what} ${describeFailure(error)}` });
}

/** Create, trash (with undo), restore and delete, each reporting failures in plain words. */
export function useNoteActions(deps: NoteActionsDeps): NoteActions {
  const { api } = useServices();
  const { autosave, select, neighbourOf, confirm, focusTitleOf } = deps;

  return useMemo(() => {
    // A note leaving the list leaves the selection at once, before the host answers (a failure
    // puts it back), so nothing on screen still offers actions for a note that has moved.
    const restore = async (id: string, reopen: boolean): Promise<void> => {
      if (!reopen) select('trash', neighbourOf(id));
      try {
        await api.notes.restore.mutate({ id });
        if (reopen) select('notes', id);
        else
          toasts.show({
            message: 'Restored to Notes',
            action: { label: 'Open', run: () => select('notes', id) },
          });
      } catch (error) {
        if (!reopen) select('trash', id);
        fail('Couldn’t restore the note.', error);
      }
    };

    return {
      async create(title, folder) {
        try {
          // Anything typed a moment ago is saved before the list reorders under the new note.
          await autosave.flush();
          const note = await api.notes.create.mutate({
            ...(title === undefined ? {} : { title }),
            ...(folder ? { folder } : {}),
          });
          select('notes', note.id);
          if (title === undefined) focusTitleOf(note.id);
        } catch (error) {
          fail('Couldn’t create a note.', error);
        }
      },

      async createFromTemplate(templateId) {
        try {
          await autosave.flush();
          const note = await api.templates.createNote.mutate({ templateId });
          select('notes', note.id);
          focusTitleOf(note.id);
        } catch (error) {
          fail('Couldn’t create a note from the template.', error);
        }
      },

      async trash(id) {
        select('notes', neighbourOf(id));
        try {
          // Whatever was typed into the note goes with it into the trash.
          await autosave.flush();
          await api.notes.trash.mutate({ id });
          toasts.show({
            message: 'Moved to trash',
            action: { label: 'Undo', run: () => void restore(id, true) },
          });
        } catch (error) {
          select('notes', id);
          fail('Couldn’t move the note to the trash.', error);
        }
      },

      restore: (id) => restore(id, false),

      deleteForever(id, title) {
        confirm({
          title: 'Delete this note forever?',
          message: `“${title || UNTITLED}” will be permanently deleted. This can’t be undone.`,
          confirmLabel: 'Delete note',
          onConfirm: () => {
            select('trash', neighbourOf(id));
            api.notes.deleteForever
              .mutate({ id })
              .then(() => toasts.show({ message: 'Note deleted forever' }))
              .catch((error: unknown) => {
                select('trash', id);
                fail('Couldn’t delete the note.', error);
              });
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
            select('trash', null);
            api.notes.emptyTrash
              .mutate()
              .then(({ deleted }) => {
                toasts.show({
                  message:
                    deleted === 1
                      ? '1 note deleted forever'
                      : `${deleted.toLocaleString()} notes deleted forever`,
                });
              })
              .catch((error: unknown) => fail('Couldn’t empty the trash.', error));
          },
        });
      },
    };
  }, [api, autosave, select, neighbourOf, confirm, focusTitleOf]);
}
