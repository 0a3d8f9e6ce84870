import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Icon, type IconName, Kbd, Modal } from '../../ui';
import './picker.css';

export interface PickerHint {
  keys: string[];
  label: string;
}

/**
 * The centred dialog near the top that holds a Picker, named by `title`. Its content exists only
 * while it is open, so each opening starts with an empty query.
 */
export function PickerDialog(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      labelledBy={headingId}
      className="picker"
      closeOnBackdrop
    >
      <h2 id={headingId} className="visually-hidden">
        {props.title}
      </h2>
      {props.children}
    </Modal>
  );
}

interface PickerProps<T> {
  /** The field's and the list's accessible name. */
  title: string;
  placeholder: string;
  icon: IconName;
  query: string;
  onQueryChange: (query: string) => void;
  items: readonly T[];
  itemKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  isDisabled?: (item: T) => boolean;
  /** Enter or a click on a row. */
  onPick: (item: T) => void;
  /** Shift+Enter (the switcher: create a note named by the query); absent: Shift+Enter picks. */
  onShiftEnter?: () => void;
  /** Shown instead of the list when there are no items. */
  empty: ReactNode;
  hints: readonly PickerHint[];
}

const PAGE = 8;

/**
 * A search field over a list, inside a PickerDialog (the quick switcher, the command palette):
 * the ARIA combobox pattern, the focus staying in the field while ↑/↓/PageUp/PageDown/Home/End
 * move the active row. The focus goes back to where it was when it closes.
 */
export function Picker<T>(props: PickerProps<T>) {
  const { items, itemKey, isDisabled, onPick, onShiftEnter } = props;
  const listId = useId();
  // The active row belongs to one list: a new list (a newer answer) starts at its best row.
  const [selection, setSelection] = useState({ items, index: 0 });
  const listRef = useRef<HTMLUListElement>(null);
  // Where the focus was before the dialog opened (the Modal moves it on its next effect).
  const [returnFocus] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useEffect(
    () => () => {
      // Once the dialog has closed: until then the app behind it is inert and cannot take focus.
      queueMicrotask(() => {
        if (returnFocus?.isConnected) returnFocus.focus();
      });
    },
    [returnFocus],
  );

  const current = selection.items === items ? Math.min(selection.index, items.length - 1) : 0;
  const setActive = (index: number): void => setSelection({ items, index });
  useEffect(() => {
    const row = listRef.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  const optionId = (index: number): string => `${listId}-option-${index}`;
  const pick = (index: number): void => {
    const item = items[index];
    if (item === undefined || isDisabled?.(item)) return;
    onPick(item);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.nativeEvent.isComposing) return;
    const last = items.length - 1;
    const move = (to: number): void => {
      event.preventDefault();
      if (last >= 0) setActive(Math.max(0, Math.min(last, to)));
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(current >= last ? 0 : current + 1);
      case 'ArrowUp':
        return move(current <= 0 ? last : current - 1);
      case 'PageDown':
        return move(current + PAGE);
      case 'PageUp':
        return move(current - PAGE);
      case 'Home':
        return move(0);
      case 'End':
        return move(last);
      case 'Enter':
        event.preventDefault();
        if (event.shiftKey && onShiftEnter) onShiftEnter();
        else pick(current);
        return;
    }
  };

  return (
    <>
      <div className="picker-field">
        <Icon name={props.icon} size={16} />
        <input
          data-autofocus
          type="text"
          role="combobox"
          aria-label={props.title}
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={items.length > 0 ? optionId(current) : undefined}
          placeholder={props.placeholder}
          value={props.query}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => props.onQueryChange(event.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul className="picker-list" id={listId} role="listbox" aria-label={props.title} ref={listRef}>
        {items.map((item, index) => {
          const disabled = isDisabled?.(item) ?? false;
          return (
            <li
              key={itemKey(item)}
              id={optionId(index)}
              data-index={index}
              data-key={itemKey(item)}
              role="option"
              className="picker-option"
              aria-selected={index === current}
              aria-disabled={disabled || undefined}
              onMouseMove={() => index !== current && setActive(index)}
              // Keeps the focus in the field: a click must not blur it before picking.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(index)}
            >
              {props.renderItem(item)}
            </li>
          );
        })}
      </ul>
      {items.length === 0 && <div className="picker-empty">{props.empty}</div>}
      <footer className="picker-hints" aria-hidden="true">
        {props.hints.map((hint) => (
          <span key={hint.label}>
            {hint.keys.map((combo) => (
              <Kbd key={combo} combo={combo} />
            ))}
            {hint.label}
          </span>
        ))}
      </footer>
    </>
  );
}
