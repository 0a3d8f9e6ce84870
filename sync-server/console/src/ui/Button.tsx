import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'plain' | 'primary' | 'danger' | 'ghost';

interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className'> {
  variant?: ButtonVariant;
  /** Work is in flight: still focusable and announced (`aria-disabled`), presses are ignored. */
  busy?: boolean;
  small?: boolean;
  children: ReactNode;
}

/** The console's button; `type` is "button" unless it submits a form. */
export function Button({
  variant = 'plain',
  busy = false,
  small = false,
  type = 'button',
  onClick,
  children,
  ...rest
}: ButtonProps) {
  const classes = ['btn', `btn-${variant}`, small && 'btn-small', busy && 'is-busy']
    .filter(Boolean)
    .join(' ');
  return (
    <button
      {...rest}
      type={type}
      className={classes}
      aria-disabled={busy || undefined}
      onClick={(event) => {
        if (busy) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
    >
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
