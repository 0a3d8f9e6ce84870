import { describeFailure } from '../../api/failures';
import { IconButton, toasts } from '../../ui';
import { useBookmarks } from './useBookmarks';

/** The editor toolbar's "Bookmark" toggle for the open note. */
export function BookmarkToggle({ noteId }: { noteId: string }) {
  const { items, store } = useBookmarks();
  const pinned = (items ?? []).some((item) => item.kind === 'note' && item.id === noteId);
  return (
    <IconButton
      label="Bookmark"
      icon={pinned ? 'bookmarkFilled' : 'bookmark'}
      aria-pressed={pinned}
      title={pinned ? 'Remove bookmark' : 'Bookmark this note'}
      onClick={() =>
        void store.toggle({ kind: 'note', id: noteId }).catch((error: unknown) =>
          toasts.show({
            tone: 'error',
            message: `Couldn’t change the bookmark. ${describeFailure(error)}`,
          }),
        )
      }
    />
  );
}
