import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeBus, VaultChange } from '../../sync-server/bus/change-bus';

/**
 * ChangeBus contract suite: what every change bus between server processes does (R14, R15),
 * run on PostgreSQL NOTIFY, Redis pub/sub and the in-process bus by change-bus.contract.test.ts.
 */

export type BusEvent = { type: 'change'; change: VaultChange } | { type: 'reconnect' };

/** What a subscriber saw, awaitable in order: the test timeout is the only clock. */
export function recordEvents(bus: ChangeBus) {
  const events: BusEvent[] = [];
  const waiters: (() => void)[] = [];
  let read = 0;
  const push = (event: BusEvent) => {
    events.push(event);
    waiters.splice(0).forEach((wake) => wake());
  };
  const unsubscribe = bus.subscribe({
    onChange: (change) => push({ type: 'change', change }),
    onReconnect: () => push({ type: 'reconnect' }),
  });
  return {
    events,
    unsubscribe,
    async next(): Promise<BusEvent> {
      while (read >= events.length) await new Promise<void>((wake) => waiters.push(wake));
      return events[read++]!;
    },
    /** The next change, skipping reconnects (a bus may report one when its first LISTEN lands). */
    async nextChange(): Promise<VaultChange> {
      for (;;) {
        const event = await this.next();
        if (event.type === 'change') return event.change;
      }
    },
  };
}

/** One implementation under test, as its contract.test.ts sets it up. */
export interface BusHarness {
  /** Two instances, as two server processes would have, on separate connections. */
  publisher: ChangeBus;
  subscriber: ChangeBus;
  /** What the replication store does for a push that commits. */
  announceCommitted(change: VaultChange): Promise<void>;
  /** What it does for a push whose transaction rolls back after announcing. */
  announceRolledBack(change: VaultChange): Promise<void>;
  /** Puts a payload on the channel that is not an announcement. */
  sendMalformed(payload: string): Promise<void>;
  /** Kills the subscriber's server-side connection; undefined when the bus has none. */
  dropSubscriberConnection?: () => Promise<void>;
  close(): Promise<void>;
}

function vaultChange(seq: number): VaultChange {
  return { vaultId: 'vault-1', seq };
}

/** `hasConnection`: the bus talks to a server whose connection a test can cut (not the in-process one). */
export function describeChangeBusContract(
  label: string,
  open: () => Promise<BusHarness>,
  { hasConnection = true }: { hasConnection?: boolean } = {},
): void {
  describe(`ChangeBus contract: ${label}`, () => {
    let harness: BusHarness;
    beforeAll(async () => {
      harness = await open();
    });
    let closed = false;
    afterAll(async () => {
      if (!closed) await harness?.close();
    });

    it('R15: an announcement from one instance reaches the subscribers of another', async () => {
      const first = recordEvents(harness.subscriber);
      const second = recordEvents(harness.subscriber);
      try {
        await harness.announceCommitted(vaultChange(1));
        expect(await first.nextChange()).toEqual(vaultChange(1));
        expect(await second.nextChange()).toEqual(vaultChange(1));
      } finally {
        first.unsubscribe();
        second.unsubscribe();
      }
    });

    it('R15: an announcement of a rolled-back push is never delivered', async () => {
      const seen = recordEvents(harness.subscriber);
      try {
        await harness.announceRolledBack(vaultChange(2));
        await harness.announceCommitted(vaultChange(3));
        // Delivery is in order, so if the first were coming it would come before the second.
        expect(await seen.nextChange()).toEqual(vaultChange(3));
        expect(seen.events.filter((event) => event.type === 'change')).toHaveLength(1);
      } finally {
        seen.unsubscribe();
      }
    });

    it('payloads that are not announcements are ignored', async () => {
      const seen = recordEvents(harness.subscriber);
      try {
        for (const payload of [
          'not json',
          '{"vaultId":1,"seq":2}',
          '{"vaultId":"v","seq":-1}',
          'null',
          '[]',
        ]) {
          await harness.sendMalformed(payload);
        }
        await harness.announceCommitted(vaultChange(4));
        expect(await seen.nextChange()).toEqual(vaultChange(4));
        expect(seen.events.filter((event) => event.type === 'change')).toHaveLength(1);
      } finally {
        seen.unsubscribe();
      }
    });

    it('an unsubscribed listener hears nothing more; the others still do', async () => {
      const leaving = recordEvents(harness.subscriber);
      const staying = recordEvents(harness.subscriber);
      try {
        leaving.unsubscribe();
        await harness.announceCommitted(vaultChange(5));
        expect(await staying.nextChange()).toEqual(vaultChange(5));
        expect(leaving.events).toEqual([]);
      } finally {
        staying.unsubscribe();
      }
    });

    // The in-process bus has no connection to lose, so the case does not exist for it.
    if (hasConnection) {
      it('R14: after its connection is killed the bus reports onReconnect, then delivers again', async () => {
        if (!harness.dropSubscriberConnection) throw new Error(`${label} cannot drop its connection`);
        const seen = recordEvents(harness.subscriber);
        try {
          await harness.dropSubscriberConnection();
          expect(await seen.next()).toEqual({ type: 'reconnect' });
          await harness.announceCommitted(vaultChange(6));
          expect(await seen.nextChange()).toEqual(vaultChange(6));
        } finally {
          seen.unsubscribe();
        }
      });
    }

    it('O5: ping answers on both instances while the bus is up', async () => {
      await expect(harness.publisher.ping()).resolves.toBeUndefined();
      await expect(harness.subscriber.ping()).resolves.toBeUndefined();
    });

    // Last: it closes the harness.
    it('O5: ping refuses, saying so, once the bus is closed', async () => {
      closed = true;
      await harness.close();
      await expect(harness.subscriber.ping()).rejects.toThrow(/closed/);
    });
  });
}
