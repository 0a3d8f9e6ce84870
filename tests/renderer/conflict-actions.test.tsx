// @vitest-environment happy-dom
import { undo } from '@codemirror/commands';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext } from '../../src-renderer/src/api/services-context';
import { ReviewBanner } from '../../src-renderer/src/features/editor/ReviewBanner';
import {
  changeTouchesMarkerLines,
  hasMarkerLines,
} from '../../src-renderer/src/features/editor/codemirror/conflict-markers';
import { conflictActions } from '../../src-renderer/src/features/editor/codemirror/conflict-actions';
import { toasts } from '../../src-renderer/src/ui/toast-store';
import { createFakeHost, makeNote } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle, editorView } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
});
giveListboxesAHeight();

const FIRST = ['<<<<<<< Laptop', 'ours one', 'ours two', '=======', 'theirs', '>>>>>>> another device'];
const SECOND = ['<<<<<<<', 'mine', '=======', '>>>>>>>'];
const MERGED = ['# Plan', ...FIRST, 'between', ...SECOND, 'after'].join('\n');

async function openMerged(body = MERGED) {
  // happy-dom fires selectionchange synchronously, inside CodeMirror's own update; browsers do
  // not. Focus is checked as asked for, not performed.
  vi.spyOn(EditorView.prototype, 'focus').mockImplementation(() => undefined);
  const host = createFakeHost([{ ...makeNote('a', body, 'Plan'), needsReview: true }]);
  await renderApp(host);
  fireEvent.click(screen.getByRole('option', { name: /^Plan/ }));
  await settle();
  return host;
}

const actionBars = () => within(screen.getByTestId('editor')).queryAllByRole('group');
const docText = () => editorView().state.doc.toString();

