import type { QuireApi } from '../api/quire-api';
import { normalizeTitle } from '../lib/markdown/wikilinks';
import type { NotesChange } from './notes-changes-feed';

const LOOKUP_LIMIT = 20;

/** Normalised title → note id, or `null` when no live note has that title. Missing = not known yet. */
export type TitleIds = ReadonlyMap<string, string | null>;

/**
 * Maps wikilink titles to note ids for the preview. There is no exact-title endpoint, so a title
 * is looked up with full-text search (title matches rank first) and the hit whose title equals it,
 * ignoring case, wins. Answers are cached in an immutable map that is replaced on every change (a
 * `useSyncExternalStore` snapshot). A change makes stale what it can affect: links to the notes
 * that changed (renamed, trashed) and links that resolved to nothing (a note may now have that
 * title). Stale answers stay on screen until fresh ones land.
 */
export class TitleResolver {
  private ids: TitleIds = new Map();
  private stale = new Set<string>();
  private readonly inFlight = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: QuireApi) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): TitleIds => this.ids;

  /** Looks up every title not known yet, or known but stale. */
  request(titles: readonly string[]): void {
    for (const title of titles) {
      const key = normalizeTitle(title);
      if (key === '' || this.inFlight.has(key)) continue;
      if (this.ids.has(key) && !this.stale.has(key)) continue;
      this.lookUp(key, title.trim());
    }
  }

  invalidate(change: NotesChange): void {
    const changed = change.kind === 'ids' ? new Set(change.ids) : null;
    let any = false;
    for (const [key, id] of this.ids) {
      if (changed === null || id === null || changed.has(id)) {
        this.stale.add(key);
        any = true;
      }
    }
    // A new snapshot identity makes the preview ask again for the titles it shows.
    if (any) this.publish(new Map(this.ids));
  }

  private lookUp(key: string, title: string): void {
    this.inFlight.add(key);
    this.stale.delete(key);
    this.api.notes.search
      .query({ query: title, limit: LOOKUP_LIMIT })
      .then((hits) => {
        const hit = hits.find((h) => h.trashedAt === 0 && normalizeTitle(h.title) === key);
        const id = hit ? hit.id : null;
        if (this.ids.get(key) !== id || !this.ids.has(key)) this.publish(new Map(this.ids).set(key, id));
      })
      .catch(() => {
        // Left unknown rather than "missing": a failed lookup must not claim the note does not
        // exist. The next change event or preview render asks again.
      })
      .finally(() => this.inFlight.delete(key));
  }

  private publish(ids: TitleIds): void {
    this.ids = ids;
    for (const listener of [...this.listeners]) listener();
  }
}
