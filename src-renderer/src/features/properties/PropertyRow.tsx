import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Icon, useDismiss } from '../../ui';
import {
  PROPERTY_TYPE_LABELS,
  PROPERTY_TYPES,
  type PropertyType,
  type PropertyValue,
} from '../../../../src-shared/markdown/property-types';
import { TypeIcon } from './TypeIcon';
import { useAnchoredPosition } from './useAnchoredPosition';
import { ValueEditor } from './ValueEditors';

export interface PropertyRowProps {
  name: string;
  value: unknown;
  type: PropertyType;
  /** The tags property: its chips are tags (and its icon says so). */
  isTags: boolean;
  /** The vault's type for the name when this value is not of it (Obsidian warns the same way). */
  mismatch: PropertyType | null;
  readOnly: boolean;
  autoFocus: boolean;
  onSet: (value: PropertyValue) => void;
  /** Resolves with whether the rename was made (a name already taken is refused). */
  onRename: (to: string) => boolean;
  onRemove: () => void;
  onChangeType: (type: PropertyType) => void;
  onOpenLink: (title: string) => void;
  onTagClick?: ((tag: string) => void) | undefined;
}

/** One property: its type icon (the row's menu), its name and the editor for its type. */
export function PropertyRow(props: PropertyRowProps) {
  const { name, type, isTags, readOnly } = props;
  const [renaming, setRenaming] = useState(false);
  return (
    <div className="property-row" role="listitem" data-property={name}>
      <div className="property-key">
        {readOnly ? (
          <span className="property-icon" title={PROPERTY_TYPE_LABELS[type]}>
            <TypeIcon type={isTags ? 'tags' : type} />
          </span>
        ) : (
          <RowMenu
            name={name}
            type={type}
            isTags={isTags}
            onRename={() => setRenaming(true)}
            onRemove={props.onRemove}
            onChangeType={props.onChangeType}
          />
        )}
        {renaming ? (
          <RenameInput
            name={name}
            onDone={(to) => {
              if (to === null || to === name || props.onRename(to)) setRenaming(false);
            }}
          />
        ) : (
          <span className="property-name" title={name}>
            {name}
          </span>
        )}
        {props.mismatch && (
          <span
            className="property-mismatch"
            role="img"
            aria-label={`Not a ${PROPERTY_TYPE_LABELS[props.mismatch].toLowerCase()}`}
            title={`Other notes use “${name}” as ${PROPERTY_TYPE_LABELS[props.mismatch].toLowerCase()}; this value is edited as ${PROPERTY_TYPE_LABELS[type].toLowerCase()}.`}
          >
            <Icon name="alert" size={13} />
          </span>
        )}
      </div>
      <div className="property-value">
        <ValueEditor
          type={type}
          value={props.value}
          name={name}
          readOnly={readOnly}
          autoFocus={props.autoFocus}
          onCommit={props.onSet}
          onOpenLink={props.onOpenLink}
          onTagClick={isTags ? (props.onTagClick ?? (() => undefined)) : undefined}
        />
      </div>
    </div>
  );
}

function RenameInput({ name, onDone }: { name: string; onDone: (to: string | null) => void }) {
  const [draft, setDraft] = useState(name);
  return (
    <input
      type="text"
      className="property-input property-rename"
      aria-label={`New name for ${name}`}
      value={draft}
      autoFocus
      onFocus={(event) => event.currentTarget.select()}
      onChange={(event) => setDraft(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          onDone(draft.trim() === '' ? null : draft.trim());
        } else if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onDone(null);
        }
      }}
      onBlur={() => onDone(draft.trim() === '' ? null : draft.trim())}
    />
  );
}

interface RowMenuProps {
  name: string;
  type: PropertyType;
  isTags: boolean;
  onRename: () => void;
  onRemove: () => void;
  onChangeType: (type: PropertyType) => void;
}

/** The type icon as a menu button: rename, the type for the whole vault, remove. */
function RowMenu({ name, type, isTags, onRename, onRemove, onChangeType }: RowMenuProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const close = useCallback(() => {
    setOpen(false);
    triggerRef.current?.focus();
  }, []);
  useDismiss(open, rootRef, close);
  const menuRef = useRef<HTMLDivElement>(null);
  const position = useAnchoredPosition(open, triggerRef, menuRef);
  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLButtonElement>('[role^="menuitem"]')?.focus();
  }, [open]);

  const choose = (action: () => void): void => {
    setOpen(false);
    action();
  };
  // Arrow keys move between the items, as in any menu; Tab leaves it.
  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]')];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (move !== undefined) {
      event.preventDefault();
      items[(at + move + items.length) % items.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      items[event.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (event.key === 'Tab') setOpen(false);
  };

  return (
    <div className="property-menu-root" ref={rootRef}>
      <button
        ref={triggerRef}
        type="button"
        className="property-icon property-menu-button"
        aria-label={`${name}: ${PROPERTY_TYPE_LABELS[type]}. Property menu`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((was) => !was)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <TypeIcon type={isTags ? 'tags' : type} />
      </button>
      {open && (
        <div
          className="property-menu"
          role="menu"
          id={menuId}
          aria-label={`${name} property`}
          onKeyDown={onMenuKeyDown}
          ref={menuRef}
          style={position}
        >
          <button
            type="button"
            role="menuitem"
            className="property-menu-item"
            onClick={() => choose(onRename)}
          >
            Rename…
          </button>
          <div className="property-menu-separator" role="separator" />
          <div className="property-menu-label" id={`${menuId}-types`}>
            Property type
          </div>
          <div role="group" aria-labelledby={`${menuId}-types`}>
            {PROPERTY_TYPES.map((option) => (
              <button
                key={option}
                type="button"
                role="menuitemradio"
                aria-checked={option === type}
                className="property-menu-item"
                onClick={() => choose(() => onChangeType(option))}
              >
                <TypeIcon type={option} />
                <span>{PROPERTY_TYPE_LABELS[option]}</span>
                {option === type && (
                  <span className="property-menu-check" aria-hidden="true">
                    ✓
                  </span>
                )}
              </button>
            ))}
          </div>
          <div className="property-menu-separator" role="separator" />
          <button
            type="button"
            role="menuitem"
            className="property-menu-item is-danger"
            onClick={() => choose(onRemove)}
          >
            Remove
          </button>
        </div>
      )}
    </div>
  );
}
