import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useServices } from '../../api/useServices';
import { failureReasonOf } from '../../api/failures';
import {
  back as stepBack,
  EMPTY_HISTORY,
  forget,
  forward as stepForward,
  push,
  type NavHistory,
} from './nav-history';

export interface Navigation {
  /** A note was opened (list, link, search…): recorded unless it is already the current entry. */
  record: (id: string) => void;
  /** Steps back; returns the note to open, or null when there is nowhere to go. */
  back: () => string | null;
  forward: () => string | null;
  canGoBack: boolean;
  canGoForward: boolean;
}

/**
 * The window's navigation history. Notes that are deleted or moved to the trash leave it: every
 * `notes.changes` event naming a visited note asks the host whether that note is still live.
 */
export function useNavHistory(): Navigation {
  const { api, changes } = useServices();
  const [history, setHistory] = useState<NavHistory>(EMPTY_HISTORY);
  // Steps read and write the latest history synchronously (a click, then a key, in one frame).
  const ref = useRef(history);
  const update = useCallback((next: NavHistory) => {
    if (next === ref.current) return;
    ref.current = next;
    setHistory(next);
  }, []);

  useEffect(
    () =>
      changes.subscribe((change) => {
        const visited = new Set(ref.current.entries);
        const ids = change.kind === 'all' ? [...visited] : change.ids.filter((id) => visited.has(id));
        for (const id of new Set(ids)) {
          api.notes.get.query({ id }).then(
            (note) => {
              if (note.trashedAt > 0) update(forget(ref.current, id));
            },
            (error: unknown) => {
              if (failureReasonOf(error) === 'NOTE_NOT_FOUND') update(forget(ref.current, id));
            },
          );
        }
      }),
    [api, changes, update],
  );

  const record = useCallback((id: string) => update(push(ref.current, id)), [update]);
  const move = useCallback(
    (to: NavHistory | null): string | null => {
      if (!to) return null;
      update(to);
      return to.entries[to.index] ?? null;
    },
    [update],
  );
  const back = useCallback(() => move(stepBack(ref.current)), [move]);
  const forward = useCallback(() => move(stepForward(ref.current)), [move]);

  return useMemo(
    () => ({
      record,
      back,
      forward,
      canGoBack: stepBack(history) !== null,
      canGoForward: stepForward(history) !== null,
    }),
    [record, back, forward, history],
  );
}

/** Mouse buttons 4 and 5 (back, forward), as browsers and Obsidian use them. */
export function useNavMouseButtons(back: () => void, forward: () => void): void {
  const latest = useRef({ back, forward });
  useEffect(() => {
    latest.current = { back, forward };
  });
  useEffect(() => {
    // mouseup, where browsers act on these buttons: preventing it keeps web mode from leaving the page.
    const onMouseUp = (event: MouseEvent): void => {
      if (event.button !== 3 && event.button !== 4) return;
      event.preventDefault();
      if (event.button === 3) latest.current.back();
      else latest.current.forward();
    };
    const swallow = (event: MouseEvent): void => {
      if (event.button === 3 || event.button === 4) event.preventDefault();
    };
    window.addEventListener('mouseup', onMouseUp);
    window.addEventListener('auxclick', swallow);
    return () => {
      window.removeEventListener('mouseup', onMouseUp);
      window.removeEventListener('auxclick', swallow);
    };
  }, []);
}
