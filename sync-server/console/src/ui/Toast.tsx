import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export interface ToastItem {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

interface Toasts {
  show(text: string, tone?: ToastItem['tone']): void;
}

const ToastContext = createContext<Toasts>({ show: () => undefined });

const TOAST_MS = 6_000;

/** Short confirmations ("Device revoked") and failures, read out by screen readers as they come. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setItems((list) => list.filter((item) => item.id !== id)), []);
  const show = useCallback(
    (text: string, tone: ToastItem['tone'] = 'info') => {
      const id = next.current++;
      // At most three on screen: the oldest goes first.
      setItems((list) => [...list.slice(-2), { id, text, tone }]);
      window.setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {items.map((item) => (
          <div key={item.id} className={`toast toast-${item.tone}`}>
            <span>{item.text}</span>
            <button
              type="button"
              className="toast-close"
              aria-label="Dismiss"
              onClick={() => dismiss(item.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Toasts {
  return useContext(ToastContext);
}
