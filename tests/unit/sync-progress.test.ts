import { describe, expect, it } from 'vitest';
import {
  advanceCatchUp,
  type CatchUp,
  type PulledPage,
  type SyncProgress,
} from '../../src-main/sync/sync-progress';

/**
 * R5 on the server's side, in memory: one row per document at its latest seq; a pull returns the
 * rows after the checkpoint in seq order and, after a full page, how many are left after it.
 */
function serverVault(count: number) {
  let seq = 0;
  const rows = new Map<string, number>();
  const write = (id: string): void => {
    seq += 1;
    rows.set(id, seq);
  };
  for (let i = 0; i < count; i += 1) write(`note-${String(i).padStart(6, '0')}`);
  return {
    write,
    size: () => rows.size,
    pull(fromSeq: number | null, batchSize: number): PulledPage {
      const after = [...rows.entries()]
        .filter(([, rowSeq]) => rowSeq > (fromSeq ?? 0))
        .sort((a, b) => a[1] - b[1]);
      const page = after.slice(0, batchSize);
      const last = page.at(-1);
      return {
        from: fromSeq === null ? null : { seq: fromSeq },
        to: last ? { seq: last[1] } : fromSeq === null ? null : { seq: fromSeq },
        ids: page.map(([id]) => id),
        remaining: page.length === batchSize ? after.length - page.length : 0,
        batchSize,
      };
    },
  };
}

/** Feeds pages in the order given and keeps every progress a status would show. */
function recorder() {
  let catchUp: CatchUp | null = null;
  const shown: Array<SyncProgress | null> = [];
  return {
    feed(page: PulledPage): SyncProgress | null {
      const step = advanceCatchUp(catchUp, page);
      catchUp = step.catchUp;
      shown.push(step.progress);
      return step.progress;
    },
    get catchUp() {
      return catchUp;
    },
    shown,
  };
}

/** RxDB's downstream loop: pull from the checkpoint until a page is short (R5). */
function pullAll(
  vault: ReturnType<typeof serverVault>,
  batchSize: number,
  feed: (page: PulledPage) => void,
  from: number | null = null,
): number | null {
  let checkpoint = from;
  for (;;) {
    const page = vault.pull(checkpoint, batchSize);
    feed(page);
    checkpoint = page.to?.seq ?? checkpoint;
    if (page.ids.length < batchSize) return checkpoint;
  }
}

/** What the status must always satisfy, and how the last report of a catch-up looks. */
function expectTrueFigures(shown: Array<SyncProgress | null>, total: number): void {
  const reports = shown.filter((p): p is SyncProgress => p !== null);
  expect(reports.length).toBeGreaterThan(0);
  for (const report of reports) {
    expect(report.done).toBeLessThanOrEqual(report.total);
    expect(report.total).toBe(total);
  }
  const done = reports.map((report) => report.done);
  expect([...done].sort((a, b) => a - b)).toEqual(done);
  expect(reports.at(-1)).toEqual({ done: total, total });
}

