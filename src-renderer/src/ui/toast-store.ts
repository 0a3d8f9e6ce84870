export type ToastTone = 'info' | 'error';

export interface ToastAction {
  label: string;
  run: () => void;
}

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
  action?: ToastAction;
}

export interface ShowToast {
  message: string;
  tone?: ToastTone;
  action?: ToastAction;
  /** Errors and undo offers linger longer than confirmations. */
  durationMs?: number;
}

const MAX_VISIBLE = 3;

/**
 * Transient messages ("Moved to trash · Undo", host errors). A module-level store: any code path,
 * including non-React ones such as an autosave failure, can raise a toast.
 */
export class ToastStore {
  private toasts: readonly Toast[] = [];
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<() => void>();
  private nextId = 1;

  show({ message, tone = 'info', action, durationMs }: ShowToast): number {
    const id = this.nextId++;
    // The same error twice in a row (a retry loop) stays one toast, and only the latest offer to
    // undo stands: an older one may point at a note that has since changed again.
    const last = this.toasts.at(-1);
    if (last && last.message === message && last.tone === tone && !action && !last.action)
      this.dismiss(last.id);
    if (action) for (const t of this.toasts.filter((t) => t.action)) this.dismiss(t.id);
    this.toasts = [...this.toasts, { id, message, tone, ...(action ? { action } : {}) }].slice(-MAX_VISIBLE);
    const duration = durationMs ?? (tone === 'error' || action ? 8_000 : 4_000);
    this.timers.set(
      id,
      setTimeout(() => this.dismiss(id), duration),
    );
    this.emit();
    return id;
  }

  dismiss(id: number): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    const next = this.toasts.filter((t) => t.id !== id);
    if (next.length === this.toasts.length) return;
    this.toasts = next;
    this.emit();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): readonly Toast[] => this.toasts;

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export const toasts = new ToastStore();
