import type { SyncCheckpoint } from '../../src-shared/sync/protocol';

/**
 * The figures of the catch-up progress bar (SyncStatus.progress), derived from pull answers
 * (docs/sync-protocol.md R5). Pure: the sync service keeps the state and hands every page here.
 *
 * A catch-up starts with a page after which the server still has documents (`remaining > 0`)
 * and ends with a page after which it has none (a short page, or `remaining === 0`).
 * - `done` counts the documents received in it, by position: a page that starts at or past the
 *   furthest checkpoint reached brings new documents; a page that starts behind it (a retried
 *   pull, a pull a stream event started from an older checkpoint, a resumed session re-reading
 *   what it had not stored yet, a prefetched page asked for again) counts only ids not seen yet.
 * - `total` is `done` plus the server's `remaining` after the furthest checkpoint: only a page
 *   that reaches it updates that figure, since a page ending behind it counts, in its
 *   `remaining`, documents this catch-up already has.
 * So `done` never goes down within a catch-up, `done ≤ total` always, `total` stays put while
 * nothing changes on the server, and the last page reports `done === total`.
 */

export interface SyncProgress {
  done: number;
  total: number;
}

/** One pull answer, as the progress needs it. */
export interface PulledPage {
  /** The checkpoint the pull asked from (null: the beginning of the vault). */
  from: SyncCheckpoint | null;
  /** The answer's checkpoint: the seq of its last document, or `from` when it has none. */
  to: SyncCheckpoint | null;
  ids: readonly string[];
  remaining: number;
  batchSize: number;
}

export interface CatchUp {
  /** Ids received in this catch-up, so a range that comes down again is not counted twice. */
  readonly received: ReadonlySet<string>;
  readonly done: number;
  /** The furthest checkpoint (seq) a page of this catch-up reached. */
  readonly furthest: number;
  /** The server's `remaining` after `furthest`. */
  readonly remaining: number;
}

export interface CatchUpStep {
  /** The catch-up still under way after this page; null when there is none (or it just ended). */
  catchUp: CatchUp | null;
  /** What the status shows now: null outside a catch-up, `done === total` on its last page. */
  progress: SyncProgress | null;
}

export function advanceCatchUp(current: CatchUp | null, page: PulledPage): CatchUpStep {
  const from = page.from?.seq ?? 0;
  const to = page.to?.seq ?? from;
  // R5: the server has nothing after this page.
  const last = page.ids.length < page.batchSize || page.remaining === 0;
  // A pull that is complete by itself is no catch-up: nothing to show.
  if (!current && last) return { catchUp: null, progress: null };

  const previous: CatchUp = current ?? { received: new Set(), done: 0, furthest: from, remaining: 0 };
  const received = new Set(previous.received);
  let done = previous.done;
  const fresh = from >= previous.furthest;
  for (const id of page.ids) {
    // Past the furthest checkpoint, a document seen before was changed since: the server's
    // `remaining` counted it again, so it is counted again.
    if (fresh || !received.has(id)) done += 1;
    received.add(id);
  }
  if (last) return { catchUp: null, progress: { done, total: done } };

  const reaches = to >= previous.furthest;
  const next: CatchUp = {
    received,
    done,
    furthest: reaches ? to : previous.furthest,
    remaining: reaches ? page.remaining : previous.remaining,
  };
  return { catchUp: next, progress: { done, total: done + next.remaining } };
}
