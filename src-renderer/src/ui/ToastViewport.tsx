import { IconButton } from './Button';
import { Icon } from './Icon';
import { toasts } from './toast-store';
import { useToasts } from './useToasts';

/** Bottom-centre stack of transient messages; errors are announced assertively. */
export function ToastViewport() {
  const items = useToasts();
  return (
    <div className="toast-viewport" aria-live="polite">
      {items.map((toast) => (
        <div
          key={toast.id}
          className={`toast is-${toast.tone}`}
          role={toast.tone === 'error' ? 'alert' : 'status'}
        >
          {toast.tone === 'error' && <Icon name="alert" size={15} />}
          <span className="toast-message">{toast.message}</span>
          {toast.action && (
            <>
              <span className="toast-separator" aria-hidden="true">
                ·
              </span>
              <button
                type="button"
                className="toast-action"
                onClick={() => {
                  toast.action?.run();
                  toasts.dismiss(toast.id);
                }}
              >
                {toast.action.label}
              </button>
            </>
          )}
          <IconButton
            label="Dismiss"
            icon="close"
            iconSize={13}
            small
            onClick={() => toasts.dismiss(toast.id)}
          />
        </div>
      ))}
    </div>
  );
}
