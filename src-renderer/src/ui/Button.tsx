import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { Icon, type IconName } from './Icon';

type NativeButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className' | 'children'>;

export type ButtonVariant = 'plain' | 'primary' | 'danger' | 'danger-solid' | 'subtle-danger';

const VARIANT_CLASSES: Record<ButtonVariant, string> = {
  plain: 'button',
  primary: 'button primary',
  danger: 'button danger',
  'danger-solid': 'button danger solid',
  'subtle-danger': 'button subtle danger',
};

interface ButtonProps extends NativeButtonProps {
  variant?: ButtonVariant;
  /** A small icon before the label. */
  icon?: IconName;
  /**
   * Work is in flight: the button stays focusable and announced but says it is unavailable
   * (`aria-disabled`, not `disabled`, so focus does not drop to the page); the caller ignores presses.
   */
  busy?: boolean;
  /** While busy, the icon is a turning arrow. */
  spinner?: boolean;
  children: ReactNode;
  ref?: Ref<HTMLButtonElement>;
}

/** The app's text button; `type` is "button" unless it submits a form. */
export function Button({
  variant = 'plain',
  icon,
  busy = false,
  spinner = false,
  children,
  type = 'button',
  ref,
  ...button
}: ButtonProps) {
  return (
    <button
      {...button}
      ref={ref}
      type={type}
      className={VARIANT_CLASSES[variant]}
      aria-disabled={busy || undefined}
    >
      {busy && spinner ? (
        <span className="is-spinning" aria-hidden="true">
          <Icon name="refresh" size={14} />
        </span>
      ) : (
        icon && <Icon name={icon} size={14} />
      )}
      {children}
    </button>
  );
}

interface IconButtonProps extends NativeButtonProps {
  /** The accessible name: an icon alone says nothing to a screen reader. */
  label: string;
  icon: IconName;
  iconSize?: number;
  /** The compact one, inside fields and toasts. */
  small?: boolean;
  /** A class of the place it sits in ("modal-close", "new-note"). */
  className?: string;
  ref?: Ref<HTMLButtonElement>;
}

/** A square button that is only an icon, named by `label`. */
export function IconButton({
  label,
  icon,
  iconSize,
  small = false,
  className,
  ref,
  ...button
}: IconButtonProps) {
  const classes = ['icon-button', small && 'small', className].filter(Boolean).join(' ');
  return (
    <button type="button" {...button} ref={ref} className={classes} aria-label={label}>
      <Icon name={icon} size={iconSize} />
    </button>
  );
}

/** A button that reads as a link inside a sentence ("Try again", "Switch to Sign in"). */
export function LinkButton({ children, ...button }: NativeButtonProps & { children: ReactNode }) {
  return (
    <button type="button" {...button} className="link-button">
      {children}
    </button>
  );
}
