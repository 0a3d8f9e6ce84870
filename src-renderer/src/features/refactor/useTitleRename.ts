import { useCallback, useRef, useState } from 'react';
import { useServices } from '../../api/useServices';
import { titleOrUntitled } from '../../../../src-shared/note-title';
import { useRefactor } from './useRefactor';

export interface TitleRename {
  /**
   * True once the host said other notes link to this one: the title is then saved on commit
   * (blur, Enter) as one rename that rewrites those links, not keystroke by keystroke.
   */
  linked: boolean;
  /** The field took focus: find out whether the note is linked before the user types. */
  prepare(): void;
  /** Renames through `refactor.renameNote`; false when it failed (the toast said why). */
  commit(title: string): Promise<boolean>;
}

/**
 * The title field's rename flow. A note nothing links to keeps saving its title as you type; a
 * linked note's new title is held until it is committed, then renamed as one undoable operation
 * (docs/sync-protocol.md E10), so no half-typed title ever breaks the links to it.
 */
export function useTitleRename(noteId: string, savedTitle: string): TitleRename {
  const { api } = useServices();
  const actions = useRefactor();
  const [linked, setLinked] = useState(false);
  const asking = useRef(0);
  const sending = useRef<string | null>(null);

  const prepare = useCallback(() => {
    const ask = ++asking.current;
    api.refactor.linkCount
      .query({ id: noteId })
      .then((count) => {
        if (ask === asking.current) setLinked(count.links > 0);
      })
      // Not knowing is the old behaviour: the title saves as typed, and the links stay as written.
      .catch(() => undefined);
  }, [api, noteId]);

  const commit = useCallback(
    async (title: string) => {
      const next = titleOrUntitled(title);
      if (next === savedTitle || sending.current === next) return true;
      sending.current = next;
      try {
        return (await actions.renameNote(noteId, next)) !== null;
      } finally {
        sending.current = null;
      }
    },
    [actions, noteId, savedTitle],
  );

  return { linked, prepare, commit };
}
