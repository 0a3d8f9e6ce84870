import type { QuireApi, Unsubscribable } from '../api/quire-api';

/** `all` means "events may have been missed": every cached list, count and note must be refetched. */
export type NotesChange = { kind: 'ids'; ids: readonly string[] } | { kind: 'all' };
export type NotesChangeListener = (change: NotesChange) => void;

/**
 * One `notes.changes` subscription shared by every part of the UI (list, counts, open note, link
 * resolver), opened while anyone listens. The host starts each subscription with an event carrying
 * its current revision and no ids; if that revision is not the last one we saw, we were
 * disconnected (or the host restarted) while notes changed, so listeners are told to resync.
 */
export class NotesChangesFeed {
  private readonly listeners = new Set<NotesChangeListener>();
  private subscription: Unsubscribable | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRevision: number | undefined;

  constructor(
    private readonly api: QuireApi,
    private readonly retryDelayMs = 2_000,
  ) {}

  subscribe(listener: NotesChangeListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  /** Tell every listener to refetch, e.g. when the connection store reports a reconnect. */
  resync(): void {
    this.emit({ kind: 'all' });
  }

  private open(): void {
    this.subscription = this.api.notes.changes.subscribe(undefined, {
      onData: (event) => {
        if (event.ids.length === 0) {
          const missedSome = this.lastRevision !== undefined && event.revision !== this.lastRevision;
          this.lastRevision = event.revision;
          if (missedSome) this.resync();
          return;
        }
        this.lastRevision = event.revision;
        this.emit({ kind: 'ids', ids: event.ids });
      },
      onError: () => {
        // An errored subscription is finished for good; open a new one after a pause. Its first
        // event tells whether anything was missed meanwhile.
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

  private emit(change: NotesChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
