import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { Icon } from './Icon';

interface FormFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Quiet help under the field. */
  hint?: string | undefined;
  /** Shown instead of the hint, in red; the field is marked invalid. */
  error?: string | undefined;
  /** A way out offered after the error ("Sign in instead"). */
  errorAction?: ReactNode;
  /** " (optional)" after the label. */
  optional?: boolean;
  /** Something inside the field's right edge, such as a show-password toggle. */
  trailing?: ReactNode;
  /** Takes focus when the surrounding Modal opens. */
  autoFocusOnOpen?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled text input with its hint and inline error wired up for assistive technology. */
export function FormField({
  label,
  value,
  onChange,
  hint,
  error,
  errorAction,
  optional,
  trailing,
  autoFocusOnOpen,
  ref,
  ...input
}: FormFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={error ? 'form-field has-error' : 'form-field'}>
      <label className="form-label" htmlFor={id}>
        {label}
        {optional && <span className="form-optional"> (optional)</span>}
      </label>
      <div className="form-control">
        <input
          {...input}
          ref={ref}
          id={id}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : hint ? hintId : undefined}
          data-autofocus={autoFocusOnOpen ? '' : undefined}
        />
        {trailing}
      </div>
      {error ? (
        <p className="form-error-text" id={errorId}>
          <Icon name="alert" size={13} />
          <span>
            {error}
            {errorAction && <> {errorAction}</>}
          </span>
        </p>
      ) : (
        hint && (
          <p className="form-hint" id={hintId}>
            {hint}
          </p>
        )
      )}
    </div>
  );
}
