import { useCallback, useRef } from 'react';
import { IconButton, Kbd, useDismiss } from '../ui';
import { SHORTCUTS } from './shortcuts';

interface HelpPopoverProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Every keyboard shortcut, from the `?` button or the `?` key. */
export function HelpPopover({ open, onOpenChange }: HelpPopoverProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const close = useCallback(() => onOpenChange(false), [onOpenChange]);
  useDismiss(open, rootRef, close);

  return (
    <div className="popover-anchor" ref={rootRef}>
      <IconButton
        label="Keyboard shortcuts"
        icon="keyboard"
        aria-expanded={open}
        onClick={() => onOpenChange(!open)}
      />
      {open && (
        <div className="popover popover-up shortcuts" role="dialog" aria-label="Keyboard shortcuts">
          <p className="popover-label">Keyboard shortcuts</p>
          <dl>
            {Object.entries(SHORTCUTS).map(([name, { keys, label }]) => (
              <div className="shortcut" key={name}>
                <dt>{label}</dt>
                <dd>
                  {keys.map((combo, i) => (
                    <span key={combo}>
                      {i > 0 && <span className="or"> or </span>}
                      <Kbd combo={combo} />
                    </span>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
