import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useImperativeHandle, useRef, type KeyboardEvent, type Ref } from 'react';
import type { NoteSummary, SearchHit } from '../../api/quire-api';
import { matchesShortcut } from '../../lib/keyboard';
import { useNow } from '../../lib/useNow';
import type { RowSource } from './row-source';
import { NoteRow } from './NoteRow';

const ROW_HEIGHT = 60;
const ROW_HEIGHT_WITH_SNIPPET = 82;

export interface ListboxHandle {
  focus(): void;
  /** Focuses the list and selects its first row (arrow down from the search box). */
  focusFirst(): void;
}

interface NoteListboxProps {
  source: RowSource<NoteSummary | SearchHit>;
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Enter on a row: go and edit it. */
  onActivate: () => void;
  /** Mod+Backspace / Mod+Delete on the selected row. */
  onDeleteKey: (id: string) => void;
  /** Search mode: taller rows with a snippet, query words highlighted. */
  query: string;
  /** A row's tag chip was clicked. */
  onTagClick?: ((tag: string) => void) | undefined;
  /** The list's tag filter, marked on the rows' chips. */
  activeTag?: string | undefined;
  ref?: Ref<ListboxHandle>;
}

function domId(id: string): string {
  return `note-option-${id}`;
}

function matchOf(row: NoteSummary | SearchHit): SearchHit | undefined {
  return 'snippet' in row ? row : undefined;
}

/**
 * The virtualised note list: only the rows in view exist in the DOM, whatever the total. Focus
 * stays on the listbox and `aria-activedescendant` points at the selected row; arrow keys move
 * the selection, which opens the note.
 */
export function NoteListbox({
  source,
  selectedId,
  onSelect,
  onActivate,
  onDeleteKey,
  query,
  onTagClick,
  activeTag,
  ref,
}: NoteListboxProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const rowHeight = query ? ROW_HEIGHT_WITH_SNIPPET : ROW_HEIGHT;
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);

  // TanStack Virtual returns fresh functions each render by design; nothing here memoises them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: source.count,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => source.ensureRange(first, last), [source, first, last]);

  const selectedIndex = selectedId === null ? -1 : source.indexOf(selectedId);

  // Bring a newly selected note into view once its row is known, but never chase it afterwards:
  // editing moves a note to the top, and the list must not jump while you type.
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    if (selectedId === null || selectedIndex < 0 || scrolledFor.current === selectedId) return;
    scrolledFor.current = selectedId;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId, selectedIndex, virtualizer]);

  // A key whose row must be fetched first (End in a long list) must not win over a later key or click.
  const lastMove = useRef(0);
  const moveTo = (index: number): void => {
    if (source.count === 0) return;
    const move = ++lastMove.current;
    const target = Math.min(Math.max(index, 0), source.count - 1);
    virtualizer.scrollToIndex(target, { align: 'auto' });
    const row = source.getRow(target);
    if (row) onSelect(row.id);
    else
      void source.loadRow(target).then((loaded) => {
        if (loaded && move === lastMove.current) onSelect(loaded.id);
      });
  };

  useImperativeHandle(ref, () => ({
    focus: () => scrollRef.current?.focus(),
    focusFirst: () => {
      scrollRef.current?.focus();
      const row = source.getRow(0);
      if (row) onSelect(row.id);
    },
  }));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
    const from = selectedIndex;
    let handled = true;
    if (event.key === 'ArrowDown') moveTo(from < 0 ? 0 : from + 1);
    else if (event.key === 'ArrowUp') moveTo(from < 0 ? 0 : from - 1);
    else if (event.key === 'PageDown') moveTo(Math.max(from, 0) + page);
    else if (event.key === 'PageUp') moveTo(Math.max(from, 0) - page);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(source.count - 1);
    else if (event.key === 'Enter' && selectedId !== null) onActivate();
    else if (
      (matchesShortcut(event, 'Mod+Backspace') || matchesShortcut(event, 'Mod+Delete')) &&
      selectedId !== null
    ) {
      onDeleteKey(selectedId);
    } else handled = false;
    if (handled) event.preventDefault();
  };

  const selectAndFocus = useCallback(
    (id: string) => {
      lastMove.current += 1;
      onSelect(id);
      scrollRef.current?.focus({ preventScroll: true });
    },
    [onSelect],
  );

  const selectedVisible = selectedIndex >= first && selectedIndex <= last;

  return (
    <div
      ref={scrollRef}
      className="listbox"
      role="listbox"
      aria-label="Notes"
      tabIndex={0}
      aria-activedescendant={selectedVisible && selectedId !== null ? domId(selectedId) : undefined}
      onKeyDown={onKeyDown}
    >
      <div role="presentation" className="listbox-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = source.getRow(item.index);
          if (!row) {
            const style = { height: item.size, transform: `translateY(${item.start}px)` };
            return (
              <div key={item.key} role="presentation" className="note-row is-placeholder" style={style} />
            );
          }
          return (
            <NoteRow
              key={item.key}
              note={row}
              match={matchOf(row)}
              selected={row.id === selectedId}
              now={now}
              domId={domId(row.id)}
              top={item.start}
              height={item.size}
              onSelect={selectAndFocus}
              onTagClick={onTagClick}
              activeTag={activeTag}
            />
          );
        })}
      </div>
    </div>
  );
}
