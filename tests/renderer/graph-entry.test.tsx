// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GraphInput, GraphOutput } from '../../src-shared/api/link-index-api';
import { isApple } from '../../src-renderer/src/lib/keyboard';
import { createFakeHost, makeNote } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(cleanup);
giveListboxesAHeight();

const GRAPH: GraphOutput = {
  nodes: [
    { id: 'a', title: 'Alpha', folder: '', tags: [], degree: 1 },
    { id: 'b', title: 'Beta', folder: '', tags: [], degree: 1 },
  ],
  edges: [[0, 1]],
  truncated: false,
};

async function renderWithGraph() {
  const host = createFakeHost([
    { ...makeNote('a', 'See [[Beta]]', 'Alpha'), updatedAt: 20 },
    { ...makeNote('b', 'Back to [[Alpha]]', 'Beta'), updatedAt: 10 },
  ]);
  const query = vi.fn((input: GraphInput) => {
    void input;
    return Promise.resolve(GRAPH);
  });
  host.api.linkIndex = { ...host.api.linkIndex, graph: { query } };
  await renderApp(host);
  return { host, query };
}

const graphView = () => screen.queryByRole('main', { name: /graph/i });
const pressModG = () =>
  act(() => {
    fireEvent.keyDown(document.body, { key: 'g', ctrlKey: !isApple, metaKey: isApple });
  });

describe('the graph view in the window', () => {
  it('opens from the sidebar over the editor, which stays mounted; Esc returns to the note', async () => {
    const { query } = await renderWithGraph();
    fireEvent.click(screen.getByRole('option', { name: /^Alpha/ }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Graph view' }));
    await settle();
    expect(graphView()).toBeTruthy();
    expect(query).toHaveBeenCalledWith({ scope: 'vault', limit: 20_000 });
    expect(screen.getByRole('button', { name: 'Graph view' }).getAttribute('aria-current')).toBe('page');
    // happy-dom has no WebGL: the view says so rather than staying blank.
    expect(screen.getByRole('alert').textContent).toContain('The graph needs WebGL');
    expect(screen.getByTestId('editor')).toBeTruthy();

    fireEvent.keyDown(graphView() as HTMLElement, { key: 'Escape' });
    await settle();
    expect(graphView()).toBeNull();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' }).value).toBe('Alpha');
  });

  it('Mod+G opens and closes it; its Local toggle shows the open note’s graph', async () => {
    const { query } = await renderWithGraph();
    fireEvent.click(screen.getByRole('option', { name: /^Beta/ }));
    await settle();
    pressModG();
    await settle();
    expect(graphView()).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Local' }));
    await settle();
    expect(query).toHaveBeenLastCalledWith({ scope: 'local', id: 'b', depth: 1, limit: 20_000 });
    pressModG();
    await settle();
    expect(graphView()).toBeNull();
  });

  it('opening another note from the list closes the graph', async () => {
    await renderWithGraph();
    fireEvent.click(screen.getByRole('button', { name: 'Graph view' }));
    await settle();
    expect(graphView()).toBeTruthy();
    fireEvent.click(screen.getByRole('option', { name: /^Beta/ }));
    await settle();
    expect(graphView()).toBeNull();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' }).value).toBe('Beta');
  });
});
