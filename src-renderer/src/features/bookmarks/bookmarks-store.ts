import type { Bookmark, BookmarkView, QuireApi } from '../../api/quire-api';
import { sameBookmark } from '../../../../src-shared/api/bookmarks-api';

/**
 * The window's bookmarks: one list shared by the sidebar and the editor's toggle, so a change in
 * one shows in the other at once. Writes send the whole list (it is small and ordered).
 */
export class BookmarksStore {
  private items: readonly BookmarkView[] | null = null;
  private readonly listeners = new Set<() => void>();
  private loading: Promise<void> | null = null;

  constructor(private readonly api: QuireApi) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.items === null) void this.load();
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): readonly BookmarkView[] | null => this.items;

  /** Asks the host again (titles and trashed state change with the notes). */
  load(): Promise<void> {
    this.loading ??= this.api.bookmarks.list.query().then(
      (items) => {
        this.loading = null;
        this.publish(items);
      },
      () => {
        this.loading = null;
      },
    );
    return this.loading;
  }

  has(item: Bookmark): boolean {
    return (this.items ?? []).some((view) => sameBookmark(toBookmark(view), item));
  }

  async toggle(item: Bookmark): Promise<void> {
    const current = (this.items ?? []).map(toBookmark);
    const next = current.some((other) => sameBookmark(other, item))
      ? current.filter((other) => !sameBookmark(other, item))
      : [...current, item];
    await this.save(next);
  }

  async remove(item: Bookmark): Promise<void> {
    await this.save((this.items ?? []).map(toBookmark).filter((other) => !sameBookmark(other, item)));
  }

  /** Moves the bookmark at `from` to position `to`. */
  async reorder(from: number, to: number): Promise<void> {
    const next = (this.items ?? []).map(toBookmark);
    const [moved] = next.splice(from, 1);
    if (!moved) return;
    next.splice(Math.max(0, Math.min(next.length, to)), 0, moved);
    await this.save(next);
  }

  private async save(items: Bookmark[]): Promise<void> {
    this.publish(await this.api.bookmarks.set.mutate({ items }));
  }

  private publish(items: readonly BookmarkView[]): void {
    this.items = items;
    for (const listener of this.listeners) listener();
  }
}

export function toBookmark(view: BookmarkView): Bookmark {
  return view.kind === 'note' ? { kind: 'note', id: view.id } : { kind: 'search', query: view.query };
}

// One store per API (per window): tests make a fresh API, and so a fresh store.
const stores = new WeakMap<QuireApi, BookmarksStore>();
export function bookmarksStoreFor(api: QuireApi): BookmarksStore {
  let store = stores.get(api);
  if (!store) {
    store = new BookmarksStore(api);
    stores.set(api, store);
  }
  return store;
}
