import type { Observable } from 'rxjs';

/**
 * Bridges an RxJS stream to the async generators tRPC v11 subscriptions use. It subscribes at
 * once (not at the first `next()`), so nothing emitted between the call and the first pull is
 * lost; the subscription ends when the consumer stops or the caller's signal aborts (window
 * closed, client gone). Not tRPC's `observableToAsyncIterable` (@trpc/server/observable), which
 * takes tRPC observables and subscribes lazily; that one is for tRPC's own streams.
 */
export function subscribeAsIterable<T>(
  source: Observable<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  let failure: unknown = null;
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  const subscription = source.subscribe({
    next: (value) => {
      queue.push(value);
      notify();
    },
    error: (error: unknown) => {
      failure = error;
      done = true;
      notify();
    },
    complete: () => {
      done = true;
      notify();
    },
  });
  const release = (): void => {
    done = true;
    signal?.removeEventListener('abort', release);
    subscription.unsubscribe();
    notify();
  };
  // An abort that happened before this call never fires the listener.
  if (signal?.aborted) release();
  else signal?.addEventListener('abort', release, { once: true });

  async function* drain(): AsyncGenerator<T> {
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift() as T;
        if (failure !== null)
          throw failure instanceof Error ? failure : new Error('The live data source failed');
        if (done) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      release();
    }
  }
  const iterator = drain();
  // return() on a generator that was never pulled skips its `finally`: release here as well.
  const finish = iterator.return.bind(iterator);
  iterator.return = (value) => {
    release();
    return finish(value);
  };
  return iterator;
}
