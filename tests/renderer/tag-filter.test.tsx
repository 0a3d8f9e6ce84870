// @vitest-environment jsdom
// jsdom, not happy-dom: the preview's sanitiser only works in a DOM that behaves like Chromium's.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../src-shared/api/notes-api';
import { isApple } from '../../src-renderer/src/lib/keyboard';
import { renderMarkdown } from '../../src-renderer/src/features/editor/markdown/render-markdown';
import { createFakeHost, makeNote } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';
import { stubMatchMedia, stubTextLayout } from './support/jsdom-layout';

afterEach(cleanup);
giveListboxesAHeight();

stubTextLayout();
stubMatchMedia();

const NOTES = [
  { ...makeNote('a', 'Plan #work today', 'Alpha'), tags: ['work'], updatedAt: 30 },
  { ...makeNote('b', '---\ntags: [Work/Quire]\n---\nBeta', 'Beta'), tags: ['Work/Quire'], updatedAt: 20 },
  { ...makeNote('c', 'Groceries #home', 'Gamma'), tags: ['home'], updatedAt: 10 },
];

const rowTitles = () =>
  within(screen.getByRole('listbox', { name: 'Notes' }))
    .getAllByRole('option')
    .map((option) => option.querySelector('.note-row-title')?.textContent);
const headerChip = () => document.querySelector('.list-header .tag-filter');

async function clickRowTag(title: string, tag: string): Promise<void> {
  const row = screen.getByRole('option', { name: new RegExp(`^${title}`) });
  fireEvent.click(within(row).getByText(`#${tag}`));
  await settle();
}

