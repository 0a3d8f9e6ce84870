// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { markdown } from '@codemirror/lang-markdown';
import { ensureSyntaxTree } from '@codemirror/language';
import { afterEach, describe, expect, it } from 'vitest';
import { linkAt, linkAtState, headingPosition } from '../../src-renderer/src/features/editor/links';
import {
  back,
  EMPTY_HISTORY,
  forget,
  forward,
  push,
  replace,
  currentEntry,
  type NavHistory,
} from '../../src-renderer/src/features/navigation';
import { isApple } from '../../src-renderer/src/lib/keyboard';
import { createFakeHost, makeNote } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(cleanup);
giveListboxesAHeight();

describe('linkAt', () => {
  const at = (line: string, marker = '‸') => {
    const offset = line.indexOf(marker);
    return linkAt(line.replace(marker, ''), offset);
  };

  it('finds wikilinks in every form, brackets included', () => {
    expect(at('See [[No‸te]] here')).toEqual({
      kind: 'note',
      target: 'Note',
      heading: null,
      from: 4,
      to: 12,
    });
    expect(at('‸[[Note]]')).toMatchObject({ kind: 'note', target: 'Note', from: 0, to: 8 });
    expect(at('[[Note]]‸')).toMatchObject({ kind: 'note', target: 'Note' });
    expect(at('[[Note|sh‸own]]')).toMatchObject({ kind: 'note', target: 'Note', heading: null });
    expect(at('[[Note#Hea‸ding]]')).toMatchObject({ kind: 'note', target: 'Note', heading: 'Heading' });
    expect(at('[[ Note # Heading | shown‸]]')).toMatchObject({ target: 'Note', heading: 'Heading' });
    expect(at('[[#Lo‸cal]]')).toMatchObject({ kind: 'note', target: '', heading: 'Local' });
    expect(at('[[work/Id‸eas]]')).toMatchObject({ kind: 'note', target: 'work/Ideas' });
    expect(at('![[Emb‸edded note]]')).toMatchObject({ kind: 'note', target: 'Embedded note' });
    expect(at('[[Node.j‸s]]')).toMatchObject({ kind: 'note', target: 'Node.js' });
    expect(at('[[report.p‸df]]')).toMatchObject({ kind: 'attachment', target: 'report.pdf' });
    expect(at('![[pic.p‸ng|300]]')).toMatchObject({ kind: 'attachment', target: 'pic.png' });
  });

  it('finds Markdown links to notes, headings, web addresses and files', () => {
    expect(at('[the ‸site](https://example.com/a?b=1)')).toEqual({
      kind: 'url',
      url: 'https://example.com/a?b=1',
      from: 0,
      to: 37,
    });
    expect(at('[x](My%20No‸te.md#Sec%20tion)')).toMatchObject({
      kind: 'note',
      target: 'My Note',
      heading: 'Sec tion',
    });
    expect(at('[x](<folder/My No‸te.md>)')).toMatchObject({ kind: 'note', target: 'folder/My Note' });
    expect(at('[x](#Ab‸out)')).toMatchObject({ kind: 'note', target: '', heading: 'About' });
    expect(at('[x](img/a.p‸ng)')).toMatchObject({ kind: 'attachment', target: 'img/a.png' });
    expect(at('[x](mailto:ada@exa‸mple.com)')).toMatchObject({ kind: 'url', url: 'mailto:ada@example.com' });
    expect(at('[x](javascript:al‸ert(1))')).toBeNull();
  });

  it('finds autolinks and bare URLs, without trailing punctuation', () => {
    expect(at('Go to <https://exa‸mple.com>.')).toMatchObject({ kind: 'url', url: 'https://example.com' });
    expect(at('Go to https://exa‸mple.com/x.')).toMatchObject({ kind: 'url', url: 'https://example.com/x' });
  });

  it('finds nothing beside or between links', () => {
    expect(at('‸text [[Note]]')).toBeNull();
    expect(at('[[A]] ‸ [[B]]')).toBeNull();
    expect(at('[[]‸]')).toBeNull();
    // The second link on a line is found too.
    expect(at('[[A]] and [[B‸]]')).toMatchObject({ target: 'B', from: 10 });
  });

  it('ignores links inside code', () => {
    const doc = 'Text `[[Code]]` and [[Real]]\n```\n[[Fenced]]\n```\n';
    const state = EditorState.create({ doc, extensions: markdown() });
    ensureSyntaxTree(state, doc.length, 5_000);
    expect(linkAtState(state, doc.indexOf('Code'))).toBeNull();
    expect(linkAtState(state, doc.indexOf('Fenced'))).toBeNull();
    expect(linkAtState(state, doc.indexOf('Real'))).toMatchObject({ target: 'Real' });
  });

  it('finds the heading a link names', () => {
    const text = '---\na: 1\n---\n# Intro\n\n## Part *two*\n';
    expect(headingPosition(text, 'part two')).toBe(text.indexOf('## Part'));
    expect(headingPosition(text, 'Part')).toBe(text.indexOf('## Part'));
    expect(headingPosition(text, 'Missing')).toBeNull();
  });
});

