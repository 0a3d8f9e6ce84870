import type { Unsubscribable } from './quire-api';

/**
 * One host subscription shared by many listeners: opened with the first listener, closed with
 * the last. An errored tRPC subscription is finished for good, so it is reopened after a pause
 * while anyone still listens; the host starts every subscription with its current state, so the
 * reopened one tells the feed what it missed.
 */
export class SharedSubscription<Listener> {
  readonly listeners = new Set<Listener>();
  private subscription: Unsubscribable | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Opens the host subscription; calls `onError` when it fails. */
    private readonly start: (onError: () => void) => Unsubscribable,
    private readonly retryDelayMs: number,
  ) {}

  add(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  private open(): void {
    this.subscription = this.start(() => {
      this.subscription = undefined;
      if (this.listeners.size > 0 && this.retryTimer === undefined) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          if (this.listeners.size > 0 && !this.subscription) this.open();
        }, this.retryDelayMs);
      }
    });
  }

  private close(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }
}