describe('R5: catch-up progress from the pulls', () => {
  it('page after page: done grows by each page, total is received + remaining, the last page ends it', () => {
    const vault = serverVault(5_000);
    const { feed, shown } = recorder();
    pullAll(vault, 1_000, feed);
    // The last full page has remaining 0 and ends the catch-up; the empty pull after it shows nothing.
    expect(shown).toEqual([
      { done: 1_000, total: 5_000 },
      { done: 2_000, total: 5_000 },
      { done: 3_000, total: 5_000 },
      { done: 4_000, total: 5_000 },
      { done: 5_000, total: 5_000 },
      null,
    ]);
  });

  it('a vault larger than 2 pages, with a short last page', () => {
    const vault = serverVault(2_500);
    const { feed, shown, catchUp } = recorder();
    pullAll(vault, 1_000, feed);
    expect(shown).toEqual([
      { done: 1_000, total: 2_500 },
      { done: 2_000, total: 2_500 },
      { done: 2_500, total: 2_500 },
    ]);
    expect(catchUp).toBeNull();
  });

  it('a pull that is complete by itself is no catch-up', () => {
    const { feed, shown } = recorder();
    feed(serverVault(300).pull(null, 1_000));
    feed(serverVault(1_000).pull(null, 1_000));
    feed(serverVault(0).pull(null, 1_000));
    expect(shown).toEqual([null, null, null]);
  });

  it.each([1_000, 2_000])('20,000 documents in pages of %i: the total is 20,000 at every report', (batch) => {
    const vault = serverVault(20_000);
    const { feed, shown } = recorder();
    pullAll(vault, batch, feed);
    expectTrueFigures(shown, 20_000);
    expect(shown.filter((p) => p !== null)).toHaveLength(20_000 / batch);
  });

  it('prefetched pages: a page taken from the prefetch and one asked for again (stale prefetch) count once', () => {
    const vault = serverVault(4_000);
    const { feed, shown } = recorder();
    const first = vault.pull(null, 1_000);
    feed(first);
    // The next page was prefetched while the first was written; it went stale and was asked
    // for again, and both answers reached the progress.
    const prefetched = vault.pull(first.to!.seq, 1_000);
    const again = vault.pull(first.to!.seq, 1_000);
    feed(again);
    feed(prefetched);
    pullAll(vault, 1_000, feed, again.to!.seq);
    expectTrueFigures(shown, 4_000);
    expect(shown[1]).toEqual({ done: 2_000, total: 4_000 });
    expect(shown[2]).toEqual({ done: 2_000, total: 4_000 });
  });

  it('a retried page (its reply counted, the pull sent again) is not counted twice', () => {
    const vault = serverVault(3_000);
    const { feed, shown } = recorder();
    const page = vault.pull(null, 1_000);
    feed(page);
    feed(vault.pull(null, 1_000));
    feed(vault.pull(null, 1_000));
    pullAll(vault, 1_000, feed, page.to!.seq);
    expectTrueFigures(shown, 3_000);
    expect(shown.slice(0, 3)).toEqual([
      { done: 1_000, total: 3_000 },
      { done: 1_000, total: 3_000 },
      { done: 1_000, total: 3_000 },
    ]);
  });

  it('a stream-triggered pull from an older checkpoint during the catch-up changes neither figure', () => {
    const vault = serverVault(6_000);
    const { feed, shown } = recorder();
    let checkpoint: number | null = null;
    for (let i = 0; i < 3; i += 1) {
      const page = vault.pull(checkpoint, 1_000);
      feed(page);
      checkpoint = page.to!.seq;
    }
    // An extra pull from the stored checkpoint (behind what was received): its `remaining`
    // includes 2,000 documents this catch-up already has.
    feed(vault.pull(1_000, 1_000));
    expect(shown.at(-1)).toEqual({ done: 3_000, total: 6_000 });
    pullAll(vault, 1_000, feed, checkpoint);
    expectTrueFigures(shown, 6_000);
  });

  it('a stream-triggered pull from the same checkpoint as the next page counts once, whichever answers first', () => {
    const vault = serverVault(3_000);
    const { feed, shown } = recorder();
    const first = vault.pull(null, 1_000);
    feed(first);
    const streamTriggered = vault.pull(first.to!.seq, 1_000);
    const loop = vault.pull(first.to!.seq, 1_000);
    feed(streamTriggered);
    feed(loop);
    pullAll(vault, 1_000, feed, loop.to!.seq);
    expectTrueFigures(shown, 3_000);
  });

  it('a resumed session re-reading pages it received but had not stored goes on counting', () => {
    const vault = serverVault(10_000);
    const { feed, shown } = recorder();
    let checkpoint: number | null = null;
    for (let i = 0; i < 8; i += 1) {
      const page = vault.pull(checkpoint, 1_000);
      feed(page);
      checkpoint = page.to!.seq;
    }
    // Reconnected: the new replication starts from its stored checkpoint, 6,000.
    pullAll(vault, 1_000, feed, 6_000);
    expectTrueFigures(shown, 10_000);
    expect(shown.filter((p) => p?.done === 8_000)).toHaveLength(3);
  });

  it('documents written during the catch-up raise the total; changed ones come down and count again', () => {
    const vault = serverVault(3_000);
    const { feed, shown } = recorder();
    const first = vault.pull(null, 1_000);
    feed(first);
    vault.write('note-000005'); // already received: the server counts it again
    vault.write('new-1');
    vault.write('new-2');
    pullAll(vault, 1_000, feed, first.to!.seq);
    const reports = shown.filter((p): p is SyncProgress => p !== null);
    expect(reports[0]).toEqual({ done: 1_000, total: 3_000 });
    expect(reports.slice(1).every((p) => p.total === 3_003)).toBe(true);
    expect(reports.at(-1)).toEqual({ done: 3_003, total: 3_003 });
  });

  it('never changes the state it is given', () => {
    const vault = serverVault(3_000);
    const step = advanceCatchUp(null, vault.pull(null, 1_000));
    const before = { ...step.catchUp!, received: new Set(step.catchUp!.received) };
    advanceCatchUp(step.catchUp, vault.pull(1_000, 1_000));
    expect(step.catchUp).toEqual(before);
  });
});
