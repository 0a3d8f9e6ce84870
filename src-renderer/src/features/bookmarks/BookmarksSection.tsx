import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { UNTITLED } from '../../../../src-shared/note-title';
import { describeFailure } from '../../api/failures';
import type { BookmarkView } from '../../api/quire-api';
import { Icon, IconButton, toasts } from '../../ui';
import { SidebarSection } from '../folders';
import { toBookmark } from './bookmarks-store';
import { useBookmarks } from './useBookmarks';

const DRAG_TYPE = 'application/x-quire-bookmark';

interface BookmarksSectionProps {
  onOpenNote: (id: string) => void;
  onRunSearch: (query: string) => void;
  /** The search box's text: the header offers to bookmark it. */
  currentQuery: string;
}

function labelOf(item: BookmarkView): string {
  if (item.kind === 'search') return item.query;
  if (item.state === 'missing') return 'Deleted note';
  return item.title || UNTITLED;
}

/** Pinned notes and searches above the folder tree; drag (or Alt+↑/↓) to reorder. */
export function BookmarksSection({ onOpenNote, onRunSearch, currentQuery }: BookmarksSectionProps) {
  const { items, store } = useBookmarks();
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  const fail = (error: unknown): void => {
    toasts.show({ tone: 'error', message: `Couldn’t change the bookmarks. ${describeFailure(error)}` });
  };
  const query = currentQuery.trim();
  const searchPinned = query !== '' && store.has({ kind: 'search', query });
  const list = items ?? [];
  if (list.length === 0 && query === '') return null;

  const open = (item: BookmarkView): void => {
    if (item.kind === 'search') onRunSearch(item.query);
    else if (item.state === 'live') onOpenNote(item.id);
  };
  const onKeyDown = (index: number, item: BookmarkView, event: KeyboardEvent<HTMLLIElement>): void => {
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      void store.reorder(index, index + (event.key === 'ArrowUp' ? -1 : 1)).catch(fail);
    } else if (event.key === 'Enter') open(item);
    else if (event.key === 'Delete' || event.key === 'Backspace')
      void store.remove(toBookmark(item)).catch(fail);
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const sibling =
        event.key === 'ArrowDown'
          ? event.currentTarget.nextElementSibling
          : event.currentTarget.previousElementSibling;
      if (sibling instanceof HTMLElement) sibling.focus();
    }
  };
  const onDrop = (index: number, event: DragEvent): void => {
    event.preventDefault();
    const from = Number(event.dataTransfer.getData(DRAG_TYPE));
    setDragFrom(null);
    setDropAt(null);
    if (Number.isInteger(from) && from !== index) void store.reorder(from, index).catch(fail);
  };

  const actions =
    query !== '' ? (
      <IconButton
        label={searchPinned ? 'Remove the search bookmark' : 'Bookmark this search'}
        icon={searchPinned ? 'bookmarkFilled' : 'bookmark'}
        title={searchPinned ? `Remove the bookmark of “${query}”` : `Bookmark the search “${query}”`}
        onClick={() => void store.toggle({ kind: 'search', query }).catch(fail)}
      />
    ) : null;

  return (
    <SidebarSection title="Bookmarks" actions={actions}>
      <ul className="bookmark-list" aria-label="Bookmarks">
        {list.map((item, index) => {
          const gone = item.kind === 'note' && item.state !== 'live';
          const key = item.kind === 'note' ? `n:${item.id}` : `s:${item.query}`;
          const classes = [
            'tree-row',
            'bookmark-row',
            gone && 'is-gone',
            dropAt === index && dragFrom !== index && 'is-drop-before',
          ];
          return (
            <li
              key={key}
              tabIndex={0}
              className={classes.filter(Boolean).join(' ')}
              aria-disabled={gone || undefined}
              title={
                item.kind === 'search'
                  ? `Search for “${item.query}”`
                  : item.state === 'trashed'
                    ? 'This note is in the trash'
                    : item.state === 'missing'
                      ? 'This note was deleted'
                      : labelOf(item)
              }
              draggable
              onClick={() => open(item)}
              onKeyDown={(event) => onKeyDown(index, item, event)}
              onDragStart={(event) => {
                setDragFrom(index);
                event.dataTransfer.effectAllowed = 'move';
                event.dataTransfer.setData(DRAG_TYPE, String(index));
              }}
              onDragOver={(event) => {
                if (dragFrom === null) return;
                event.preventDefault();
                if (dropAt !== index) setDropAt(index);
              }}
              onDrop={(event) => onDrop(index, event)}
              onDragEnd={() => {
                setDragFrom(null);
                setDropAt(null);
              }}
            >
              <span className="tree-icon" aria-hidden="true">
                <Icon name={item.kind === 'search' ? 'search' : 'file'} size={14} />
              </span>
              <span className="tree-name">{labelOf(item)}</span>
              {item.kind === 'note' && item.state === 'trashed' && (
                <span className="bookmark-state">In trash</span>
              )}
              <span className="tree-row-actions">
                <IconButton
                  label={`Remove bookmark ${labelOf(item)}`}
                  icon="close"
                  title="Remove bookmark"
                  onClick={(event) => {
                    event.stopPropagation();
                    void store.remove(toBookmark(item)).catch(fail);
                  }}
                />
              </span>
            </li>
          );
        })}
        {list.length === 0 && (
          <li className="tree-empty">
            Bookmark a note from its toolbar, or this search with the button above.
          </li>
        )}
      </ul>
    </SidebarSection>
  );
}
