import type { ReactNode } from 'react';
import { IconButton } from './Button';
import { Icon, type IconName } from './Icon';

/** A dialog's header: its icon, title (the id the Modal is labelled by), lead line and Close. */
export function ModalHeader({
  icon,
  title,
  titleId,
  lead,
  onClose,
}: {
  icon: IconName;
  title: string;
  titleId: string;
  lead: ReactNode;
  /** Shows a Close button; dialogs closed only by their own actions leave it out. */
  onClose?: (() => void) | undefined;
}) {
  return (
    <header className="modal-header">
      <span className="modal-header-icon" aria-hidden="true">
        <Icon name={icon} size={18} />
      </span>
      <div>
        <h2 id={titleId}>{title}</h2>
        <p className="modal-lead">{lead}</p>
      </div>
      {onClose && <IconButton label="Close" icon="close" className="modal-close" onClick={onClose} />}
    </header>
  );
}
