import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { Button } from './Button';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  /** Set: the body is a form and this runs on submit (Enter in a field, or the primary button). */
  onSubmit?: () => void;
  /** The primary button's words; none: only "Close". */
  submitLabel?: string;
  submitVariant?: 'primary' | 'danger';
  busy?: boolean;
  children: ReactNode;
}

/**
 * A modal on the native <dialog>: focus moves in and is trapped, the page behind is inert, Escape
 * closes. Its content exists only while open, so each opening starts fresh.
 */
export function Dialog({
  open,
  title,
  onClose,
  onSubmit,
  submitLabel,
  submitVariant = 'primary',
  busy = false,
  children,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // jsdom has no showModal; the attribute alone still renders it for tests.
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      dialog.querySelector<HTMLElement>('[data-autofocus], input, select, textarea')?.focus();
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onSubmit?.();
  };
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && (
        <form method="dialog" onSubmit={submit} noValidate>
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          <div className="dialog-body">{children}</div>
          <div className="dialog-actions">
            <Button onClick={onClose}>{submitLabel ? 'Cancel' : 'Close'}</Button>
            {submitLabel && onSubmit && (
              <Button type="submit" variant={submitVariant} busy={busy}>
                {submitLabel}
              </Button>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}
