import { RESOLVE_TITLES_MAX } from '../../../../src-shared/api/notes-api';
import { NOTE_LIMITS } from '../../../../src-shared/schema/note';
import { titleKey } from '../../../../src-shared/note-title';
import type { QuireApi } from '../../api/quire-api';
import type { NotesChange, NotesChangesFeed } from '../../api/notes-changes-feed';

/** Normalised title → note id, or `null` when no live note has that title. Missing = not known yet. */
export type TitleIds = ReadonlyMap<string, string | null>;

/**
 * Maps wikilink titles to note ids for the preview, through the host's `notes.resolveTitles`
 * (trimmed, case-insensitive, newest note wins).
 *
 * Consumers `watch()` the titles they show. Titles not known yet go to the host in one batched
 * call per watch (deduplicated by normalised title; split only past the host's per-call limit).
 * Answers are cached in an immutable map that is replaced whenever an answer changes (a
 * `useSyncExternalStore` snapshot).
 *
 * Any `notes.changes` event makes every cached answer stale: a change can rename, trash or create
 * a note, and only the host knows which titles that affects (a newer note taking a title moves the
 * link). The watched titles are then asked again, in one call; stale answers stay on screen until
 * fresh ones land, and unwatched ones are dropped, so the cache holds little more than what is
 * shown. An answer that was overtaken by a change while in flight is ignored.
 */
export class TitleResolver {
  private ids: TitleIds = new Map();
  /** Cached answers that a change may have made wrong (always keys of `ids`). */
  private readonly stale = new Set<string>();
  /** Normalised title → the batch whose answer for it counts (later batches overtake earlier ones). */
  private readonly pending = new Map<string, number>();
  /** Normalised title → how many watchers show it, and the title as written (what the host is sent). */
  private readonly watched = new Map<string, { title: string; count: number }>();
  private readonly listeners = new Set<() => void>();
  private nextBatch = 1;
  private unsubscribeChanges: (() => void) | undefined;
  private idleCheck = false;

  constructor(
    private readonly api: QuireApi,
    private readonly changes: NotesChangesFeed,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): TitleIds => this.ids;

  /**
   * Keeps `titles` resolved, and up to date while notes change, until the returned function is
   * called. Shaped for a `useEffect` body.
   */
  watch(titles: readonly string[]): () => void {
    const keys = new Map<string, string>();
    for (const title of titles) {
      const key = titleKey(title);
      if (key !== '' && !keys.has(key)) keys.set(key, title.trim());
    }
    for (const [key, title] of keys) {
      const entry = this.watched.get(key);
      if (entry) entry.count += 1;
      else this.watched.set(key, { title, count: 1 });
    }
    if (keys.size > 0)
      this.unsubscribeChanges ??= this.changes.subscribe((change) => this.invalidate(change));
    this.resolve([...keys].filter(([key]) => this.needsLookup(key)));

    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of keys.keys()) {
        const entry = this.watched.get(key);
        if (entry && --entry.count === 0) this.watched.delete(key);
      }
      this.scheduleIdleCheck();
    };
  }

  /** Marks every answer stale and asks again for the titles on screen. Driven by `notes.changes`. */
  invalidate(_change: NotesChange): void {
    for (const key of this.ids.keys()) this.stale.add(key);
    // Answers already on their way may predate the change: only a lookup sent from now on counts.
    this.pending.clear();
    this.resolve([...this.watched].map(([key, { title }]) => [key, title]));
  }

  private needsLookup(key: string): boolean {
    return !this.pending.has(key) && (!this.ids.has(key) || this.stale.has(key));
  }

  /** One `resolveTitles` call for the lot (more only past the host's per-call limit). */
  private resolve(entries: readonly (readonly [key: string, title: string])[]): void {
    const local = new Map<string, string | null>();
    const remote: (readonly [string, string])[] = [];
    for (const entry of entries) {
      // No note can have a title longer than the limit, and the host would refuse the whole batch.
      if (entry[1].length > NOTE_LIMITS.titleMaxLength) local.set(entry[0], null);
      else remote.push(entry);
    }
    if (local.size > 0) this.apply(local);
    for (let start = 0; start < remote.length; start += RESOLVE_TITLES_MAX) {
      this.send(remote.slice(start, start + RESOLVE_TITLES_MAX));
    }
  }

  private send(entries: readonly (readonly [key: string, title: string])[]): void {
    const batch = this.nextBatch++;
    for (const [key] of entries) {
      this.pending.set(key, batch);
      this.stale.delete(key);
    }
    const current = (): (readonly [string, string])[] =>
      entries.filter(([key]) => this.pending.get(key) === batch);
    this.api.notes.resolveTitles
      .query({ titles: entries.map(([, title]) => title) })
      .then((found) => {
        const answers = new Map<string, string | null>();
        for (const [key, title] of current()) {
          this.pending.delete(key);
          // Own properties only: a title such as "constructor" must not find Object.prototype's.
          if (Object.hasOwn(found, title)) answers.set(key, found[title] ?? null);
          else this.markStale(key);
        }
        this.apply(answers);
      })
      .catch(() => {
        // Left as it was (unknown, or the last answer) rather than "missing": a failed lookup must
        // not claim a note does not exist. The next change, or the titles shown again, retries it.
        for (const [key] of current()) {
          this.pending.delete(key);
          this.markStale(key);
        }
      });
  }

  /** Publishes a new snapshot if any answer differs; stale answers nobody shows are dropped with it. */
  private apply(answers: ReadonlyMap<string, string | null>): void {
    let changed = false;
    for (const [key, id] of answers) {
      this.stale.delete(key);
      if (this.ids.get(key) !== id || !this.ids.has(key)) changed = true;
    }
    if (!changed) return;
    const next = new Map<string, string | null>();
    for (const [key, id] of this.ids) {
      if (!this.stale.has(key) || this.watched.has(key)) next.set(key, id);
      else this.stale.delete(key);
    }
    for (const [key, id] of answers) next.set(key, id);
    this.ids = next;
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * Without watchers the resolver stops listening for changes, so what it has cached can go out of
   * date: it is all marked stale. Checked a moment later, because a re-render unwatches and
   * rewatches in one go.
   */
  private scheduleIdleCheck(): void {
    if (this.idleCheck) return;
    this.idleCheck = true;
    void Promise.resolve().then(() => {
      this.idleCheck = false;
      if (this.watched.size > 0 || !this.unsubscribeChanges) return;
      this.unsubscribeChanges();
      this.unsubscribeChanges = undefined;
      for (const key of this.ids.keys()) this.stale.add(key);
      this.pending.clear();
    });
  }

  /** Only cached answers can be stale; a title never answered is looked up anyway. */
  private markStale(key: string): void {
    if (this.ids.has(key)) this.stale.add(key);
  }
}
