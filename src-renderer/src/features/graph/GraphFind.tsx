import { useId, useState, type KeyboardEvent } from 'react';
import { Icon } from '../../ui';

export interface GraphFindProps {
  query: string;
  onQueryChange: (query: string) => void;
  /** Matching notes, best first: index and title. */
  matches: readonly { index: number; title: string; folder: string }[];
  /** The match the graph shows (moved with ↑/↓). */
  active: number;
  onActiveChange: (position: number) => void;
  /** Enter or a click on a match. */
  onOpen: (index: number) => void;
}

/** The find box: a combobox over the graph's notes; the active match is marked and centred. */
export function GraphFind(props: GraphFindProps) {
  const listId = useId();
  const [focused, setFocused] = useState(false);
  const { matches, active } = props;
  const open = focused && props.query.trim() !== '';
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (matches.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      props.onActiveChange((active + step + matches.length) % matches.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const match = matches[active];
      if (match) props.onOpen(match.index);
    } else if (event.key === 'Escape' && props.query !== '') {
      // The first Esc clears the box; the next one closes the graph.
      event.preventDefault();
      event.stopPropagation();
      props.onQueryChange('');
    }
  };
  return (
    <div className="graph-find">
      <Icon name="search" size={14} />
      <input
        type="text"
        role="combobox"
        aria-label="Find a note in the graph"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
        placeholder="Find a note…"
        value={props.query}
        maxLength={300}
        onChange={(event) => {
          props.onQueryChange(event.target.value);
          props.onActiveChange(0);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      />
      {open && (
        <ul className="graph-find-list" id={listId} role="listbox" aria-label="Matching notes">
          {matches.length === 0 && (
            <li className="graph-find-empty" role="presentation">
              No note in the graph has that name
            </li>
          )}
          {matches.map((match, position) => (
            <li
              key={match.index}
              id={`${listId}-${position}`}
              role="option"
              aria-selected={position === active}
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => props.onActiveChange(position)}
              onClick={() => props.onOpen(match.index)}
            >
              <span className="graph-find-title">{match.title || 'Untitled'}</span>
              {match.folder !== '' && <span className="graph-find-folder">{match.folder}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
