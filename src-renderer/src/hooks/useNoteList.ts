import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { NoteView } from '../../../src-shared/api/notes-api';
import type { NoteSummary } from '../api/quire-api';
import { PagedList } from '../lib/paged-list';
import { throttle } from '../lib/throttle';
import { useServices } from './useServices';

const PAGE_SIZE = 100;

/** The paged, live list of one view (notes or trash), newest first. */
export function useNoteList(view: NoteView): PagedList<NoteSummary> {
  const { api, changes } = useServices();
  const list = useMemo(
    () => new PagedList<NoteSummary>((offset, limit) => api.notes.list.query({ view, offset, limit }), { pageSize: PAGE_SIZE }),
    [api, view],
  );

  useEffect(() => {
    const refresh = throttle(() => list.invalidate(), 150);
    const unsubscribe = changes.subscribe(refresh);
    return () => {
      unsubscribe();
      refresh.cancel();
    };
  }, [list, changes]);

  useSyncExternalStore(list.subscribe, list.getVersion);
  return list;
}
