import { useEffect, useRef, type MouseEvent, type PointerEvent, type ReactNode } from 'react';

interface ModalProps {
  open: boolean;
  onClose: () => void;
  /** The id of the dialog's heading. */
  labelledBy: string;
  className?: string;
  /** A press on the dimmed backdrop closes it (not for forms, where it would lose typing). */
  closeOnBackdrop?: boolean;
  children: ReactNode;
}

/**
 * A modal built on the native <dialog>, like ConfirmDialog: focus is trapped, the app behind is
 * inert, Escape cancels. Its content exists only while it is open, so every opening starts fresh.
 * On opening, the element marked `data-autofocus` takes focus (else the browser picks the first).
 */
export function Modal({
  open,
  onClose,
  labelledBy,
  className,
  closeOnBackdrop = false,
  children,
}: ModalProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const pressedBackdrop = useRef(false);
  // The close event arrives a task later. If the parent closed the dialog itself, it may already
  // have opened another one in its place, which this late "closed" must not close.
  const openRef = useRef(open);

  useEffect(() => {
    openRef.current = open;
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  // The dialog element itself is hit only outside its content box: that is the backdrop. Both the
  // press and the release must land there, so a text selection dragged outside does not close it.
  const onPointerDown = (event: PointerEvent<HTMLDialogElement>): void => {
    pressedBackdrop.current = event.target === event.currentTarget;
  };
  const onClick = (event: MouseEvent<HTMLDialogElement>): void => {
    if (closeOnBackdrop && pressedBackdrop.current && event.target === event.currentTarget) onClose();
    pressedBackdrop.current = false;
  };

  return (
    <dialog
      ref={dialogRef}
      className={className ? `modal ${className}` : 'modal'}
      aria-labelledby={labelledBy}
      onClose={() => {
        if (openRef.current) onClose();
      }}
      onPointerDown={onPointerDown}
      onClick={onClick}
    >
      {open && <div className="modal-content">{children}</div>}
    </dialog>
  );
}
