import { useCallback, useEffect, useState } from 'react';
import type { NoteView } from '../../../../src-shared/api/notes-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { toasts } from '../../ui';
import { useNavHistory, useNavMouseButtons, type Navigation } from './useNavHistory';

export interface NoteNavigationDeps {
  view: NoteView;
  /** The note open in the Notes view: every change of it is a visit. */
  openId: string | null;
  select: (view: NoteView, id: string | null) => void;
  /** Makes a note with this title and opens it (an unresolved link). */
  create: (title: string, folder?: string) => Promise<void>;
}

/** A heading to scroll to once its note is in the editor. */
export interface HeadingTarget {
  noteId: string;
  heading: string;
}

export interface NoteNavigation {
  navigation: Navigation;
  back: () => void;
  forward: () => void;
  /** Opens a link's note: known id, else the host resolves the target; no note → one is made. */
  openLink: (title: string, id: string | null, heading?: string | null) => void;
  revealHeading: HeadingTarget | null;
  clearRevealHeading: () => void;
}

/** `folder/Title` names a note titled "Title" in "folder": that is what an unresolved path link creates. */
function splitTarget(target: string): { title: string; folder: string } {
  const slash = target.lastIndexOf('/');
  const title = (slash === -1 ? target : target.slice(slash + 1)).trim();
  if (title === '') return { title: target.trim(), folder: '' };
  const folder =
    slash === -1
      ? ''
      : target
          .slice(0, slash)
          .split('/')
          .map((part) => part.trim())
          .filter(Boolean)
          .join('/');
  return { title, folder };
}

/**
 * The window's note navigation: visits recorded from whatever opens a note (list, search, links),
 * back and forward (shortcuts, mouse buttons 4/5, toolbar), and following links by name.
 */
export function useNoteNavigation({ view, openId, select, create }: NoteNavigationDeps): NoteNavigation {
  const { api } = useServices();
  const navigation = useNavHistory();
  const { record } = navigation;
  const [revealHeading, setRevealHeading] = useState<HeadingTarget | null>(null);

  useEffect(() => {
    if (view === 'notes' && openId !== null) record(openId);
  }, [view, openId, record]);

  const { back: stepBack, forward: stepForward } = navigation;
  const back = useCallback(() => {
    const id = stepBack();
    if (id !== null) select('notes', id);
  }, [stepBack, select]);
  const forward = useCallback(() => {
    const id = stepForward();
    if (id !== null) select('notes', id);
  }, [stepForward, select]);
  useNavMouseButtons(back, forward);

  const openLink = useCallback(
    (title: string, id: string | null, heading?: string | null) => {
      const open = (noteId: string): void => {
        select('notes', noteId);
        setRevealHeading(heading ? { noteId, heading } : null);
      };
      if (id !== null) return open(id);
      api.links.resolve.query({ target: title }).then(
        (found) => {
          if (found) return open(found.id);
          const target = splitTarget(title);
          void create(target.title, target.folder);
        },
        // Not knowing is not "no such note": making one now could duplicate an existing note.
        (error: unknown) =>
          toasts.show({ tone: 'error', message: `Couldn’t follow the link: ${describeFailure(error)}` }),
      );
    },
    [api, select, create],
  );
  const clearRevealHeading = useCallback(() => setRevealHeading(null), []);

  return { navigation, back, forward, openLink, revealHeading, clearRevealHeading };
}