describe('navigation history', () => {
  const visit = (...ids: string[]): NavHistory => ids.reduce((h, id) => push(h, id), EMPTY_HISTORY);

  it('pushes, goes back and forward, and drops what was ahead on a new visit', () => {
    let h = visit('a', 'b', 'c');
    expect(h).toEqual({ entries: ['a', 'b', 'c'], index: 2 });
    expect(forward(h)).toBeNull();
    h = back(h)!;
    h = back(h)!;
    expect(currentEntry(h)).toBe('a');
    expect(back(h)).toBeNull();
    h = forward(h)!;
    expect(currentEntry(h)).toBe('b');
    h = push(h, 'd');
    expect(h).toEqual({ entries: ['a', 'b', 'd'], index: 2 });
    expect(forward(h)).toBeNull();
    // Visiting the current note again records nothing.
    expect(push(h, 'd')).toBe(h);
  });

  it('is bounded, dropping the oldest visits', () => {
    const h = ['a', 'b', 'c', 'd'].reduce((acc, id) => push(acc, id, 3), EMPTY_HISTORY);
    expect(h).toEqual({ entries: ['b', 'c', 'd'], index: 2 });
  });

  it('replaces the current entry in place', () => {
    const h = back(visit('a', 'b', 'c'))!;
    expect(replace(h, 'x')).toEqual({ entries: ['a', 'x', 'c'], index: 1 });
    expect(replace(EMPTY_HISTORY, 'x')).toEqual({ entries: ['x'], index: 0 });
  });

  it('skips notes that are gone, and forgets deleted ones', () => {
    const h = visit('a', 'b', 'a', 'c');
    const gone = (id: string) => id === 'b';
    expect(currentEntry(back(h, gone)!)).toBe('a');
    // Past "a" and the gone "b" there is only "a" again: nothing new to go back to.
    expect(back(back(h, gone)!, gone)).toBeNull();
    expect(forget(h, 'b')).toEqual({ entries: ['a', 'c'], index: 1 });
    expect(forget(visit('a', 'b'), 'b')).toEqual({ entries: ['a'], index: 0 });
    expect(forget(visit('b'), 'b')).toEqual({ entries: [], index: -1 });
  });
});

