import type { SqlClient } from '../db/sql-client';
import { vaultChangePayload, type ChangeBus } from './change-bus';
import { createFanOut, parseVaultChange } from './local-bus';

/** The NOTIFY channel every server process on one database listens to (R15). */
export const CHANGE_CHANNEL = 'quire_changes';

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

export interface PgNotifyBusOptions {
  sql: SqlClient;
  logger?: { warn(details: object, message: string): void };
}

export interface PgNotifyBus extends ChangeBus {
  /**
   * Settles when LISTEN is first active; rejects if that first attempt fails (the bus keeps
   * retrying and tells subscribers `onReconnect` when it gets there). A server awaits it at start.
   */
  readonly ready: Promise<void>;
}

/** PostgreSQL LISTEN/NOTIFY: the announcement is part of the push transaction (R15). */
export function createPgNotifyBus(options: PgNotifyBusOptions): PgNotifyBus {
  const { sql } = options;
  const warn = (details: object, message: string) => options.logger?.warn(details, message);
  const fanOut = createFanOut((error) => warn({ err: error }, 'A change bus listener threw'));
  let closed = false;
  let unlisten: (() => Promise<void>) | null = null;
  let retryTimer: NodeJS.Timeout | null = null;

  const startListening = () =>
    sql.listen(CHANGE_CHANNEL, {
      onNotify(payload) {
        const change = parseVaultChange(payload);
        if (change) fanOut.change(change);
      },
      onReconnect: () => fanOut.reconnect(),
    });

  const adopt = async (stop: () => Promise<void>) => {
    if (closed) await stop();
    else unlisten = stop;
  };

  const retry = (delayMs: number) => {
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (closed) return;
      startListening().then(
        async (stop) => {
          await adopt(stop);
          // Subscribers may have pulled while nobody was listening: they resync now.
          if (!closed) fanOut.reconnect();
        },
        (error: unknown) => {
          warn({ err: error }, 'LISTEN failed; retrying');
          retry(Math.min(delayMs * 2, RETRY_MAX_MS));
        },
      );
    }, delayMs);
  };

  const ready = startListening().then(adopt, (error: unknown) => {
    warn({ err: error }, 'LISTEN failed; retrying');
    retry(RETRY_FIRST_MS);
    throw error;
  });
  // Nobody has to await `ready`; an unobserved first failure must not crash the process.
  ready.catch(() => undefined);

  return {
    ready,
    async announceInTransaction(tx, change) {
      await tx.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, vaultChangePayload(change)]);
    },
    notifyChannel: CHANGE_CHANNEL,
    // NOTIFY went out with the commit itself.
    afterCommit: () => Promise.resolve(),
    subscribe: (listener) => fanOut.add(listener),
    async ping() {
      if (closed) throw new Error('The change bus is closed.');
      if (!unlisten) throw new Error('Not listening for changes (LISTEN is being retried).');
      await sql.query('SELECT 1');
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      fanOut.clear();
      const stop = unlisten;
      unlisten = null;
      await stop?.();
    },
  };
}
