// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { isApple } from '../../src-renderer/src/lib/keyboard';
import { createFakeHost, makeNote } from './support/fake-host';
import { editorView, giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  localStorage.clear();
});
giveListboxesAHeight();

const NOTE = [
  '---',
  '# a YAML comment, not a heading',
  'title: Plan',
  '---',
  '# Plan',
  '',
  'Intro text.',
  '',
  '## Goals **now**',
  '',
  '```sh',
  '# a shell comment, not a heading',
  '```',
  '',
  'Risks',
  '-----',
  '',
  '### See [[Data Model|the model]]',
  '',
  '# Later',
  'last words',
].join('\n');

async function openNote(title: string): Promise<void> {
  fireEvent.click(screen.getByRole('option', { name: new RegExp(`^${title}`) }));
  await settle();
}

const outline = () => screen.getByRole('complementary', { name: 'Outline' });
const items = () =>
  within(outline())
    .queryAllByRole('button')
    .filter((b) => b.classList.contains('outline-item'));
const current = () =>
  within(outline())
    .queryAllByRole('button')
    .find((b) => b.getAttribute('aria-current'));

async function openOutline(): Promise<void> {
  fireEvent.click(screen.getByRole('button', { name: 'Toggle outline' }));
  await settle();
  await waitFor(() => expect(outline().querySelector('.outline-item, .outline-empty')).toBeTruthy());
}

