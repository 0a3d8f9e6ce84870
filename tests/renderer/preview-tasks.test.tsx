// @vitest-environment jsdom
// jsdom, not happy-dom: the preview's sanitiser only works in a DOM that behaves like Chromium's.
import { undo } from '@codemirror/commands';
import { EditorView } from '@codemirror/view';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeHost, makeNote } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';
import { stubMatchMedia, stubTextLayout } from './support/jsdom-layout';

afterEach(cleanup);
giveListboxesAHeight();

stubTextLayout();
stubMatchMedia();

const TEXT = '# Chores\n\n- [ ] water plants\n- [ ] water plants\n- [x] post letters\n';

async function openWithPreview(text: string, options: { trashed?: boolean } = {}) {
  const note = { ...makeNote('a', text, 'Chores'), ...(options.trashed ? { trashedAt: 5 } : {}) };
  const host = createFakeHost([note]);
  await renderApp(host);
  if (options.trashed) {
    fireEvent.click(screen.getByRole('button', { name: 'Trash' }));
    await settle();
  }
  fireEvent.click(screen.getByRole('option', { name: /^Chores/ }));
  await settle();
  fireEvent.click(screen.getByRole('button', { name: 'Toggle preview' }));
  // Past the preview's render debounce.
  await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
  const view = EditorView.findFromDOM(
    screen.getByTestId('editor').querySelector<HTMLElement>('.cm-editor')!,
  )!;
  const boxes = () => [
    ...screen.getByTestId('preview').querySelectorAll<HTMLInputElement>('input[type="checkbox"]'),
  ];
  return { host, view, boxes };
}

describe('task boxes in the preview', () => {
  it('tick the task they show, even among identical lines, as one undoable edit', async () => {
    const { view, boxes } = await openWithPreview(TEXT);
    expect(boxes()).toHaveLength(3);
    expect(boxes().every((box) => !box.disabled)).toBe(true);

    fireEvent.click(boxes()[1]!);
    expect(view.state.doc.toString()).toBe(
      '# Chores\n\n- [ ] water plants\n- [x] water plants\n- [x] post letters\n',
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(boxes().map((box) => box.checked)).toEqual([false, true, true]);

    fireEvent.click(boxes()[2]!);
    expect(view.state.doc.toString()).toBe(
      '# Chores\n\n- [ ] water plants\n- [x] water plants\n- [ ] post letters\n',
    );

    act(() => void undo(view));
    expect(view.state.doc.toString()).toBe(
      '# Chores\n\n- [ ] water plants\n- [x] water plants\n- [x] post letters\n',
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(boxes().map((box) => box.checked)).toEqual([false, true, true]);
  });

  it('save the ticked text like typing', async () => {
    const { host, boxes } = await openWithPreview(TEXT);
    fireEvent.click(boxes()[0]!);
    await act(() => new Promise((resolve) => setTimeout(resolve, 1500)));
    expect(host.notes.get('a')?.body).toContain('- [x] water plants\n- [ ] water plants');
  });

  it('are disabled when the note is read-only (in the trash)', async () => {
    const { view, boxes } = await openWithPreview(TEXT, { trashed: true });
    expect(boxes()).toHaveLength(3);
    expect(boxes().every((box) => box.disabled)).toBe(true);
    fireEvent.click(boxes()[0]!);
    expect(view.state.doc.toString()).toBe(TEXT);
  });
});
