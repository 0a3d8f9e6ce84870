/**
 * Back/forward between visited notes, as a browser does it: opening a note drops whatever was
 * ahead; going back and forward moves along the list. Pure values: every step returns a new one.
 */
export interface NavHistory {
  readonly entries: readonly string[];
  /** The entry on screen; -1 while nothing was visited. */
  readonly index: number;
}

/** Visits kept; older ones fall off the back. */
export const NAV_HISTORY_MAX = 100;

export const EMPTY_HISTORY: NavHistory = { entries: [], index: -1 };

/** Notes that cannot be visited any more (deleted, in the trash): steps pass over them. */
export type IsGone = (id: string) => boolean;
const nothingGone: IsGone = () => false;

export function currentEntry(history: NavHistory): string | null {
  return history.entries[history.index] ?? null;
}

/** A note was opened: it becomes the current entry, and anything ahead of it is dropped. */
export function push(history: NavHistory, id: string, max = NAV_HISTORY_MAX): NavHistory {
  if (currentEntry(history) === id) return history;
  const entries = [...history.entries.slice(0, history.index + 1), id];
  const excess = Math.max(0, entries.length - max);
  return { entries: entries.slice(excess), index: entries.length - 1 - excess };
}

/** The current entry becomes `id` (what is ahead stays): a note replaced in place. */
export function replace(history: NavHistory, id: string): NavHistory {
  if (history.index < 0) return push(history, id);
  if (currentEntry(history) === id) return history;
  const entries = [...history.entries];
  entries[history.index] = id;
  return { entries, index: history.index };
}

function step(history: NavHistory, by: -1 | 1, isGone: IsGone): NavHistory | null {
  const here = currentEntry(history);
  for (let i = history.index + by; i >= 0 && i < history.entries.length; i += by) {
    const id = history.entries[i]!;
    // Passing over gone notes can bring two visits of the current one together: skip those too.
    if (id !== here && !isGone(id)) return { entries: history.entries, index: i };
  }
  return null;
}

/** One step back, past notes that are gone; null when there is nowhere to go. */
export function back(history: NavHistory, isGone: IsGone = nothingGone): NavHistory | null {
  return step(history, -1, isGone);
}

export function forward(history: NavHistory, isGone: IsGone = nothingGone): NavHistory | null {
  return step(history, 1, isGone);
}

/**
 * Drops every visit of `id` (a note deleted or trashed), and the repeats that leaves next to each
 * other. The current entry stays where it was, or moves to the visit before it.
 */
export function forget(history: NavHistory, id: string): NavHistory {
  if (!history.entries.includes(id)) return history;
  const entries: string[] = [];
  let index = -1;
  history.entries.forEach((entry, i) => {
    if (entry !== id && entries[entries.length - 1] !== entry) entries.push(entry);
    if (i === history.index) index = entries.length - 1;
  });
  return { entries, index: entries.length === 0 ? -1 : Math.max(0, index) };
}