describe('following links in the App', () => {
  const titleBox = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' });
  const editorView = (): EditorView => {
    const dom = screen.getByTestId('editor').querySelector<HTMLElement>('.cm-editor');
    const view = dom && EditorView.findFromDOM(dom);
    if (!view) throw new Error('no editor');
    return view;
  };
  const openNote = async (title: string): Promise<void> => {
    fireEvent.click(screen.getByRole('option', { name: new RegExp(`^${title}`) }));
    await settle();
  };
  /** Puts the cursor inside the text `marker` and presses Enter in the editor. */
  const enterAt = async (marker: string): Promise<void> => {
    const view = editorView();
    const pos = view.state.doc.toString().indexOf(marker) + 1;
    act(() => view.dispatch({ selection: EditorSelection.cursor(pos) }));
    fireEvent.keyDown(view.contentDOM, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await settle();
  };
  const altArrow = async (key: 'ArrowLeft' | 'ArrowRight'): Promise<void> => {
    // ⌘⌥ on Apple platforms (⌥ alone moves by word there); Alt elsewhere.
    fireEvent.keyDown(editorView().contentDOM, { key, altKey: true, metaKey: isApple });
    await settle();
  };

  const notes = () => [
    { ...makeNote('a', 'See [[Beta]], [[Gamma#Part two]] and [[Nowhere]].\n- item', 'Alpha'), updatedAt: 30 },
    { ...makeNote('b', 'Beta body', 'Beta'), updatedAt: 20 },
    { ...makeNote('g', '# Intro\n\nText\n\n## Part two\n\nMore', 'Gamma'), updatedAt: 10 },
  ];

  it('follows a link with Enter, then goes back and forward with Alt+← / Alt+→ and the toolbar', async () => {
    await renderApp(createFakeHost(notes()));
    await openNote('Alpha');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Back' }).disabled).toBe(true);

    await enterAt('Beta]]');
    expect(titleBox().value).toBe('Beta');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Back' }).disabled).toBe(false);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Forward' }).disabled).toBe(true);

    await altArrow('ArrowLeft');
    expect(titleBox().value).toBe('Alpha');
    await altArrow('ArrowRight');
    expect(titleBox().value).toBe('Beta');

    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await settle();
    expect(titleBox().value).toBe('Alpha');
    fireEvent.click(screen.getByRole('button', { name: 'Forward' }));
    await settle();
    expect(titleBox().value).toBe('Beta');

    // Mouse button 4 is Back too.
    fireEvent.mouseUp(window, { button: 3 });
    await settle();
    expect(titleBox().value).toBe('Alpha');
  });

  it('passes over a visited note once it is moved to the trash', async () => {
    const host = createFakeHost(notes());
    await renderApp(host);
    await openNote('Gamma');
    await openNote('Beta');
    await openNote('Alpha');
    await act(() => host.api.notes.trash.mutate({ id: 'b' }).then(() => undefined));
    await settle();
    await altArrow('ArrowLeft');
    expect(titleBox().value).toBe('Gamma');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Back' }).disabled).toBe(true);
  });

  it('keeps Enter outside links a new line (list continuation included)', async () => {
    await renderApp(createFakeHost(notes()));
    await openNote('Alpha');
    const view = editorView();
    act(() => view.dispatch({ selection: EditorSelection.cursor(view.state.doc.length) }));
    fireEvent.keyDown(view.contentDOM, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await settle();
    expect(titleBox().value).toBe('Alpha');
    expect(view.state.doc.toString().endsWith('- item\n- ')).toBe(true);
  });

  it('opens the note of a heading link at that heading', async () => {
    await renderApp(createFakeHost(notes()));
    await openNote('Alpha');
    await enterAt('Gamma#');
    expect(titleBox().value).toBe('Gamma');
    const view = editorView();
    expect(view.state.selection.main.head).toBe(view.state.doc.toString().indexOf('## Part two'));
  });

  it('creates the note an unresolved link names, and opens it', async () => {
    const host = createFakeHost(notes());
    await renderApp(host);
    await openNote('Alpha');
    await enterAt('Nowhere]]');
    expect(titleBox().value).toBe('Nowhere');
    expect([...host.notes.values()].filter((n) => n.title === 'Nowhere')).toHaveLength(1);
  });

  it('creates the note of an unresolved path link in the folder the link names', async () => {
    const host = createFakeHost([
      ...notes(),
      { ...makeNote('d', 'Go to [[Projects/Q1/Plan]].', 'Delta'), updatedAt: 40 },
    ]);
    await renderApp(host);
    await openNote('Delta');
    await enterAt('Plan]]');
    expect(titleBox().value).toBe('Plan');
    const made = [...host.notes.values()].filter((n) => n.title === 'Plan');
    expect(made.map((n) => n.folder)).toEqual(['Projects/Q1']);
  });

  it('follows a link on Ctrl/⌘+click', async () => {
    await renderApp(createFakeHost(notes()));
    await openNote('Alpha');
    const view = editorView();
    // happy-dom lays nothing out: the position under the pointer is given, the rest is real.
    const pos = view.state.doc.toString().indexOf('Beta');
    view.posAtCoords = () => pos;
    fireEvent.mouseDown(view.contentDOM, {
      button: 0,
      ctrlKey: !isApple,
      metaKey: isApple,
      clientX: 5,
      clientY: 5,
    });
    await settle();
    expect(titleBox().value).toBe('Beta');
  });
});
