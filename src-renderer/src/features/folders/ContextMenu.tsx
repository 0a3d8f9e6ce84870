import { useEffect, useRef, type KeyboardEvent } from 'react';
import { Icon, type IconName, useDismiss } from '../../ui';

export interface MenuEntry {
  label: string;
  icon: IconName;
  onSelect: () => void;
  danger?: boolean;
  /** A separator above this entry. */
  separated?: boolean;
}

interface ContextMenuProps {
  /** Viewport coordinates of its top-left corner (kept on screen). */
  x: number;
  y: number;
  label: string;
  entries: readonly MenuEntry[];
  onClose: () => void;
}

/** A right-click (or Shift+F10) menu: arrow keys move, Enter picks, Escape closes. */
export function ContextMenu({ x, y, label, entries, onClose }: ContextMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(true, ref, onClose);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const index = items.findIndex((item) => item === document.activeElement);
    let next: HTMLElement | undefined;
    if (event.key === 'ArrowDown') next = items[(index + 1) % items.length];
    else if (event.key === 'ArrowUp') next = index <= 0 ? items.at(-1) : items[index - 1];
    else if (event.key === 'Home') next = items[0];
    else if (event.key === 'End') next = items.at(-1);
    else if (event.key === 'Tab') return onClose();
    else return;
    event.preventDefault();
    next?.focus();
  };
  const width = 220;
  const height = entries.length * 32 + 12;
  const left = Math.max(4, Math.min(x, window.innerWidth - width - 8));
  const top = Math.max(4, Math.min(y, window.innerHeight - height - 8));
  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="popover context-menu"
      style={{ left, top, width }}
      onKeyDown={onKeyDown}
    >
      {entries.map((entry) => (
        <button
          key={entry.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={[
            'menu-item',
            'context-menu-item',
            entry.danger ? 'is-danger' : '',
            entry.separated ? 'is-separated' : '',
          ].join(' ')}
          onClick={() => {
            onClose();
            entry.onSelect();
          }}
        >
          <Icon name={entry.icon} size={15} />
          <span>{entry.label}</span>
        </button>
      ))}
    </div>
  );
}