describe('Outline pane', () => {
  it('lists the note’s ATX and setext headings, nested by level, and none from code or frontmatter', async () => {
    const host = createFakeHost([makeNote('p', NOTE, 'Plan')]);
    await renderApp(host);
    await openNote('Plan');
    expect(screen.queryByRole('complementary', { name: 'Outline' })).toBeNull();
    await openOutline();

    // The parser may finish the note a moment after the pane opens (it works in slices).
    await waitFor(() =>
      expect(items().map((b) => b.textContent)).toEqual([
        'Plan',
        'Goals now',
        'Risks',
        'See the model',
        'Later',
      ]),
    );
    // "Goals" and "Risks" sit in Plan's list; "See" in Risks's; "Later" is top-level again.
    const plan = items()[0]!.closest('li')!;
    expect(Array.from(plan.querySelectorAll('.outline-item'), (b) => b.textContent)).toEqual([
      'Plan',
      'Goals now',
      'Risks',
      'See the model',
    ]);
    const risks = items()[2]!.closest('li')!;
    expect(Array.from(risks.querySelectorAll('.outline-item'), (b) => b.textContent)).toEqual([
      'Risks',
      'See the model',
    ]);
    expect(items()[4]!.closest('li')!.parentElement!.closest('li')).toBeNull();
    // The open state is a preference, so the next window (and the next start) has it too.
    expect(screen.getByRole('button', { name: 'Toggle outline' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('jumps to a heading on click or Enter, and marks the section holding the cursor', async () => {
    await renderApp(createFakeHost([makeNote('p', NOTE, 'Plan')]));
    await openNote('Plan');
    await openOutline();
    // The cursor starts in the frontmatter, above every section.
    expect(current()).toBeUndefined();

    fireEvent.click(within(outline()).getByRole('button', { name: 'Risks' }));
    await settle();
    const view = editorView();
    const risksLine = view.state.doc.line(15);
    expect(risksLine.text).toBe('Risks');
    expect(view.state.selection.main.head).toBe(risksLine.from);
    expect(view.hasFocus).toBe(true);
    expect(current()?.textContent).toBe('Risks');

    // The cursor moves on into the last section: the outline follows. (Blurred first: happy-dom
    // reports a focused editor's DOM selection synchronously, inside CodeMirror's own update.)
    view.contentDOM.blur();
    act(() => view.dispatch({ selection: { anchor: view.state.doc.length } }));
    await settle();
    expect(current()?.textContent).toBe('Later');
    expect(current()?.getAttribute('aria-current')).toBe('location');

    // Above the first heading (the frontmatter) no section is current.
    act(() => view.dispatch({ selection: { anchor: 5 } }));
    await settle();
    expect(current()).toBeUndefined();

    // Keyboard: arrows move between headings, Enter jumps.
    const goals = within(outline()).getByRole('button', { name: 'Goals now' });
    goals.focus();
    fireEvent.keyDown(goals, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Risks');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.textContent).toBe('Later');
  });

  it('folds a section, which then stands for the place of the cursor inside it', async () => {
    await renderApp(createFakeHost([makeNote('p', NOTE, 'Plan')]));
    await openNote('Plan');
    await openOutline();
    await waitFor(() => expect(items()).toHaveLength(5));
    fireEvent.click(within(outline()).getByRole('button', { name: 'Risks' }));
    await settle();
    expect(current()?.textContent).toBe('Risks');

    const fold = within(outline()).getByRole('button', { name: 'Collapse Plan' });
    expect(fold.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(fold);
    await settle();
    expect(items().map((b) => b.textContent)).toEqual(['Plan', 'Later']);
    expect(current()?.textContent).toBe('Plan');

    // From the keyboard: right unfolds, left folds again.
    const plan = items()[0]!;
    fireEvent.keyDown(plan, { key: 'ArrowRight' });
    await settle();
    expect(items()).toHaveLength(5);
    expect(current()?.textContent).toBe('Risks');
    fireEvent.keyDown(items()[2]!, { key: 'ArrowLeft' });
    await settle();
    expect(items().map((b) => b.textContent)).toEqual(['Plan', 'Goals now', 'Risks', 'Later']);
  });

  it('follows typing: a new heading appears once the typing pauses', async () => {
    await renderApp(createFakeHost([makeNote('p', 'Just text', 'Plain')]));
    await openNote('Plain');
    await openOutline();
    expect(within(outline()).getByText('No headings in this note')).toBeTruthy();

    const view = editorView();
    act(() =>
      view.dispatch({
        changes: { from: view.state.doc.length, insert: '\n\n## Fresh idea' },
        selection: { anchor: view.state.doc.length + 14 },
        userEvent: 'input.type',
      }),
    );
    await waitFor(() => expect(items().map((b) => b.textContent)).toEqual(['Fresh idea']));
    expect(current()?.textContent).toBe('Fresh idea');
  });

  it('opens and closes with its shortcut, its close button and Escape', async () => {
    const host = createFakeHost([makeNote('p', NOTE, 'Plan')]);
    await renderApp(host);
    await openNote('Plan');
    const press = () =>
      fireEvent.keyDown(document.body, { key: 'H', shiftKey: true, ctrlKey: !isApple, metaKey: isApple });
    press();
    await settle();
    expect(outline()).toBeTruthy();
    press();
    await settle();
    expect(screen.queryByRole('complementary', { name: 'Outline' })).toBeNull();

    press();
    await settle();
    fireEvent.click(within(outline()).getByRole('button', { name: 'Close outline' }));
    await settle();
    expect(screen.queryByRole('complementary', { name: 'Outline' })).toBeNull();

    press();
    await settle();
    fireEvent.keyDown(items()[0]!, { key: 'Escape' });
    await settle();
    expect(screen.queryByRole('complementary', { name: 'Outline' })).toBeNull();
    // Focus goes back to the text, not to the page.
    expect(editorView().hasFocus).toBe(true);
  });
});

describe('Word count in the status line', () => {
  it('counts the note without its frontmatter and Markdown, then the selection', async () => {
    await renderApp(createFakeHost([makeNote('p', NOTE, 'Plan')]));
    await openNote('Plan');
    const count = () => screen.getByTestId('word-count').textContent;
    // Plan · Intro text. · Goals now · the code's 6 words · Risks · See the model · Later · last words
    expect(count()).toBe('18 words · 87 characters');

    const view = editorView();
    const intro = view.state.doc.line(7);
    act(() => view.dispatch({ selection: { anchor: intro.from, head: intro.to } }));
    await settle();
    expect(count()).toBe('2 of 18 words selected');

    act(() =>
      view.dispatch({
        changes: { from: view.state.doc.length, insert: ' 東京' },
        selection: { anchor: view.state.doc.length + 3 },
        userEvent: 'input.type',
      }),
    );
    await settle();
    expect(count()).toBe('20 words · 90 characters');
  });

  it('counts a large note once it is on screen, then after a pause in typing', async () => {
    // Over 50,000 characters: counted after the first paint, not before it.
    const line = 'Four words per line.';
    const body = Array.from({ length: 3_000 }, () => line).join('\n');
    await renderApp(createFakeHost([makeNote('big', body, 'Big')]));
    await openNote('Big');
    const count = () => screen.getByTestId('word-count').textContent;
    const words = 4 * 3_000;
    await waitFor(() =>
      expect(count()).toBe(`${words.toLocaleString()} words · ${(20 * 3_000).toLocaleString()} characters`),
    );

    const view = editorView();
    act(() =>
      view.dispatch({ changes: { from: view.state.doc.length, insert: ' more' }, userEvent: 'input.type' }),
    );
    await waitFor(() =>
      expect(count()).toBe(
        `${(words + 1).toLocaleString()} words · ${(20 * 3_000 + 5).toLocaleString()} characters`,
      ),
    );
  });
});
