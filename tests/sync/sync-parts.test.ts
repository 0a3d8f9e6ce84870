import { describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import {
  createOverlapTracker,
  replicationIdentifier,
  splitByBytes,
} from '../../src-main/sync/note-replication';
import { reconnectDelayMs } from '../../src-main/sync/server-connection';
import { classifyError, toQuireError } from '../../src-main/sync/sync-errors';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { toReplicatedNote, type PushRow, type ReplicatedNote } from '../../src-shared/sync/protocol';

const note = (id: string, body = ''): ReplicatedNote => ({
  id,
  title: id,
  body,
  tags: [],
  folder: '',
  createdAt: 1,
  updatedAt: 1,
  trashedAt: 0,
  needsReview: false,
  _deleted: false,
});

describe('sync building blocks', () => {
  it('C3: reconnects after 0.5 s, doubling to 30 s, with jitter inside ±20 %', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => reconnectDelayMs(attempt, middle))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(reconnectDelayMs(0, () => 0)).toBe(400);
    expect(reconnectDelayMs(0, () => 0.9999)).toBe(600);
    expect(reconnectDelayMs(10, () => 0.9999)).toBe(30_000);
  });

  it('C4: the replication identifier names the server and the vault', () => {
    const id = replicationIdentifier('https://sync.example.com', 'vault-1');
    expect(id).toContain('https://sync.example.com');
    expect(id).toContain('vault-1');
    expect(replicationIdentifier('https://other.example.com', 'vault-1')).not.toBe(id);
    expect(replicationIdentifier('https://sync.example.com', 'vault-2')).not.toBe(id);
  });

  it('R2: a pushed document carries the note fields and _deleted, never RxDB bookkeeping', () => {
    const stored = { ...note('a'), _meta: { lwt: 5 }, _rev: '1-x', _attachments: {} };
    expect(Object.keys(toReplicatedNote(stored)).sort()).toEqual(Object.keys(note('a')).sort());
  });

  it('R10: push rows are split so no request exceeds the byte budget, and none is left out', () => {
    const rows: PushRow[] = ['a', 'b', 'c', 'd', 'e'].map((id) => ({
      assumedMasterState: null,
      newDocumentState: note(id, 'x'.repeat(1_000)),
    }));
    const parts = splitByBytes(rows, 2_500);
    expect(parts.map((part) => part.map((row) => row.newDocumentState.id))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
    // A row larger than the budget still goes out, alone.
    expect(splitByBytes(rows.slice(0, 2), 10)).toHaveLength(2);
    expect(splitByBytes([], 10)).toEqual([]);
  });

  it('names failures by the server reason, "no answer" as NETWORK, and words them plainly', () => {
    const refused = new TRPCClientError('refused', {
      result: {
        error: { message: 'x', code: -32001, data: { code: 'UNAUTHORIZED', reason: 'UNAUTHENTICATED' } },
      },
    });
    expect(classifyError(refused)).toBe('UNAUTHENTICATED');
    expect(classifyError(new TRPCClientError('fetch failed'))).toBe('NETWORK');
    expect(toQuireError(new TRPCClientError('fetch failed'))).toMatchObject({
      reason: 'NETWORK',
      message: REASON_WORDS.NETWORK.words,
    });
    // F2: the server's reason passes through unchanged.
    expect(toQuireError(refused)).toMatchObject({ reason: 'UNAUTHENTICATED' });
  });

  describe('R5/R8: a pull answered before a push committed never puts an older version back', () => {
    const setup = () => {
      let resyncs = 0;
      const tracker = createOverlapTracker(() => (resyncs += 1));
      return { tracker, resyncs: () => resyncs };
    };

    it('asks for one more pull when a pull sent during a push returns one of the pushed notes', () => {
      const { tracker, resyncs } = setup();
      const push = tracker.pushStarted(['a', 'b']);
      const pull = tracker.pullStarted();
      tracker.pullAnswered(pull, ['b', 'c']);
      expect(resyncs()).toBe(0);
      tracker.pushAcknowledged(push);
      expect(resyncs()).toBe(1);
    });

    it('asks at once when the push was acknowledged before the overlapping pull answered', () => {
      const { tracker, resyncs } = setup();
      const pull = tracker.pullStarted();
      const push = tracker.pushStarted(['a']);
      tracker.pushAcknowledged(push);
      expect(resyncs()).toBe(0);
      tracker.pullAnswered(pull, ['a']);
      expect(resyncs()).toBe(1);
    });

    it('asks after a push of notes a finished pull returned but RxDB has not written yet', () => {
      const { tracker, resyncs } = setup();
      tracker.pullAnswered(tracker.pullStarted(), ['a']);
      const push = tracker.pushStarted(['a']);
      tracker.pushAcknowledged(push);
      expect(resyncs()).toBe(1);
    });

    it('does not re-download a bulk push that no pull touched', () => {
      const { tracker, resyncs } = setup();
      tracker.pullAnswered(tracker.pullStarted(), []);
      for (let batch = 0; batch < 5; batch += 1) {
        const ids = Array.from({ length: 100 }, (_, i) => `n${batch}-${i}`);
        const push = tracker.pushStarted(ids);
        const pull = tracker.pullStarted();
        tracker.pullAnswered(pull, []);
        tracker.pushAcknowledged(push);
      }
      expect(resyncs()).toBe(0);
    });

    it('forgets pulled ids once the downstream is idle, and pushes that failed', () => {
      const { tracker, resyncs } = setup();
      tracker.pullAnswered(tracker.pullStarted(), ['a']);
      tracker.downstreamIdle();
      tracker.pushAcknowledged(tracker.pushStarted(['a']));
      const failed = tracker.pushStarted(['b']);
      const pull = tracker.pullStarted();
      tracker.pushFailed(failed);
      tracker.pullAnswered(pull, ['b']);
      expect(resyncs()).toBe(0);
    });
  });
});
