import type { MergeNotice } from '../../../src-shared/api/notes-api';
import type { QuireApi } from './quire-api';
import { SharedSubscription } from './shared-subscription';

/** `all` means "events may have been missed": every cached list, count and note must be refetched. */
export type NotesChange =
  /** `merges`: notes among `ids` whose new version is a merge (editing rule E7). */
  | { kind: 'ids'; ids: readonly string[]; merges: readonly ({ id: string } & MergeNotice)[] }
  | { kind: 'all' };
export type NotesChangeListener = (change: NotesChange) => void;

/**
 * One `notes.changes` subscription shared by every part of the UI (list, counts, open note, link
 * resolver), opened while anyone listens. The host starts each subscription with an event carrying
 * its current revision and no ids; if that revision is not the last one we saw, we were
 * disconnected (or the host restarted) while notes changed, so listeners are told to resync.
 */
export class NotesChangesFeed {
  private readonly shared: SharedSubscription<NotesChangeListener>;
  private lastRevision: number | undefined;

  constructor(api: QuireApi, retryDelayMs = 2_000) {
    this.shared = new SharedSubscription(
      (onError) =>
        api.notes.changes.subscribe(undefined, {
          onData: (event) => {
            // Each subscription starts with an event carrying no ids: it tells whether a
            // reconnect (or a host restart) missed changes.
            if (event.ids.length === 0) {
              const missedSome = this.lastRevision !== undefined && event.revision !== this.lastRevision;
              this.lastRevision = event.revision;
              if (missedSome) this.resync();
              return;
            }
            this.lastRevision = event.revision;
            this.emit({ kind: 'ids', ids: event.ids, merges: event.merges ?? [] });
          },
          onError,
        }),
      retryDelayMs,
    );
  }

  subscribe(listener: NotesChangeListener): () => void {
    return this.shared.add(listener);
  }

  /** Tell every listener to refetch, e.g. when the connection store reports a reconnect. */
  resync(): void {
    this.emit({ kind: 'all' });
  }

  private emit(change: NotesChange): void {
    for (const listener of [...this.shared.listeners]) listener(change);
  }
}
