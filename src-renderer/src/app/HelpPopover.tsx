import { useId, useMemo } from 'react';
import { IconButton, Kbd, Modal, ModalHeader } from '../ui';
import { useCommands } from '../features/commands';
import { sheetSections } from './shortcut-sheet';
import { SHORTCUTS } from './shortcuts';
import './shortcut-sheet.css';

interface HelpPopoverProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * The shortcuts sheet, from the `?` button or the `?` key: every command of the window and every
 * key, generated from the command registry and SHORTCUTS so it cannot list what does not exist.
 */
export function HelpPopover({ open, onOpenChange }: HelpPopoverProps) {
  const titleId = useId();
  const commands = useCommands();
  const sections = useMemo(() => (open ? sheetSections(commands) : []), [open, commands]);
  const close = (): void => onOpenChange(false);

  return (
    <>
      <IconButton
        label="Keyboard shortcuts"
        icon="keyboard"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => onOpenChange(!open)}
      />
      <Modal open={open} onClose={close} labelledBy={titleId} className="shortcut-sheet" closeOnBackdrop>
        <ModalHeader
          icon="keyboard"
          title="Keyboard shortcuts"
          titleId={titleId}
          lead={
            <>
              Every command is also in the command palette, <Kbd combo={SHORTCUTS.palette.keys[0]} />.
            </>
          }
          onClose={close}
        />
        <div className="shortcut-sheet-sections">
          {sections.map((section) => (
            <section key={section.group} aria-label={section.group}>
              <h3>{section.group}</h3>
              <dl>
                {section.rows.map((row) => (
                  <div className="shortcut" key={row.id} data-id={row.id} data-shortcut={row.shortcut}>
                    <dt>{row.label}</dt>
                    <dd>
                      {row.keys.map((combo, i) => (
                        <span key={combo}>
                          {i > 0 && <span className="or"> or </span>}
                          <Kbd combo={combo} />
                        </span>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </Modal>
    </>
  );
}