describe('tag filter', () => {
  it('a row’s tag chip lists the notes with that tag, nested ones too, and × clears it', async () => {
    await renderApp(createFakeHost(NOTES.map((n) => ({ ...n }))));
    expect(rowTitles()).toEqual(['Alpha', 'Beta', 'Gamma']);

    await clickRowTag('Alpha', 'work');
    expect(rowTitles()).toEqual(['Alpha', 'Beta']);
    expect(headerChip()?.textContent).toBe('#work2');
    expect(within(headerChip() as HTMLElement).getByLabelText('2 notes')).toBeTruthy();
    // The chip only filtered: no note was opened.
    expect(screen.getByText('No note selected')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Clear the #work filter' }));
    await settle();
    expect(headerChip()).toBeNull();
    expect(rowTitles()).toEqual(['Alpha', 'Beta', 'Gamma']);
  });

  it('Esc in the list clears the filter; the search box’s Esc stays its own', async () => {
    await renderApp(createFakeHost(NOTES.map((n) => ({ ...n }))));
    await clickRowTag('Gamma', 'home');
    expect(rowTitles()).toEqual(['Gamma']);

    const search = screen.getByRole('searchbox', { name: 'Search notes' });
    fireEvent.keyDown(search, { key: 'Escape' });
    await settle();
    expect(headerChip()).not.toBeNull();

    fireEvent.keyDown(screen.getByRole('listbox', { name: 'Notes' }), { key: 'Escape' });
    await settle();
    expect(headerChip()).toBeNull();
    expect(rowTitles()).toEqual(['Alpha', 'Beta', 'Gamma']);
  });

  it('says so when no note has the tag any more, and offers all notes', async () => {
    await renderApp(createFakeHost(NOTES.map((n) => ({ ...n }))));
    await clickRowTag('Gamma', 'home');
    fireEvent.click(screen.getByRole('option', { name: /^Gamma/ }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Move to trash' }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(screen.getByText('No notes tagged #home')).toBeTruthy();
    expect(headerChip()?.textContent).toBe('#home0');
    fireEvent.click(screen.getByRole('button', { name: 'Show all notes' }));
    await settle();
    expect(rowTitles()).toEqual(['Alpha', 'Beta']);
  });

  it('a #tag chip in the preview filters the list', async () => {
    await renderApp(createFakeHost(NOTES.map((n) => ({ ...n }))));
    fireEvent.click(screen.getByRole('option', { name: /^Gamma/ }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Toggle preview' }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    const chip = screen.getByTestId('preview').querySelector<HTMLElement>('a.tag-chip');
    expect(chip?.textContent).toBe('#home');
    expect(chip?.getAttribute('data-tag')).toBe('home');
    fireEvent.click(chip!);
    await settle();
    expect(rowTitles()).toEqual(['Gamma']);
    expect(headerChip()?.textContent).toContain('#home');
    // The open note stays open: it has the tag.
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' }).value).toBe('Gamma');
  });

  it('Mod-click on a #tag in the editor filters the list; a plain click only places the cursor', async () => {
    await renderApp(createFakeHost(NOTES.map((n) => ({ ...n }))));
    fireEvent.click(screen.getByRole('option', { name: /^Alpha/ }));
    await settle();
    const mark = screen.getByTestId('editor').querySelector<HTMLElement>('.cm-tag');
    expect(mark?.textContent).toBe('#work');
    fireEvent.mouseDown(mark!, { button: 0 });
    await settle();
    expect(headerChip()).toBeNull();
    fireEvent.mouseDown(mark!, { button: 0, ctrlKey: !isApple, metaKey: isApple });
    await settle();
    expect(headerChip()?.textContent).toContain('#work');
    expect(rowTitles()).toEqual(['Alpha', 'Beta']);
    const view = EditorView.findFromDOM(
      screen.getByTestId('editor').querySelector<HTMLElement>('.cm-editor')!,
    )!;
    expect(view.state.doc.toString()).toBe('Plan #work today');
  });

  it('narrows search hits too, and a new note clears the filter', async () => {
    const host = createFakeHost(NOTES.map((n) => ({ ...n })));
    const hit = (id: string): SearchHit => {
      const { body: _body, createdAt: _createdAt, ...summary } = NOTES.find((n) => n.id === id)!;
      return { ...summary, snippet: 'plan', snippetMarks: [[0, 4]], titleMarks: [] };
    };
    // The index applies the filter (so its total counts only tagged notes); the fake does too.
    const asked: (string | undefined)[] = [];
    Object.assign(host.api.notes.search, {
      query: ({ tag }: { tag?: string }) => {
        asked.push(tag);
        const hits = [hit('a'), hit('c')].filter((h) => !tag || h.tags.includes(tag));
        return Promise.resolve({ hits, total: hits.length, indexing: null });
      },
    });
    await renderApp(host);
    await clickRowTag('Alpha', 'work');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search notes' }), { target: { value: 'plan' } });
    await act(() => new Promise((resolve) => setTimeout(resolve, 400)));
    expect(asked).toContain('work');
    expect(rowTitles()).toEqual(['Alpha']);
    expect(headerChip()?.textContent).toBe('#work1');

    fireEvent.click(screen.getByRole('button', { name: 'New note' }));
    await settle();
    expect(headerChip()).toBeNull();
  });
});

describe('#tags in the preview', () => {
  const chips = (source: string): string[] => {
    const html = renderMarkdown(source, () => undefined).html;
    const root = document.createElement('div');
    root.innerHTML = html;
    return [...root.querySelectorAll('a.tag-chip')].map((chip) => chip.getAttribute('data-tag') ?? '');
  };

  it('are chips where the host sees tags, and text everywhere else', () => {
    expect(chips('Plan #work and #project/quire, (#paren)')).toEqual(['work', 'project/quire', 'paren']);
    expect(chips('`#code` \\#escaped foo#bar #123 &#123; [[Note#Heading]]')).toEqual([]);
    expect(chips('```\n#fenced\n```\n\n[see #in-link](https://x.org/#frag) https://y.org/#bare')).toEqual([]);
    expect(chips('---\ntags: [fm]\n---\n# Heading #h1tag')).toEqual(['h1tag']);
  });

  it('keep the chip markup through the sanitiser, and a note cannot forge other attributes', () => {
    const html = renderMarkdown(
      '#a <a class="tag-chip" data-tag="x" onclick="alert(1)" style="x">y</a>',
      () => undefined,
    ).html;
    expect(html).toContain('<a href="#" class="tag-chip" data-tag="a"');
    expect(html).not.toMatch(/onclick|style=/);
  });
});
