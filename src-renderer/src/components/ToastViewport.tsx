import { useToasts } from '../hooks/useToasts';
import { toasts } from '../state/toast-store';
import { Icon } from './Icon';

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
          <button
            type="button"
            className="icon-button small"
            aria-label="Dismiss"
            onClick={() => toasts.dismiss(toast.id)}
          >
            <Icon name="close" size={13} />
          </button>
        </div>
      ))}
    </div>
  );
}
