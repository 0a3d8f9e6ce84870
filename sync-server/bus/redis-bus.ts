import { Redis } from 'ioredis';
import type { ChangeBus } from './change-bus';
import { createFanOut, parseVaultChange } from './local-bus';
import { CHANGE_CHANNEL } from './pg-notify-bus';

export interface RedisBusOptions {
  url: string;
  /** Default CHANGE_CHANNEL, as for NOTIFY; tests pass their own so parallel runs stay apart. */
  channel?: string;
  logger?: { warn(details: object, message: string): void };
  /** CLIENT SETNAME of the subscriber connection, so an operator (or a test) can find it. */
  subscriberName?: string;
}

export interface RedisBus extends ChangeBus {
  /** Settles when both connections are up and the subscription is active. */
  readonly ready: Promise<void>;
}

/** Redis pub/sub, when REDIS_URL is set: published after commit (R15). */
export function createRedisBus(options: RedisBusOptions): RedisBus {
  const channel = options.channel ?? CHANGE_CHANNEL;
  const warn = (details: object, message: string) => options.logger?.warn(details, message);
  const fanOut = createFanOut((error) => warn({ err: error }, 'A change bus listener threw'));

  // No offline queue: while Redis is away a publish fails at once instead of holding the push
  // reply; the subscribers lose their connection too and resync when it is back (R14).
  const publisher = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  // Subscribing is done by hand on every 'ready', so onReconnect fires only once it is active.
  const subscriber = new Redis(options.url, {
    autoResubscribe: false,
    ...(options.subscriberName ? { connectionName: options.subscriberName } : {}),
  });
  publisher.on('error', (error: Error) => warn({ err: error }, 'Redis publisher connection error'));
  subscriber.on('error', (error: Error) => warn({ err: error }, 'Redis subscriber connection error'));

  subscriber.on('message', (messageChannel: string, message: string) => {
    if (messageChannel !== channel) return;
    const change = parseVaultChange(message);
    if (change) fanOut.change(change);
  });

  let closed = false;
  let subscribedOnce = false;
  let resolveSubscribed: () => void = () => undefined;
  const subscribed = new Promise<void>((resolve) => {
    resolveSubscribed = resolve;
  });
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(
      () => {
        if (closed) return;
        if (subscribedOnce) fanOut.reconnect();
        subscribedOnce = true;
        resolveSubscribed();
      },
      // The connection dropped again; the next 'ready' retries.
      (error: unknown) => warn({ err: error }, 'Redis SUBSCRIBE failed'),
    );
  });

  const publisherReady = new Promise<void>((resolve) => {
    if (publisher.status === 'ready') resolve();
    else publisher.once('ready', () => resolve());
  });
  const ready = Promise.all([subscribed, publisherReady]).then(() => undefined);

  return {
    ready,
    announceInTransaction: () => Promise.resolve(),
    async afterCommit(change) {
      await publisher.publish(channel, JSON.stringify({ vaultId: change.vaultId, seq: change.seq }));
    },
    subscribe: (listener) => fanOut.add(listener),
    async ping() {
      if (closed) throw new Error('The change bus is closed.');
      if (subscriber.status !== 'ready') throw new Error(`Redis subscriber is ${subscriber.status}.`);
      await publisher.ping();
    },
    close() {
      closed = true;
      fanOut.clear();
      // disconnect(), not quit(): quit waits for a connection that may never come back.
      publisher.disconnect();
      subscriber.disconnect();
      return Promise.resolve();
    },
  };
}
