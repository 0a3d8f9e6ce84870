import type { ChangeBus, ChangeBusListener, VaultChange } from './change-bus';

/** The subscribers of one bus in this process; the pg and Redis buses relay into one of these. */
export interface FanOut {
  add(listener: ChangeBusListener): () => void;
  change(change: VaultChange): void;
  reconnect(): void;
  clear(): void;
}

export function createFanOut(onListenerError: (error: unknown) => void = () => undefined): FanOut {
  const listeners = new Set<ChangeBusListener>();
  // One stream's failing handler must not keep the announcement from the others.
  const each = (call: (listener: ChangeBusListener) => void) => {
    for (const listener of [...listeners]) {
      try {
        call(listener);
      } catch (error) {
        onListenerError(error);
      }
    }
  };
  return {
    add(listener) {
      // A wrapper per call, so subscribing the same object twice needs two unsubscribes.
      const entry: ChangeBusListener = {
        onChange: (change) => listener.onChange(change),
        onReconnect: () => listener.onReconnect(),
      };
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    change: (change) => each((listener) => listener.onChange(change)),
    reconnect: () => each((listener) => listener.onReconnect()),
    clear: () => listeners.clear(),
  };
}

/** Reads an announcement off the wire; anything else (another writer on the channel) is null. */
export function parseVaultChange(payload: string): VaultChange | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { vaultId, seq } = value as Record<string, unknown>;
  if (typeof vaultId !== 'string' || vaultId === '') return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
  return { vaultId, seq };
}

/**
 * One process, no network: for a PGlite server, which cannot have a second process anyway.
 * Announces after commit, so a rolled-back push announces nothing.
 */
export function createLocalBus(): ChangeBus {
  const fanOut = createFanOut();
  let closed = false;
  return {
    announceInTransaction: () => Promise.resolve(),
    afterCommit(change) {
      // Delivered on a later tick, as a network bus would, so no listener runs inside push().
      queueMicrotask(() => fanOut.change({ ...change }));
      return Promise.resolve();
    },
    subscribe: (listener) => fanOut.add(listener),
    ping: () => (closed ? Promise.reject(new Error('The change bus is closed.')) : Promise.resolve()),
    close() {
      closed = true;
      fanOut.clear();
      return Promise.resolve();
    },
  };
}
