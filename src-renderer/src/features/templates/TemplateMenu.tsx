import { useCallback, useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { TemplateInfo } from '../../api/quire-api';
import { Icon, IconButton, useDismiss } from '../../ui';
import { useTemplates } from './useTemplates';

interface TemplateMenuProps {
  /** A template was picked: create a note from it. */
  onCreate: (templateId: string) => void;
}

type FocusTarget = 'first' | 'last';

function menuItems(menu: HTMLElement): HTMLElement[] {
  return [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
}

/**
 * The chevron half of the sidebar's split "New note" button: a menu of the host's templates
 * (WAI-ARIA menu button). Arrow keys, Home and End move through it, Enter or Space picks,
 * Escape closes it and returns to the button, Tab closes it and moves on.
 */
export function TemplateMenu({ onCreate }: TemplateMenuProps) {
  const templates = useTemplates();
  const [open, setOpen] = useState(false);
  const [focusTarget, setFocusTarget] = useState<FocusTarget>('first');
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonId = useId();
  const menuId = useId();

  const dismiss = useCallback(() => {
    // Escape (or a click elsewhere) while in the menu: focus goes back where the menu came from.
    const hadFocus = menuRef.current?.contains(document.activeElement) ?? false;
    setOpen(false);
    if (hadFocus) buttonRef.current?.focus();
  }, []);
  useDismiss(open, rootRef, dismiss);

  const { status, reload } = templates;
  const openMenu = (target: FocusTarget): void => {
    setFocusTarget(target);
    setOpen(true);
    if (status === 'error') reload();
  };

  // Focus moves into the menu when it opens, and again when its placeholder gives way to the list.
  const list = templates.templates;
  useEffect(() => {
    const menu = menuRef.current;
    if (!open || !menu) return;
    if (menu.contains(document.activeElement)) return;
    const items = menuItems(menu);
    (focusTarget === 'last' ? items.at(-1) : items[0])?.focus();
  }, [open, focusTarget, status, list]);

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const target = event.key === 'ArrowDown' ? 'first' : 'last';
    if (!open) return openMenu(target);
    const items = menuRef.current ? menuItems(menuRef.current) : [];
    (target === 'last' ? items.at(-1) : items[0])?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const items = menuItems(event.currentTarget);
    const index = items.findIndex((item) => item === document.activeElement);
    let next: HTMLElement | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = items[(index + 1) % items.length];
        break;
      case 'ArrowUp':
        next = index <= 0 ? items.at(-1) : items[index - 1];
        break;
      case 'Home':
        next = items[0];
        break;
      case 'End':
        next = items.at(-1);
        break;
      case 'Tab':
        // Focus moves on to the next control as usual; the menu does not stay behind.
        setOpen(false);
        return;
      default:
        return;
    }
    event.preventDefault();
    next?.focus();
  };

  // Tabbing (or any focus move) out of the menu closes it; a click elsewhere is useDismiss's.
  const onBlur = (event: FocusEvent<HTMLDivElement>): void => {
    if (open && event.relatedTarget instanceof Node && !event.currentTarget.contains(event.relatedTarget))
      setOpen(false);
  };

  const choose = (template: TemplateInfo): void => {
    setOpen(false);
    // Back on the button until the new note takes focus (or if creating it fails).
    buttonRef.current?.focus();
    onCreate(template.id);
  };

  let items;
  if (status === 'ready' && list.length > 0) {
    items = list.map((template) => (
      <TemplateItem
        key={template.id}
        template={template}
        idPrefix={menuId}
        onChoose={() => choose(template)}
      />
    ));
  } else if (status === 'error') {
    items = (
      <button type="button" role="menuitem" tabIndex={-1} className="menu-item" onClick={reload}>
        <Icon name="alert" />
        <span className="menu-item-text">
          <span className="menu-item-name">Couldn’t load templates</span>
          <span className="menu-item-description">Quire didn’t answer. Choose to try again.</span>
        </span>
      </button>
    );
  } else {
    items = (
      <div role="menuitem" aria-disabled="true" tabIndex={-1} className="menu-item is-placeholder">
        {status === 'ready' ? 'No templates available' : 'Loading templates…'}
      </div>
    );
  }

  return (
    <div className="template-menu" ref={rootRef} onBlur={onBlur}>
      <IconButton
        ref={buttonRef}
        id={buttonId}
        label="New from template"
        icon="chevronDown"
        iconSize={14}
        className="template-menu-toggle"
        title="New from template"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? setOpen(false) : openMenu('first'))}
        onKeyDown={onButtonKeyDown}
      />
      {open && (
        <div className="popover template-popover">
          <p className="popover-label" aria-hidden="true">
            New from template
          </p>
          <div ref={menuRef} id={menuId} role="menu" aria-labelledby={buttonId} onKeyDown={onMenuKeyDown}>
            {items}
          </div>
        </div>
      )}
    </div>
  );
}

function TemplateItem({
  template,
  idPrefix,
  onChoose,
}: {
  template: TemplateInfo;
  idPrefix: string;
  onChoose: () => void;
}) {
  const nameId = `${idPrefix}-${template.id}-name`;
  const descriptionId = `${idPrefix}-${template.id}-description`;
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      className="menu-item"
      aria-labelledby={nameId}
      aria-describedby={template.description ? descriptionId : undefined}
      onClick={onChoose}
    >
      <Icon name="template" />
      <span className="menu-item-text">
        <span className="menu-item-name" id={nameId}>
          {template.name}
        </span>
        {template.description && (
          <span className="menu-item-description" id={descriptionId}>
            {template.description}
          </span>
        )}
      </span>
    </button>
  );
}
