import type { QuireApi, SyncStatus } from '../../api/quire-api';
import { SharedSubscription } from '../../api/shared-subscription';

/**
 * One `sync.onStatus` subscription shared by everything that shows sync state (sidebar, list,
 * dialogs), open while anyone listens. Shaped for `useSyncExternalStore`: the snapshot is the last
 * status seen, or null before the host has answered. An errored subscription is reopened after a
 * pause, like the notes feed; its first event is the current status, so nothing stays stale.
 */
export class SyncStatusFeed {
  private status: SyncStatus | null = null;
  private readonly shared: SharedSubscription<() => void>;

  constructor(api: QuireApi, retryDelayMs = 2_000) {
    this.shared = new SharedSubscription(
      (onError) =>
        api.sync.onStatus.subscribe(undefined, { onData: (status) => this.accept(status), onError }),
      retryDelayMs,
    );
  }

  readonly subscribe = (listener: () => void): (() => void) => this.shared.add(listener);

  readonly getSnapshot = (): SyncStatus | null => this.status;

  /**
   * A sync mutation answered with the status it left behind: show it now rather than when the
   * stream echoes it (both travel the same ordered connection, so the stream never undoes it).
   */
  accept(status: SyncStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of [...this.shared.listeners]) listener();
  }
}
