import type { KeyboardEvent, Ref } from 'react';
import { SEARCH_QUERY_MAX } from '../../../../src-shared/api/notes-api';
import { Icon, IconButton, Kbd } from '../../ui';
import { SearchSyntaxHint } from './SearchSyntaxHint';
import './search.css';

interface SearchBoxProps {
  value: string;
  onChange: (value: string) => void;
  /** Enter: open the highlighted hit. */
  onSubmit: () => void;
  /** Hand the keyboard to the list: arrow down also selects the first row, Escape only moves focus. */
  onLeave: (selectFirst: boolean) => void;
  busy: boolean;
  ref?: Ref<HTMLInputElement>;
}

export function SearchBox({ value, onChange, onSubmit, onLeave, busy, ref }: SearchBoxProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    // Enter and Escape also confirm or cancel an input method's composition, which is not ours.
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      if (value !== '') onChange('');
      else onLeave(false);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onSubmit();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      onLeave(true);
    }
  };

  return (
    <div className="search-box" role="search" aria-busy={busy}>
      <Icon name="search" size={15} />
      <input
        ref={ref}
        type="search"
        aria-label="Search notes"
        placeholder="Search"
        aria-describedby="search-summary"
        spellCheck={false}
        autoComplete="off"
        maxLength={SEARCH_QUERY_MAX}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {value === '' ? (
        <Kbd combo="Mod+K" />
      ) : (
        <IconButton label="Clear search" icon="close" iconSize={14} small onClick={() => onChange('')} />
      )}
      <SearchSyntaxHint />
    </div>
  );
}
