// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext, type ConnectionStatus } from '../../src-renderer/src/api/services-context';
import { App } from '../../src-renderer/src/components/App';
import { createFakeHost, makeNote, type FakeHost } from './support/fake-host';

afterEach(cleanup);

// happy-dom has no layout, so the virtual list would think its viewport is 0 px tall and render
// no rows. Give list viewports a size; every other element keeps happy-dom's answer.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement): number {
      return this.classList.contains('listbox')
        ? 600
        : ((clientHeight?.get?.call(this) as number | undefined) ?? 0);
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

function connection(status: ConnectionStatus) {
  return { getSnapshot: () => status, subscribe: () => () => undefined };
}

async function renderApp(host: FakeHost, status: ConnectionStatus = 'connected') {
  const services = createServices(host.api, connection(status));
  render(
    <ServicesContext value={services}>
      <App />
    </ServicesContext>,
  );
  // Let the first queries answer.
  await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
}

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

describe('App (test hooks the e2e suite relies on)', () => {
  it('guides a first run: empty states and the New note button', async () => {
    await renderApp(createFakeHost());
    expect(screen.getByRole('button', { name: 'New note' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create your first note' })).toBeTruthy();
    expect(screen.getByText('No note selected')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Notes' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Trash' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Search notes' })).toBeTruthy();
  });

  it('lists notes newest first as options named by title, and opens one in the editor', async () => {
    const older = { ...makeNote('a', 'Alpha body', 'Alpha'), updatedAt: 10 };
    const newer = { ...makeNote('b', 'Beta body', 'Beta'), updatedAt: 20, tags: ['work'] };
    await renderApp(createFakeHost([older, newer]));

    const listbox = screen.getByRole('listbox', { name: 'Notes' });
    const options = within(listbox).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      expect.stringMatching(/^Beta/),
      expect.stringMatching(/^Alpha/),
    ]);

    fireEvent.click(options[1]!);
    await settle();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' }).value).toBe('Alpha');
    expect(screen.getByTestId('editor').querySelector('.cm-content')?.textContent).toBe('Alpha body');
    expect(screen.getByTestId('save-status').textContent).toBe('Saved');
    expect(options[1]?.getAttribute('aria-selected')).toBe('true');

    // Arrow keys move the selection, which opens the note.
    fireEvent.keyDown(listbox, { key: 'ArrowUp' });
    await settle();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' }).value).toBe('Beta');
  });

  it('moves a note to the trash with an undo toast', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    await renderApp(host);
    fireEvent.click(screen.getByRole('option', { name: /^Alpha/ }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Move to trash' }));
    await settle();
    expect(host.notes.get('a')?.trashedAt).toBeGreaterThan(0);
    expect(screen.getByText('Moved to trash')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await settle();
    expect(host.notes.get('a')?.trashedAt).toBe(0);
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' }).value).toBe('Alpha');
  });

  // happy-dom cannot run DOMPurify, so here the sanitiser fails closed (plain text, one stderr
  // line); what it renders is covered in render-markdown.test.tsx under jsdom.
  it('toggles the preview region', async () => {
    await renderApp(createFakeHost([makeNote('a', '# Hello', 'Alpha')]));
    fireEvent.click(screen.getByRole('option', { name: /^Alpha/ }));
    await settle();
    expect(screen.queryByRole('region', { name: 'Preview' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Toggle preview' }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    const preview = screen.getByTestId('preview');
    expect(preview.getAttribute('role')).toBe('region');
  });

  it('says so when the connection drops', async () => {
    await renderApp(createFakeHost(), 'reconnecting');
    expect(screen.getByText(/Disconnected — reconnecting…/)).toBeTruthy();
  });
});
