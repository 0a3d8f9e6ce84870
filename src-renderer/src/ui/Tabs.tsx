import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<T extends string> {
  value: T;
  label: string;
}

/** What the element showing the selected tab's content spreads onto itself. */
export interface TabPanelProps {
  id: string;
  role: 'tabpanel';
  'aria-labelledby': string;
}

interface TabsProps<T extends string> {
  /** The tab list's accessible name. */
  label: string;
  items: readonly TabItem<T>[];
  value: T;
  onChange: (value: T) => void;
  /** While true (work in flight), the selection stays where it is. */
  disabled?: boolean;
  /** The one panel, for whichever tab is selected: a form, a section. */
  children: (panel: TabPanelProps) => ReactNode;
}

/**
 * Tabs over one panel (WAI-ARIA tabs, automatic activation): a `tablist` of `tab` buttons, only
 * the selected one in the Tab order; Left and Right arrows move to the previous and next tab
 * (wrapping), Home and End to the first and last, selecting as they go.
 */
export function Tabs<T extends string>({ label, items, value, onChange, disabled, children }: TabsProps<T>) {
  const tabs = useRef(new Map<T, HTMLButtonElement>());
  const baseId = useId();
  const panelId = `${baseId}-panel`;
  const tabId = (item: T): string => `${baseId}-${item}`;

  const select = (next: T, focus: boolean): void => {
    if (disabled) return;
    onChange(next);
    if (focus) tabs.current.get(next)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const index = items.findIndex((item) => item.value === value);
    let next: TabItem<T> | undefined;
    if (event.key === 'ArrowRight') next = items[(index + 1) % items.length];
    else if (event.key === 'ArrowLeft') next = items[(index - 1 + items.length) % items.length];
    else if (event.key === 'Home') next = items[0];
    else if (event.key === 'End') next = items.at(-1);
    else return;
    event.preventDefault();
    if (next) select(next.value, true);
  };

  return (
    <>
      <div className="tabs" role="tablist" aria-label={label}>
        {items.map((item) => (
          <button
            key={item.value}
            ref={(el) => {
              if (el) tabs.current.set(item.value, el);
              else tabs.current.delete(item.value);
            }}
            type="button"
            role="tab"
            id={tabId(item.value)}
            className="tab"
            aria-selected={item.value === value}
            aria-controls={panelId}
            tabIndex={item.value === value ? 0 : -1}
            onClick={() => select(item.value, false)}
            onKeyDown={onKeyDown}
          >
            {item.label}
          </button>
        ))}
      </div>
      {children({ id: panelId, role: 'tabpanel', 'aria-labelledby': tabId(value) })}
    </>
  );
}
