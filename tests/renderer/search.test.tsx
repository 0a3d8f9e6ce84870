// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SearchHit, SearchResult } from '../../src-shared/api/notes-api';
import { createFakeHost, makeNote, type FakeHost } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';
import { stubMatchMedia, stubTextLayout } from './support/jsdom-layout';

afterEach(cleanup);
giveListboxesAHeight();
stubTextLayout();
stubMatchMedia();

const NOTES = [
  { ...makeNote('a', 'alpha plan', 'Alpha'), updatedAt: 30 },
  { ...makeNote('b', 'beta plan', 'Beta'), updatedAt: 20 },
  { ...makeNote('c', 'gamma plan', 'Gamma'), updatedAt: 10 },
];

function hit(id: string, patch: Partial<SearchHit> = {}): SearchHit {
  const { body: _body, createdAt: _createdAt, ...summary } = NOTES.find((n) => n.id === id)!;
  return { ...summary, snippet: '', snippetMarks: [], titleMarks: [], ...patch };
}

/** Answers every search with `answer(query)`, after `delayOf(query)` ms. */
function answerSearches(
  host: FakeHost,
  answer: (query: string) => SearchResult,
  delayOf: (query: string) => number = () => 0,
): string[] {
  const asked: string[] = [];
  Object.assign(host.api.notes.search, {
    query: ({ query }: { query: string }) => {
      asked.push(query);
      return new Promise((resolve) => setTimeout(() => resolve(answer(query)), delayOf(query)));
    },
  });
  return asked;
}

const result = (hits: SearchHit[], total = hits.length): SearchResult => ({ hits, total, indexing: null });
const searchBox = () => screen.getByRole('searchbox', { name: 'Search notes' });
/** Types into the box and waits until the answer to exactly this text is shown. */
const type = async (text: string): Promise<void> => {
  fireEvent.change(searchBox(), { target: { value: text } });
  // A busy machine (CI shares its cores) can take more than waitFor's default second.
  await waitFor(() => expect(searchBox().closest('.search-box')?.getAttribute('aria-busy')).toBe('false'), {
    timeout: 5_000,
  });
  await settle();
};
const listbox = () => screen.getByRole('listbox', { name: 'Notes' });
const selectedRow = () =>
  within(listbox())
    .getAllByRole('option')
    .find((o) => o.ariaSelected === 'true');
const editorTitle = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' });

describe('search', () => {
  it('Enter opens the row that looks selected, not the open note nor another row', async () => {
    const host = createFakeHost(NOTES.map((n) => ({ ...n })));
    answerSearches(host, () => result([hit('a'), hit('c')]));
    await renderApp(host);
    // Gamma is open: before the fix its row looked selected among the hits, but Enter opened Alpha.
    fireEvent.click(screen.getByRole('option', { name: /^Gamma/ }));
    await settle();
    await type('plan');
    expect(selectedRow()?.textContent).toMatch(/^Alpha/);
    fireEvent.keyDown(searchBox(), { key: 'Enter' });
    await settle();
    expect(editorTitle().value).toBe('Alpha');

    // A row picked in the results is the one Enter opens from then on.
    fireEvent.click(screen.getByRole('option', { name: /^Gamma/ }));
    await settle();
    expect(selectedRow()?.textContent).toMatch(/^Gamma/);
    fireEvent.keyDown(searchBox(), { key: 'Enter' });
    await settle();
    expect(editorTitle().value).toBe('Gamma');
  });

  it('arrow down from the box opens the highlighted hit and hands the keys to the list', async () => {
    const host = createFakeHost(NOTES.map((n) => ({ ...n })));
    answerSearches(host, () => result([hit('b'), hit('c')]));
    await renderApp(host);
    await type('plan');
    fireEvent.keyDown(searchBox(), { key: 'ArrowDown' });
    await settle();
    expect(editorTitle().value).toBe('Beta');
    fireEvent.keyDown(listbox(), { key: 'ArrowDown' });
    await settle();
    expect(selectedRow()?.textContent).toMatch(/^Gamma/);
    expect(editorTitle().value).toBe('Gamma');
  });

  it('shows the real total, not the number of rows listed', async () => {
    const host = createFakeHost(NOTES.map((n) => ({ ...n })));
    answerSearches(host, () => result([hit('a'), hit('b')], 1234));
    await renderApp(host);
    await type('plan');
    expect(document.querySelector('.search-summary')?.textContent).toBe('1,234 results');
  });

  it('says "1 result" for one', async () => {
    const host = createFakeHost(NOTES.map((n) => ({ ...n })));
    answerSearches(host, () => result([hit('a')]));
    await renderApp(host);
    await type('alpha');
    expect(document.querySelector('.search-summary')?.textContent).toBe('1 result');
  });

  it('marks exactly the ranges the index matched, in the title and the snippet', async () => {
    const host = createFakeHost(NOTES.map((n) => ({ ...n })));
    answerSearches(host, () =>
      result([hit('a', { snippet: '…the Café is open…', snippetMarks: [[5, 9]], titleMarks: [[0, 5]] })]),
    );
    await renderApp(host);
    await type('cafe tag:x -alpha');
    const row = screen.getByRole('option', { name: /^Alpha/ });
    expect([...row.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Alpha', 'Café']);
    expect(row.querySelector('.note-row-snippet')?.textContent).toBe('…the Café is open…');
  });

  it('while the index is being built, says how far it is instead of "no notes match"', async () => {
    const host = createFakeHost(NOTES.map((n) => ({ ...n })));
    answerSearches(host, () => ({ hits: [], total: 0, indexing: { done: 12000, total: 50000 } }));
    await renderApp(host);
    await type('plan');
    expect(document.querySelector('.search-summary')?.textContent).toBe('Indexing… 12,000 of 50,000');
    expect(screen.queryByText(/No notes match/)).toBeNull();
    expect(screen.getByText('Indexing your notes')).toBeTruthy();
  });

  it('drops an older answer that arrives after a newer one: results never flick back', async () => {
    const host = createFakeHost(NOTES.map((n) => ({ ...n })));
    const asked = answerSearches(
      host,
      (query) => (query === 'al' ? result([hit('b'), hit('c')]) : result([hit('a')])),
      (query) => (query === 'al' ? 500 : 10),
    );
    await renderApp(host);
    fireEvent.change(searchBox(), { target: { value: 'al' } });
    await act(() => new Promise((resolve) => setTimeout(resolve, 120)));
    await type('alpha');
    await act(() => new Promise((resolve) => setTimeout(resolve, 600)));
    expect(asked).toEqual(['al', 'alpha']);
    expect(
      within(listbox())
        .getAllByRole('option')
        .map((o) => o.textContent?.slice(0, 5)),
    ).toEqual(['Alpha']);
  });

  it('the ? lists the syntax', async () => {
    await renderApp(createFakeHost(NOTES.map((n) => ({ ...n }))));
    fireEvent.click(screen.getByRole('button', { name: 'Search syntax' }));
    const popover = screen.getByRole('dialog', { name: 'Search syntax' });
    for (const example of ['"exact phrase"', 'tag:project', 'path:work', 'title:draft', '-word', 'a OR b'])
      expect(within(popover).getByText(example)).toBeTruthy();
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog', { name: 'Search syntax' })).toBeNull();
  });
});
