import { useEffect, useSyncExternalStore } from 'react';
import { useServices } from '../../api/useServices';
import { throttle } from '../../lib/throttle';
import { bookmarksStoreFor, type BookmarksStore } from './bookmarks-store';
import type { BookmarkView } from '../../api/quire-api';

/** The window's bookmarks, kept fresh as notes are renamed, trashed or deleted. */
export function useBookmarks(): { items: readonly BookmarkView[] | null; store: BookmarksStore } {
  const { api, changes } = useServices();
  const store = bookmarksStoreFor(api);
  const items = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useEffect(() => {
    const refresh = throttle(() => void store.load(), 500);
    const unsubscribe = changes.subscribe(refresh);
    return () => {
      unsubscribe();
      refresh.cancel();
    };
  }, [store, changes]);
  return { items, store };
}
