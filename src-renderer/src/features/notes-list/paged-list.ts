export interface Page<T> {
  total: number;
  items: T[];
}

export type PageFetcher<T> = (offset: number, limit: number) => Promise<Page<T>>;

export interface PagedListOptions {
  pageSize: number;
  /** Requests in flight at once; scrolling fast past pages must not queue hundreds of fetches. */
  maxConcurrent: number;
  /** Pages kept in memory; the ones farthest from the viewport go first. */
  maxPages: number;
}

interface CachedPage<T> {
  items: T[];
  /** The invalidation generation the page was fetched in; older means stale. */
  generation: number;
}

const DEFAULT_OPTIONS: PagedListOptions = { pageSize: 100, maxConcurrent: 3, maxPages: 60 };

/**
 * A windowed, paged view of a server-side list (50,000 notes must scroll smoothly).
 *
 * Only the pages the viewport asks for (`ensureRange`) are fetched, a few at a time; pages are
 * cached, and `invalidate()` (called on change events) marks them stale. Stale rows stay on
 * screen until their replacement arrives, so a live update never flashes empty rows, and an
 * answer fetched before the latest change never overwrites one fetched after it.
 */
export class PagedList<T extends { id: string }> {
  private readonly options: PagedListOptions;
  private readonly pages = new Map<number, CachedPage<T>>();
  private readonly loading = new Map<number, { generation: number; promise: Promise<void> }>();
  private readonly failed = new Map<number, number>();
  private readonly listeners = new Set<() => void>();
  private wanted = { first: 0, last: 0 };
  private generation = 0;
  private total: number | null = null;
  private error: unknown = null;
  private version = 0;
  private indexById: Map<string, number> | null = null;

  constructor(
    private readonly fetchPage: PageFetcher<T>,
    options: Partial<PagedListOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /** Rows in the list, 0 until the first page arrives. */
  get count(): number {
    return this.total ?? 0;
  }

  /** False until the first answer (so the UI can tell "loading" from "empty"). */
  get isLoaded(): boolean {
    return this.total !== null;
  }

  /** The error of the latest failed fetch, cleared by the next success. */
  get lastError(): unknown {
    return this.error;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever anything visible changes; the snapshot for `useSyncExternalStore`. */
  readonly getVersion = (): number => this.version;

  getRow(index: number): T | undefined {
    const size = this.options.pageSize;
    return this.pages.get(Math.floor(index / size))?.items[index % size];
  }

  /** Position of a loaded row, or -1. */
  indexOf(id: string): number {
    if (!this.indexById) {
      this.indexById = new Map();
      for (const [page, { items }] of this.pages) {
        items.forEach((item, i) => this.indexById?.set(item.id, page * this.options.pageSize + i));
      }
    }
    return this.indexById.get(id) ?? -1;
  }

  /** Declares the rows on screen (inclusive); fetches whatever of them is missing or stale. */
  ensureRange(firstIndex: number, lastIndex: number): void {
    const size = this.options.pageSize;
    const first = Math.floor(Math.max(0, firstIndex) / size);
    const last = Math.max(first, Math.floor(Math.max(0, lastIndex) / size));
    if (first !== this.wanted.first || last !== this.wanted.last) this.wanted = { first, last };
    this.pump();
  }

  /** Fetches the page holding `index` if needed (keyboard jumps) and returns the row. */
  async loadRow(index: number): Promise<T | undefined> {
    const page = Math.floor(index / this.options.pageSize);
    if (this.pages.get(page)?.generation !== this.generation) {
      await (this.loading.get(page)?.generation === this.generation
        ? this.loading.get(page)?.promise
        : this.load(page));
    }
    return this.getRow(index);
  }

  /** Something changed on the server: refetch what is on screen, forget what is not. */
  invalidate(): void {
    this.generation += 1;
    this.failed.clear();
    for (const page of [...this.pages.keys()]) {
      if (page < this.wanted.first || page > this.wanted.last) this.pages.delete(page);
    }
    this.changed();
    this.pump();
  }

  /** Tries failed pages again (the "Retry" button). */
  retry(): void {
    this.failed.clear();
    this.pump();
  }

  private pump(): void {
    for (let page = this.wanted.first; page <= this.wanted.last; page++) {
      if (this.loading.size >= this.options.maxConcurrent) return;
      if (this.total !== null && page > 0 && page * this.options.pageSize >= this.total) return;
      if (this.pages.get(page)?.generation === this.generation) continue;
      if (this.loading.get(page)?.generation === this.generation) continue;
      if (this.failed.get(page) === this.generation) continue;
      void this.load(page);
    }
  }

  private load(page: number): Promise<void> {
    const generation = this.generation;
    const size = this.options.pageSize;
    const promise: Promise<void> = this.fetchPage(page * size, size)
      .then(
        (result) => {
          const current = generation === this.generation;
          // An answer from before the latest change is still better than an empty page.
          if (current || !this.pages.has(page)) this.pages.set(page, { items: result.items, generation });
          if (current || this.total === null) this.total = result.total;
          this.error = null;
        },
        (error: unknown) => {
          if (generation !== this.generation) return;
          this.failed.set(page, generation);
          this.error = error;
        },
      )
      .finally(() => {
        if (this.loading.get(page)?.promise === promise) this.loading.delete(page);
        this.trim();
        this.changed();
        this.pump();
      });
    this.loading.set(page, { generation, promise });
    return promise;
  }

  private trim(): void {
    if (this.pages.size <= this.options.maxPages) return;
    const centre = (this.wanted.first + this.wanted.last) / 2;
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const page of byDistance.slice(0, this.pages.size - this.options.maxPages)) this.pages.delete(page);
  }

  private changed(): void {
    this.indexById = null;
    this.version += 1;
    for (const listener of [...this.listeners]) listener();
  }
}
