export interface NotePatch {
  title?: string;
  body?: string;
}

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'error';

export interface AutosaveSnapshot {
  status: SaveStatus;
  /** Plain-words reason of the last failed save, until a save succeeds again. */
  error: string | null;
  /** Whether the save that failed last is kept and retried; false when retrying cannot help. */
  retrying: boolean;
}

/** An edit held outside the queue until it is committed, such as a title being typed. */
export type DraftSource = () => { noteId: string; patch: NotePatch } | null;

export interface AutosaveOptions {
  save(noteId: string, patch: NotePatch): Promise<unknown>;
  delayMs: number;
  describeError(error: unknown): string;
  /** Failures that retrying the same patch cannot fix, such as the note having been deleted. */
  isPermanent(error: unknown): boolean;
  /** First retry after a transient failure; doubles up to a minute. */
  retryDelayMs?: number;
}

const MAX_RETRY_DELAY_MS = 60_000;

/**
 * Debounced saving that never drops the last keystroke.
 *
 * - Edits are merged per note into one pending patch; the debounce timer restarts on each edit.
 * - `flush()` sends every pending patch at once and resolves when the host has answered, so
 *   callers can await it before switching notes, reloading or quitting.
 * - Saves run one at a time, in order: a slow save can never overwrite a newer one.
 * - A failed save puts its patch back under any newer edits and retries with back-off.
 * - Drafts kept elsewhere (a title not yet committed) are taken in by `flush()`, so switching notes,
 *   Mod+S or closing the window saves them too; the debounce leaves them be, mid-word.
 *
 * Framework-free on purpose, so the rules above are tested without React or a network.
 */
export class AutosaveController {
  private readonly pending = new Map<string, NotePatch>();
  private readonly edits = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly draftSources = new Set<DraftSource>();
  private queue: Promise<void> = Promise.resolve();
  private debounceTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs: number;
  private delayMs: number;
  private error: string | null = null;
  private retrying = false;
  private snapshot: AutosaveSnapshot = { status: 'saved', error: null, retrying: false };

  constructor(private readonly options: AutosaveOptions) {
    this.delayMs = options.delayMs;
    this.retryDelayMs = options.retryDelayMs ?? 2_000;
  }

  /** Records an edit and (re)starts the debounce. */
  edit(noteId: string, patch: NotePatch): void {
    this.record(noteId, patch);
    this.clearTimer('debounce');
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      void this.sendPending();
    }, this.delayMs);
    this.publish();
  }

  /** Records an edit that should not wait (a committed title) and saves everything now. */
  commit(noteId: string, patch: NotePatch): Promise<void> {
    this.record(noteId, patch);
    return this.flush();
  }

  /** Sends every pending patch and draft now; resolves once all saves queued so far have finished. */
  flush(): Promise<void> {
    for (const source of [...this.draftSources]) {
      const draft = source();
      if (draft) this.record(draft.noteId, draft.patch);
    }
    return this.sendPending();
  }

  /** Registers a holder of drafts for `flush()` to take in; returns the function that removes it. */
  addDraftSource(source: DraftSource): () => void {
    this.draftSources.add(source);
    return () => {
      this.draftSources.delete(source);
    };
  }

  /** True while an edit (of this note, or of any) is not yet confirmed by the host. */
  hasUnsavedChanges(noteId?: string): boolean {
    if (noteId === undefined) return this.pending.size > 0 || this.inFlight.size > 0;
    return this.pending.has(noteId) || (this.inFlight.get(noteId) ?? 0) > 0;
  }

  /**
   * Counts edits per note. A reader that fetched the note compares it before and after: if it
   * moved, the fetched copy may predate a local edit and must not replace the editor's text.
   */
  editCount(noteId: string): number {
    return this.edits.get(noteId) ?? 0;
  }

  setDelay(delayMs: number): void {
    this.delayMs = delayMs;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): AutosaveSnapshot => this.snapshot;

  private sendPending(): Promise<void> {
    this.clearTimer('debounce');
    this.clearTimer('retry');
    for (const [noteId, patch] of this.pending) {
      this.pending.delete(noteId);
      this.enqueue(noteId, patch);
    }
    this.publish();
    return this.queue;
  }

  private record(noteId: string, patch: NotePatch): void {
    this.pending.set(noteId, { ...this.pending.get(noteId), ...patch });
    this.edits.set(noteId, this.editCount(noteId) + 1);
  }

  private enqueue(noteId: string, patch: NotePatch): void {
    const idle = this.inFlight.size === 0;
    this.inFlight.set(noteId, (this.inFlight.get(noteId) ?? 0) + 1);
    // An idle queue sends right now, in this very task: during `pagehide` or `beforeunload` there
    // may be no later task to send it in. A busy queue keeps the order instead.
    this.queue = idle ? this.run(noteId, patch) : this.queue.then(() => this.run(noteId, patch));
  }

  private async run(noteId: string, patch: NotePatch): Promise<void> {
    this.publish();
    try {
      await this.options.save(noteId, patch);
      this.error = null;
      this.retrying = false;
      this.retryDelayMs = this.options.retryDelayMs ?? 2_000;
    } catch (error) {
      this.error = this.options.describeError(error);
      this.retrying = !this.options.isPermanent(error);
      if (this.retrying) {
        // Newer edits made while this save was out win over the failed ones.
        this.pending.set(noteId, { ...patch, ...this.pending.get(noteId) });
        this.scheduleRetry();
      }
    } finally {
      const left = (this.inFlight.get(noteId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(noteId, left);
      else this.inFlight.delete(noteId);
      this.publish();
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== undefined) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.sendPending();
    }, delay);
  }

  private clearTimer(which: 'debounce' | 'retry'): void {
    if (which === 'debounce') {
      clearTimeout(this.debounceTimer);
      this.debounceTimer = undefined;
    } else {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  private publish(): void {
    const status: SaveStatus =
      this.inFlight.size > 0
        ? 'saving'
        : this.error !== null
          ? 'error'
          : this.pending.size > 0
            ? 'pending'
            : 'saved';
    const { error, retrying } = this;
    const same = this.snapshot;
    if (status === same.status && error === same.error && retrying === same.retrying) return;
    this.snapshot = { status, error, retrying };
    for (const listener of [...this.listeners]) listener();
  }
}
