// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { PagedList, type Page } from '../../src-renderer/src/features/notes-list/paged-list';

interface Row {
  id: string;
}

function rows(from: number, count: number, prefix = 'n'): Row[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${from + i}` }));
}

/** A server whose answers the test releases one by one, in any order. */
function scriptedServer(total: number) {
  const calls: {
    offset: number;
    limit: number;
    resolve: (page: Page<Row>) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const fetch = vi.fn(
    (offset: number, limit: number) =>
      new Promise<Page<Row>>((resolve, reject) => {
        calls.push({ offset, limit, resolve, reject });
      }),
  );
  const answer = (index: number, prefix = 'n', newTotal = total): void => {
    const call = calls[index];
    if (!call) throw new Error(`no call #${index}`);
    call.resolve({
      total: newTotal,
      items: rows(call.offset, Math.max(0, Math.min(call.limit, newTotal - call.offset)), prefix),
    });
  };
  return { fetch, calls, answer };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('PagedList', () => {
  it('fetches only the pages in view, and serves rows from them', async () => {
    const server = scriptedServer(50_000);
    const list = new PagedList<Row>(server.fetch, { pageSize: 100 });
    list.ensureRange(0, 30);
    expect(server.fetch).toHaveBeenCalledExactlyOnceWith(0, 100);
    server.answer(0);
    await flush();
    expect(list.count).toBe(50_000);
    expect(list.getRow(42)).toEqual({ id: 'n42' });
    expect(list.getRow(142)).toBeUndefined();

    list.ensureRange(25_000, 25_020);
    expect(server.fetch).toHaveBeenLastCalledWith(25_000, 100);
    expect(server.fetch).toHaveBeenCalledTimes(2);
  });

  it('caps concurrent requests while scrolling fast', () => {
    const server = scriptedServer(50_000);
    const list = new PagedList<Row>(server.fetch, { pageSize: 10, maxConcurrent: 2 });
    list.ensureRange(0, 95);
    expect(server.fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps stale rows on screen until the refetch lands, and drops answers from before a change', async () => {
    const server = scriptedServer(3);
    const list = new PagedList<Row>(server.fetch, { pageSize: 100 });
    list.ensureRange(0, 2);
    server.answer(0);
    await flush();

    // Two changes in a row: the first refetch is overtaken by the second.
    list.invalidate();
    list.invalidate();
    expect(list.getRow(0)).toEqual({ id: 'n0' });
    expect(server.calls).toHaveLength(3);
    server.answer(2, 'fresh', 4);
    await flush();
    server.answer(1, 'stale', 3);
    await flush();
    expect(list.getRow(0)).toEqual({ id: 'fresh0' });
    expect(list.count).toBe(4);
  });

  it('reports a failure and retries only when asked', async () => {
    const server = scriptedServer(10);
    const list = new PagedList<Row>(server.fetch, { pageSize: 100 });
    list.ensureRange(0, 5);
    server.calls[0]?.reject(new Error('offline'));
    await flush();
    expect(list.lastError).toBeInstanceOf(Error);
    list.ensureRange(0, 5);
    expect(server.fetch).toHaveBeenCalledTimes(1);
    list.retry();
    expect(server.fetch).toHaveBeenCalledTimes(2);
    server.answer(1);
    await flush();
    expect(list.lastError).toBeNull();
    expect(list.isLoaded).toBe(true);
  });

  it('finds loaded rows by id and loads a row on demand', async () => {
    const server = scriptedServer(1_000);
    const list = new PagedList<Row>(server.fetch, { pageSize: 100 });
    const loading = list.loadRow(750);
    server.answer(0);
    expect(await loading).toEqual({ id: 'n750' });
    expect(list.indexOf('n750')).toBe(750);
    expect(list.indexOf('n10')).toBe(-1);
  });
});
