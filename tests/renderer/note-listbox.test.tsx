// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NoteSummary } from '../../src-renderer/src/api/quire-api';
import { NoteListbox } from '../../src-renderer/src/features/notes-list/NoteListbox';
import type { RowSource } from '../../src-renderer/src/features/notes-list/row-source';
import { giveListboxesAHeight } from './support/render-app';

afterEach(cleanup);
giveListboxesAHeight();

function summary(id: string): NoteSummary {
  return { id, title: id, tags: [], folder: '', updatedAt: 1, trashedAt: 0, needsReview: false };
}

describe('NoteListbox', () => {
  it('selects where the last key went, even when an earlier key waits for its row', async () => {
    // 1,000 rows, only the first one loaded: End has to fetch its row, Home does not.
    let releaseLast!: () => void;
    const source: RowSource = {
      count: 1_000,
      getRow: (index) => (index === 0 ? summary('first') : undefined),
      indexOf: (id) => (id === 'first' ? 0 : -1),
      ensureRange: () => undefined,
      loadRow: (index) =>
        new Promise((resolve) => {
          releaseLast = () => resolve(summary(`row${index}`));
        }),
    };
    const onSelect = vi.fn();
    render(
      <NoteListbox
        source={source}
        selectedId={null}
        onSelect={onSelect}
        onActivate={() => undefined}
        onDeleteKey={() => undefined}
        query=""
      />,
    );
    const listbox = screen.getByRole('listbox');
    fireEvent.keyDown(listbox, { key: 'End' });
    fireEvent.keyDown(listbox, { key: 'Home' });
    expect(onSelect).toHaveBeenLastCalledWith('first');

    releaseLast();
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(onSelect).toHaveBeenCalledTimes(1);
  });
});