describe('Resolving sync conflicts in the editor', () => {
  it('puts a bar of Keep buttons, named with the block’s labels, above each conflict block', async () => {
    await openMerged();
    const bars = actionBars();
    expect(bars).toHaveLength(2);
    expect(bars[0]?.getAttribute('aria-label')).toBe('Conflict 1 of 2: Laptop or another device');
    const names = (bar: HTMLElement) =>
      within(bar)
        .getAllByRole('button')
        .map((button) => button.getAttribute('aria-label'));
    expect(names(bars[0]!)).toEqual(['Keep Laptop', 'Keep another device', 'Keep both']);
    // Unlabelled markers: the sides are named by their place.
    expect(names(bars[1]!)).toEqual(['Keep this side', 'Keep other side', 'Keep both']);
    for (const button of within(bars[0]!).getAllByRole('button')) {
      expect(button.tagName).toBe('BUTTON');
      expect(button.getAttribute('type')).toBe('button');
    }
    // Each bar sits right above its opening marker line.
    expect(bars[0]?.nextElementSibling?.textContent).toBe('<<<<<<< Laptop');
    expect(bars[1]?.nextElementSibling?.textContent).toBe('<<<<<<<');
  });

  it('keeps one side as one undoable, saved edit; undo brings the exact block back', async () => {
    const host = await openMerged();
    const view = editorView();
    fireEvent.click(within(actionBars()[0]!).getByRole('button', { name: 'Keep Laptop' }));
    expect(EditorView.prototype.focus).toHaveBeenCalled();
    const resolved = ['# Plan', 'ours one', 'ours two', 'between', ...SECOND, 'after'].join('\n');
    expect(docText()).toBe(resolved);
    expect(actionBars()).toHaveLength(1);

    // Saved like typing (autosave reports the edit to the host).
    await act(() => new Promise((resolve) => setTimeout(resolve, 800)));
    expect(host.update).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'a', body: resolved }));

    // One step: the whole block, markers and both sides, comes back.
    act(() => void undo(view));
    expect(docText()).toBe(MERGED);
    expect(actionBars()).toHaveLength(2);
    act(() => void undo(view));
    expect(docText()).toBe(MERGED);
  });

  it('keeps the other side, or both in order', async () => {
    await openMerged();
    fireEvent.click(within(actionBars()[0]!).getByRole('button', { name: 'Keep another device' }));
    expect(docText()).toBe(['# Plan', 'theirs', 'between', ...SECOND, 'after'].join('\n'));

    act(() => void undo(editorView()));
    fireEvent.click(within(actionBars()[0]!).getByRole('button', { name: 'Keep both' }));
    expect(docText()).toBe(
      ['# Plan', 'ours one', 'ours two', 'theirs', 'between', ...SECOND, 'after'].join('\n'),
    );

    // The second block's bar still works after the first was resolved (positions followed the edit).
    fireEvent.click(within(actionBars()[0]!).getByRole('button', { name: 'Keep both' }));
    expect(docText()).toBe(
      ['# Plan', 'ours one', 'ours two', 'theirs', 'between', 'mine', 'after'].join('\n'),
    );
    expect(actionBars()).toHaveLength(0);
  });

  it('follows edits: a block whose markers are typed away loses its bar', async () => {
    await openMerged();
    const view = editorView();
    const at = docText().indexOf('>>>>>>> another device');
    act(() => view.dispatch({ changes: { from: at, to: at + 1, insert: '' } }));
    // The first block is no longer closed; only the second is left.
    expect(actionBars()).toHaveLength(1);
    expect(within(actionBars()[0]!).getByRole('button', { name: 'Keep this side' })).toBeTruthy();
  });

  it('refuses Mark as resolved while blocks remain, says how many, and sends nothing', async () => {
    const host = await openMerged();
    const banner = screen.getByTestId('review-banner');
    expect(banner.querySelector('.review-banner-text')?.textContent).toContain('Keep buttons');

    fireEvent.click(within(banner).getByRole('button', { name: 'Mark as resolved' }));
    await settle();
    expect(within(banner).getByRole('alert').textContent).toBe(
      'Resolve every conflict block first — 2 remain',
    );
    expect(host.sync.markReviewed).not.toHaveBeenCalled();
    expect(host.update).not.toHaveBeenCalled();

    // The count follows the Keep buttons.
    fireEvent.click(within(actionBars()[0]!).getByRole('button', { name: 'Keep both' }));
    await settle();
    expect(within(banner).getByRole('alert').textContent).toBe(
      'Resolve every conflict block first — 1 remains',
    );

    fireEvent.click(within(actionBars()[0]!).getByRole('button', { name: 'Keep this side' }));
    await settle();
    expect(within(banner).queryByRole('alert')).toBeNull();
    fireEvent.click(within(banner).getByRole('button', { name: 'Mark as resolved' }));
    await settle();
    expect(host.sync.markReviewed).toHaveBeenCalledExactlyOnceWith({ id: 'a' });
    expect(screen.queryByTestId('review-banner')).toBeNull();
  });

  it('counts from the text it is given, when the pane passes it', async () => {
    const host = createFakeHost([{ ...makeNote('a', MERGED, 'Plan'), needsReview: true }]);
    const connection = { getSnapshot: () => 'connected' as const, subscribe: () => () => undefined };
    const beforeResolve = vi.fn(() => Promise.resolve());
    const banner = (text: string) => (
      <ServicesContext value={createServices(host.api, connection)}>
        <ReviewBanner
          noteId="a"
          hasMarkers
          text={text}
          onNextMarker={() => undefined}
          beforeResolve={beforeResolve}
        />
      </ServicesContext>
    );
    const { rerender } = render(banner(MERGED));
    fireEvent.click(screen.getByRole('button', { name: 'Mark as resolved' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('Resolve every conflict block first — 2 remain');
    // An opening marker never closed still counts as one.
    rerender(banner('text\n<<<<<<< Laptop\nnever closed'));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('Resolve every conflict block first — 1 remains');
    expect(beforeResolve).not.toHaveBeenCalled();
    expect(host.sync.markReviewed).not.toHaveBeenCalled();
  });
});

describe('which edits may change the conflicts', () => {
  const touched = (doc: string, change: { from: number; to?: number; insert?: string }) => {
    const state = EditorState.create({ doc });
    const tr = state.update({ changes: change });
    return changeTouchesMarkerLines(state.doc, tr.state.doc, tr.changes);
  };

  it('says no for typing in lines that look like no marker, yes wherever one is made or unmade', () => {
    const text = ['# Plan', 'prose', ...SECOND, 'after'].join('\n');
    expect(hasMarkerLines(EditorState.create({ doc: text }).doc)).toBe(true);
    expect(hasMarkerLines(EditorState.create({ doc: '# Plan\nprose =======' }).doc)).toBe(false);
    expect(touched(text, { from: 3, insert: 'x' })).toBe(false);
    expect(touched(text, { from: text.indexOf('after'), insert: 'x' })).toBe(false);
    // Typed into a marker line, typed to make one, a marker line deleted, one pasted in.
    expect(touched(text, { from: text.indexOf('=======') + 7, insert: ' x' })).toBe(true);
    expect(touched('# Plan\n>>>>>>', { from: 13, insert: '>' })).toBe(true);
    const open = text.indexOf('<<<<<<<');
    expect(touched(text, { from: open - 1, to: open + 7 })).toBe(true);
    expect(touched('a\nb', { from: 1, insert: '\nx\n=======\ny' })).toBe(true);
  });

  it('gives a block pasted into a note without conflicts its bar, and typing elsewhere keeps it', () => {
    const bars = (state: EditorState): number =>
      state
        .facet(EditorView.decorations)
        .reduce((n, set) => n + (typeof set === 'function' ? 0 : set.size), 0);
    let state = EditorState.create({ doc: '# Plan\nprose', extensions: conflictActions() });
    expect(bars(state)).toBe(0);
    state = state.update({ changes: { from: 6, insert: 'x' } }).state;
    expect(bars(state)).toBe(0);
    state = state.update({ changes: { from: state.doc.length, insert: `\n${FIRST.join('\n')}` } }).state;
    expect(bars(state)).toBe(1);
    state = state.update({ changes: { from: 0, insert: 'x' } }).state;
    expect(bars(state)).toBe(1);
  });
});
