import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Icon } from '../../ui';
import {
  PROPERTY_LIMITS,
  PROPERTY_TYPE_LABELS,
  type PropertyInfo,
  type PropertyType,
} from '../../../../src-shared/markdown/property-types';
import { fuzzyFilter } from './fuzzy';
import { TypeIcon } from './TypeIcon';
import { useAnchoredPosition } from './useAnchoredPosition';

const SHOWN = 8;

interface Option {
  name: string;
  type: PropertyType;
  /** Notes that use it; null for a name no note has yet. */
  count: number | null;
}

interface AddPropertyProps {
  /** Names the note already has: not offered again. */
  existing: ReadonlySet<string>;
  catalog: readonly PropertyInfo[];
  onOpen: () => void;
  /** Adds the property; false when it was refused (the field then stays open). */
  onAdd: (name: string, type: PropertyType) => boolean;
}

/**
 * "Add property": a name field offering the names other notes use (fuzzy filtered, with their
 * types), or the typed one as a new name. The vault's type for the name comes with it.
 */
export function AddProperty({ existing, catalog, onOpen, onAdd }: AddPropertyProps) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const options = useMemo((): Option[] => {
    const known = fuzzyFilter(
      catalog.filter((info) => !existing.has(info.name)),
      query,
      (info) => info.name,
    ).slice(0, SHOWN);
    const typed = query.trim();
    const exact = catalog.some((info) => info.name === typed);
    return typed !== '' && !exact && !existing.has(typed)
      ? [...known, { name: typed, type: 'text', count: null }]
      : known;
  }, [catalog, existing, query]);

  const position = useAnchoredPosition(open && options.length > 0, inputRef, listRef);

  const close = (): void => {
    setOpen(false);
    setQuery('');
    setActive(0);
  };
  const pick = (option: Option | undefined): void => {
    if (!option) return;
    if (onAdd(option.name, option.type)) close();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((at) => (at + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      pick(options[Math.min(active, options.length - 1)]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  if (!open) {
    return (
      <button
        type="button"
        className="properties-add"
        onClick={() => {
          setOpen(true);
          onOpen();
        }}
      >
        <Icon name="plus" size={14} />
        Add property
      </button>
    );
  }
  const activeOption = options[Math.min(active, options.length - 1)];
  return (
    <div className="property-add">
      <input
        ref={inputRef}
        type="text"
        className="property-input property-add-input"
        role="combobox"
        aria-label="Property name"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${listId}-${options.indexOf(activeOption)}` : undefined}
        placeholder="Property name"
        maxLength={PROPERTY_LIMITS.nameMaxLength}
        value={query}
        autoFocus
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      {options.length > 0 && (
        <ul
          ref={listRef}
          style={position}
          className="property-suggestions"
          role="listbox"
          id={listId}
          aria-label="Property names"
        >
          {options.map((option, index) => (
            <li
              key={option.name}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={option === activeOption}
              className={option === activeOption ? 'property-suggestion is-active' : 'property-suggestion'}
              // Keeps the focus in the field, so its blur does not close the list first.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => pick(option)}
            >
              <TypeIcon type={option.type} />
              <span className="property-suggestion-name">{option.name}</span>
              <span className="property-suggestion-meta">
                {option.count === null
                  ? 'New property'
                  : `${PROPERTY_TYPE_LABELS[option.type]} · ${option.count} ${option.count === 1 ? 'note' : 'notes'}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
