import { describe, expect, it } from 'vitest';
import { Subject } from 'rxjs';
import { subscribeAsIterable } from '../../src-main/async-iterable';

describe('subscribeAsIterable', () => {
  it('delivers what was emitted before the first pull, then ends with the source', async () => {
    const source = new Subject<number>();
    const iterable = subscribeAsIterable(source, undefined);
    source.next(1);
    source.next(2);
    source.complete();
    const seen: number[] = [];
    for await (const value of iterable) seen.push(value);
    expect(seen).toEqual([1, 2]);
  });

  it('lets go of the source when the consumer stops before pulling anything', async () => {
    const source = new Subject<number>();
    const iterable = subscribeAsIterable(source, new AbortController().signal);
    expect(source.observed).toBe(true);
    await iterable.return(undefined);
    expect(source.observed).toBe(false);
  });

  it('does not hold the source when the signal was aborted before the call', () => {
    const source = new Subject<number>();
    const controller = new AbortController();
    controller.abort();
    subscribeAsIterable(source, controller.signal);
    expect(source.observed).toBe(false);
  });

  it('lets go of the source when the signal aborts while waiting', async () => {
    const source = new Subject<number>();
    const controller = new AbortController();
    const iterator = subscribeAsIterable(source, controller.signal);
    const pending = iterator.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(source.observed).toBe(false);
  });
});
