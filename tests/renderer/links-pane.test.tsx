// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { isApple } from '../../src-renderer/src/lib/keyboard';
import { createFakeHost, makeNote } from './support/fake-host';
import { editorView, giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  localStorage.clear();
});
giveListboxesAHeight();

const vault = () =>
  createFakeHost([
    { ...makeNote('r', 'The plan: [[Alpha]] and [[Missing page]].', 'Roadmap'), updatedAt: 5 },
    { ...makeNote('a', 'Intro\nSee [[Roadmap]] for the plan.', 'Alpha'), updatedAt: 4 },
    { ...makeNote('b', 'First line\nOur roadmap is long.\nMore.', 'Beta'), updatedAt: 3 },
    { ...makeNote('c', 'Nothing to see.', 'Gamma'), updatedAt: 2 },
  ]);

async function openNote(title: string): Promise<void> {
  fireEvent.click(screen.getByRole('option', { name: new RegExp(`^${title}`) }));
  await settle();
}

const pane = () => screen.getByRole('complementary', { name: 'Links' });

async function toggleLinks(): Promise<void> {
  fireEvent.keyDown(document.body, { key: 'B', shiftKey: true, ctrlKey: !isApple, metaKey: isApple });
  await settle();
}

const section = (name: RegExp) => within(pane()).getByRole('button', { name });

describe('Links pane', () => {
  it('opens with its shortcut and shows linked mentions by note, with the link marked in its line', async () => {
    const host = vault();
    await renderApp(host);
    await openNote('Roadmap');
    expect(screen.queryByRole('complementary', { name: 'Links' })).toBeNull();
    await toggleLinks();

    await waitFor(() => expect(section(/Linked mentions/).textContent).toContain('1'));
    const mention = within(pane()).getByRole('button', { name: /Alpha, line 2/ });
    expect(mention.querySelector('mark')?.textContent).toBe('[[Roadmap]]');
    expect(mention.textContent).toBe('See [[Roadmap]] for the plan.');

    // Outgoing links: the resolved one opens its note, the missing one is marked.
    const outgoing = within(pane().querySelector<HTMLElement>('.links-outgoing')!);
    expect(outgoing.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Alpha',
      'Missing pagenot found',
    ]);
    expect(outgoing.getByRole('button', { name: 'Alpha' })).toBeTruthy();
    expect(outgoing.getByTitle('No note named “Missing page”')).toBeTruthy();

    // The pane stays open across notes (and reloads), and closes with its shortcut again.
    expect(localStorage.getItem('quire.linksPane.open')).toBe('true');
    await toggleLinks();
    expect(screen.queryByRole('complementary', { name: 'Links' })).toBeNull();

    // The status line counts the backlinks and opens the pane too.
    fireEvent.click(screen.getByRole('button', { name: '1 backlink' }));
    await settle();
    expect(pane()).toBeTruthy();
  });

  it('opens the linking note at the mention’s line', async () => {
    const host = vault();
    await renderApp(host);
    await openNote('Roadmap');
    await toggleLinks();
    await waitFor(() => within(pane()).getByRole('button', { name: /Alpha, line 2/ }));
    fireEvent.click(within(pane()).getByRole('button', { name: /Alpha, line 2/ }));
    await settle();
    await waitFor(() =>
      expect(editorView().state.doc.toString()).toBe('Intro\nSee [[Roadmap]] for the plan.'),
    );
    await waitFor(() =>
      expect(editorView().state.doc.lineAt(editorView().state.selection.main.head).number).toBe(2),
    );
  });

  it('keeps unlinked mentions folded until asked, and links one with a click', async () => {
    const host = vault();
    await renderApp(host);
    await openNote('Roadmap');
    await toggleLinks();
    await waitFor(() => expect(section(/Linked mentions/).textContent).toContain('1'));
    const unlinked = section(/Unlinked mentions/);
    expect(unlinked.getAttribute('aria-expanded')).toBe('false');
    expect(host.linkIndex.unlinked).not.toHaveBeenCalled();

    fireEvent.click(unlinked);
    await settle();
    await waitFor(() => expect(section(/Unlinked mentions/).textContent).toContain('1'));
    const found = within(pane()).getByRole('button', { name: /Beta, line 2/ });
    expect(found.querySelector('mark')?.textContent).toBe('roadmap');

    fireEvent.click(within(pane()).getByRole('button', { name: 'Link “roadmap” in Beta' }));
    await settle();
    expect(host.linkIndex.linkMention).toHaveBeenCalledWith({
      sourceId: 'b',
      line: 1,
      from: 4,
      to: 11,
      targetId: 'r',
    });
    expect(host.notes.get('b')!.body).toBe('First line\nOur [[Roadmap|roadmap]] is long.\nMore.');
    await waitFor(() => expect(section(/Linked mentions/).textContent).toContain('2'));
    await waitFor(() => expect(section(/Unlinked mentions/).textContent).toContain('0'));
  });

  it('lists the vault’s broken links from the palette command and opens one at its line', async () => {
    const host = vault();
    await renderApp(host);
    fireEvent.keyDown(document.body, { key: 'P', shiftKey: true, ctrlKey: !isApple, metaKey: isApple });
    await settle();
    const input = screen.getByRole('combobox');
    fireEvent.change(input, { target: { value: 'Broken links' } });
    await settle();
    fireEvent.keyDown(input, { key: 'Enter' });
    await settle();
    const dialog = await screen.findByRole('dialog', { name: 'Broken links' });
    await waitFor(() => expect(within(dialog).getByText(/1 link names no note/)).toBeTruthy());
    fireEvent.click(within(dialog).getByRole('button', { name: /Missing page/ }));
    await settle();
    await waitFor(() => expect(editorView().state.doc.toString()).toContain('[[Missing page]]'));
  });
});
