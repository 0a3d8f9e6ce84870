import { useEffect, useState } from 'react';
import type { NoteView } from '../../../../src-shared/api/notes-api';
import { useServices } from '../../api/useServices';
import { throttle } from '../../lib/throttle';

export type NoteCounts = Record<NoteView, number | null>;

/** Totals for the sidebar, refreshed on every change. `null` until known. */
export function useNoteCounts(): NoteCounts {
  const { api, changes } = useServices();
  const [counts, setCounts] = useState<NoteCounts>({ notes: null, trash: null });

  useEffect(() => {
    let active = true;
    let sent = 0;
    // An answer overtaken by a newer one (a slow query during a burst of changes) is dropped.
    const shown: Record<NoteView, number> = { notes: 0, trash: 0 };
    const load = (): void => {
      const request = ++sent;
      for (const view of ['notes', 'trash'] as const) {
        api.notes.list
          .query({ view, offset: 0, limit: 1 })
          .then(({ total }) => {
            if (!active || request < shown[view]) return;
            shown[view] = request;
            setCounts((c) => (c[view] === total ? c : { ...c, [view]: total }));
          })
          // The list itself reports load failures; a missing count is not worth a second message.
          .catch(() => undefined);
      }
    };
    const refresh = throttle(load, 300);
    refresh();
    const unsubscribe = changes.subscribe(refresh);
    return () => {
      active = false;
      unsubscribe();
      refresh.cancel();
    };
  }, [api, changes]);

  return counts;
}
