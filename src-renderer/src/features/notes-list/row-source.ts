import type { NoteSummary } from '../../api/quire-api';

/** What the virtual note list reads rows from: a paged server list or a fixed array of search hits. */
export interface RowSource<T extends NoteSummary = NoteSummary> {
  readonly count: number;
  getRow(index: number): T | undefined;
  /** Position of a loaded row, or -1. */
  indexOf(id: string): number;
  /** The rows on screen, so missing ones can be fetched. */
  ensureRange(first: number, last: number): void;
  /** The row at `index`, fetching it first if needed. */
  loadRow(index: number): Promise<T | undefined>;
}

export function arraySource<T extends NoteSummary>(items: readonly T[]): RowSource<T> {
  return {
    count: items.length,
    getRow: (index) => items[index],
    indexOf: (id) => items.findIndex((item) => item.id === id),
    ensureRange: () => undefined,
    loadRow: (index) => Promise.resolve(items[index]),
  };
}
