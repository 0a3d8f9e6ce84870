import type { QuireApi, SyncStatus, Unsubscribable } from '../api/quire-api';

/**
 * One `sync.onStatus` subscription shared by everything that shows sync state (sidebar, list,
 * dialogs), open while anyone listens. Shaped for `useSyncExternalStore`: the snapshot is the last
 * status seen, or null before the host has answered. An errored subscription is reopened after a
 * pause, like the notes feed; its first event is the current status, so nothing stays stale.
 */
export class SyncStatusFeed {
  private status: SyncStatus | null = null;
  private readonly listeners = new Set<() => void>();
  private subscription: Unsubscribable | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: QuireApi,
    private readonly retryDelayMs = 2_000,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  };

  readonly getSnapshot = (): SyncStatus | null => this.status;

  /**
   * A sync mutation answered with the status it left behind: show it now rather than when the
   * stream echoes it (both travel the same ordered connection, so the stream never undoes it).
   */
  accept(status: SyncStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of [...this.listeners]) listener();
  }

  private open(): void {
    this.subscription = this.api.sync.onStatus.subscribe(undefined, {
      onData: (status) => this.accept(status),
      onError: () => {
        this.subscription = undefined;
        if (this.listeners.size > 0 && this.retryTimer === undefined) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            if (this.listeners.size > 0 && !this.subscription) this.open();
          }, this.retryDelayMs);
        }
      },
    });
  }

  private close(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }
}
