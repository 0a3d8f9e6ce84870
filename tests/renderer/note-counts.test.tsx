// @vitest-environment happy-dom
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListNotesOutput } from '../../src-shared/api/notes-api';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext } from '../../src-renderer/src/api/services-context';
import { useNoteCounts } from '../../src-renderer/src/features/notes-list/useNoteCounts';
import { createFakeHost } from './support/fake-host';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useNoteCounts', () => {
  it('keeps the newest totals when an older answer arrives last', async () => {
    const host = createFakeHost();
    const answers: ((total: number) => void)[] = [];
    host.api.notes.list.query = () =>
      new Promise<ListNotesOutput>((resolve) => {
        answers.push((total) => resolve({ total, offset: 0, items: [] }));
      });
    const services = createServices(host.api, {
      getSnapshot: () => 'connected',
      subscribe: () => () => undefined,
    });
    const { result } = renderHook(() => useNoteCounts(), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <ServicesContext value={services}>{children}</ServicesContext>
      ),
    });
    // The first load is out (notes, trash); a change asks again.
    expect(answers).toHaveLength(2);
    host.emitChange(['n1']);
    await act(() => vi.advanceTimersByTimeAsync(300));
    expect(answers).toHaveLength(4);

    await act(async () => {
      answers[2]?.(5);
      answers[3]?.(1);
      await vi.advanceTimersByTimeAsync(0);
    });
    await act(async () => {
      answers[0]?.(4);
      answers[1]?.(0);
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(result.current).toEqual({ notes: 5, trash: 1 });
  });
});
