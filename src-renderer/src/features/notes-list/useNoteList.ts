import { useEffect, useMemo } from 'react';
import type { NoteView } from '../../../../src-shared/api/notes-api';
import type { NoteSummary } from '../../api/quire-api';
import { useServices } from '../../api/useServices';
import { throttle } from '../../lib/throttle';
import { PagedList } from './paged-list';

const PAGE_SIZE = 100;

/**
 * The paged, live list of one view (notes or trash), newest first, optionally only the notes
 * with a tag (nested ones included; the host matches) or in a folder (and its subfolders). Components that render rows subscribe to
 * it themselves, so page arrivals re-render the list, not the whole window.
 */
export function useNoteList(
  view: NoteView,
  tag = '',
  folder: { folder: string | null; includeSubfolders: boolean } | null = null,
): PagedList<NoteSummary> {
  const { api, changes } = useServices();
  const inFolder = folder?.folder ?? null;
  const below = folder?.includeSubfolders ?? false;
  const list = useMemo(
    () =>
      new PagedList<NoteSummary>(
        (offset, limit) =>
          api.notes.list.query({
            view,
            offset,
            limit,
            ...(tag === '' ? {} : { tag }),
            ...(inFolder === null ? {} : { folder: inFolder, includeSubfolders: below }),
          }),
        { pageSize: PAGE_SIZE },
      ),
    [api, view, tag, inFolder, below],
  );

  useEffect(() => {
    // The first page; after that the virtual list asks for the rows it shows.
    list.ensureRange(0, 0);
    const refresh = throttle(() => list.invalidate(), 150);
    const unsubscribe = changes.subscribe(refresh);
    return () => {
      unsubscribe();
      refresh.cancel();
    };
  }, [list, changes]);

  return list;
}
