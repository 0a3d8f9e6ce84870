import { useEffect, useRef, useState } from 'react';
import type { RecentNote } from '../../api/quire-api';
import { useServices } from '../../api/useServices';
import { Highlighted, Picker, PickerDialog, type PickerHint } from '../commands';
import { newNotePlace, notePath, SWITCHER_LIMIT, switcherRows, type SwitcherRow } from './switcher-rows';

const HINTS: PickerHint[] = [
  { keys: ['ArrowUp', 'ArrowDown'], label: 'to move' },
  { keys: ['Enter'], label: 'to open' },
  { keys: ['Shift+Enter'], label: 'to create' },
  { keys: ['Escape'], label: 'to close' },
];

interface QuickSwitcherProps {
  open: boolean;
  onClose: () => void;
  onOpenNote: (id: string) => void;
  /** Shift+Enter: a new note with the typed title, in the typed folder (`folder/Title`). */
  onCreate: (title: string, folder: string) => void;
}

/** The matched letters of `text` that fall in [from, from + text.length), moved to start at 0. */
function clip(ranges: [number, number][], from: number, length: number): [number, number][] {
  return ranges.flatMap(([a, b]): [number, number][] => {
    const start = Math.max(a, from) - from;
    const end = Math.min(b, from + length) - from;
    return end > start ? [[start, end]] : [];
  });
}

function SwitcherOption({ row }: { row: SwitcherRow }) {
  const folder = row.folder ? `${row.folder}/` : '';
  return (
    <span className="picker-option-main">
      <span className="picker-option-title">
        {row.alias !== undefined ? (
          <>
            <span className="picker-option-alias">
              <Highlighted text={row.alias} ranges={row.ranges} />
            </span>
            <span className="picker-option-folder"> → </span>
            {row.title}
          </>
        ) : (
          <>
            {folder && (
              <span className="picker-option-folder">
                <Highlighted text={folder} ranges={clip(row.ranges, 0, folder.length)} />
              </span>
            )}
            <Highlighted text={row.title} ranges={clip(row.ranges, folder.length, row.title.length)} />
          </>
        )}
      </span>
      {row.alias !== undefined && row.folder && <span className="picker-option-detail">{row.folder}</span>}
    </span>
  );
}

/**
 * Ctrl/⌘+O: open a note by name. The host ranks titles, aliases and paths (`links.suggest`); the
 * notes opened lately come first. One query is asked at a time; an answer to a query typed past
 * is dropped, and the rows shown stay until the newest answer replaces them (no flicker).
 */
export function QuickSwitcher({ open, onClose, onOpenNote, onCreate }: QuickSwitcherProps) {
  return (
    <PickerDialog open={open} onClose={onClose} title="Quick switcher">
      <SwitcherContent onClose={onClose} onOpenNote={onOpenNote} onCreate={onCreate} />
    </PickerDialog>
  );
}

function SwitcherContent({ onClose, onOpenNote, onCreate }: Omit<QuickSwitcherProps, 'open'>) {
  const { api } = useServices();
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<SwitcherRow[]>([]);
  const [answered, setAnswered] = useState(false);
  // Asked once per opening; every query's rows wait for it, so the recent ones never jump in late.
  const [recent] = useState<Promise<RecentNote[]>>(() => api.recent.notes.query().catch(() => []));
  // One question at a time: while the host ranks one query, only the newest typed since waits.
  const asking = useRef<{ busy: boolean; next: string | null }>({ busy: false, next: null });

  useEffect(() => {
    const state = asking.current;
    const ask = (text: string): void => {
      state.busy = true;
      const settle = (apply: () => void): void => {
        state.busy = false;
        const next = state.next;
        state.next = null;
        // An answer to a query the user has typed past is dropped; the newer one goes out.
        if (next !== null && next !== text) ask(next);
        else apply();
      };
      Promise.all([recent, api.links.suggest.query({ query: text, limit: SWITCHER_LIMIT })]).then(
        ([recentNotes, suggestions]) =>
          settle(() => {
            setRows(switcherRows(text, suggestions, recentNotes));
            setAnswered(true);
          }),
        () =>
          settle(() => {
            setRows([]);
            setAnswered(true);
          }),
      );
    };
    const text = query.trim();
    if (state.busy) state.next = text;
    else ask(text);
  }, [api, recent, query]);

  const place = newNotePlace(query);
  const pick = (row: SwitcherRow): void => {
    onClose();
    onOpenNote(row.id);
  };
  const create = (): void => {
    if (!place) return;
    onClose();
    onCreate(place.title, place.folder);
  };

  return (
    <Picker<SwitcherRow>
      title="Quick switcher"
      placeholder="Find or create a note…"
      icon="search"
      query={query}
      onQueryChange={setQuery}
      items={rows}
      itemKey={(row) => row.id}
      onPick={pick}
      onShiftEnter={create}
      hints={HINTS}
      renderItem={(row) => <SwitcherOption row={row} />}
      empty={
        !answered ? null : place ? (
          <p>
            No note matches. <strong>Shift+Enter</strong> creates “{notePath(place.folder, place.title)}”.
          </p>
        ) : (
          <p>No notes yet. Type a title and press Shift+Enter to create one.</p>
        )
      }
    />
  );
}
