// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { isApple } from '../../src-renderer/src/lib/keyboard';
import type { Note } from '../../src-renderer/src/api/quire-api';
import { createFakeHost, makeNote } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  localStorage.clear();
});
giveListboxesAHeight();

const pressToday = () =>
  fireEvent.keyDown(document.body, { key: 'D', shiftKey: true, ctrlKey: !isApple, metaKey: isApple });
const titleBox = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' });
const dayBar = () => screen.queryByRole('group', { name: 'Daily notes' });
const daily = (id: string, title: string, folder = 'Daily'): Note => ({
  ...makeNote(id, `Notes of ${title}`, title),
  folder,
});

describe('Daily notes', () => {
  it('opens today’s note with the shortcut, making it once', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    await renderApp(host);
    pressToday();
    await settle();

    expect(host.daily.open).toHaveBeenCalledWith({});
    expect(titleBox().value).toBe('2025-03-14');
    const made = [...host.notes.values()].filter((n) => n.title === '2025-03-14');
    expect(made).toHaveLength(1);
    expect(made[0]?.folder).toBe('Daily');
    expect(within(dayBar()!).getByText('Friday, 14 March 2025')).toBeTruthy();

    pressToday();
    await settle();
    expect(host.daily.open).toHaveBeenCalledTimes(2);
    expect([...host.notes.values()].filter((n) => n.title === '2025-03-14')).toHaveLength(1);
    expect(titleBox().value).toBe('2025-03-14');
  });

  it('opens it from the sidebar too', async () => {
    const host = createFakeHost([daily('t', '2025-03-14')]);
    await renderApp(host);
    fireEvent.click(screen.getByRole('button', { name: 'Open today’s daily note' }));
    await settle();
    expect(titleBox().value).toBe('2025-03-14');
    expect(host.notes.size).toBe(1);
  });

  it('steps to the previous and next existing daily notes, skipping days without one', async () => {
    const host = createFakeHost([
      daily('d10', '2025-03-10'),
      daily('d14', '2025-03-14'),
      daily('d20', '2025-03-20'),
      // Not daily notes: the same kind of title elsewhere, and another title in the folder.
      daily('x12', '2025-03-12', 'Archive'),
      daily('plan', 'Plans'),
    ]);
    await renderApp(host);
    pressToday();
    await settle();
    expect(titleBox().value).toBe('2025-03-14');

    const previous = () =>
      within(dayBar()!).getByRole<HTMLButtonElement>('button', { name: 'Previous daily note' });
    const next = () => within(dayBar()!).getByRole<HTMLButtonElement>('button', { name: 'Next daily note' });
    expect(previous().title).toBe('Previous daily note: 2025-03-10');

    fireEvent.click(previous());
    await settle();
    expect(titleBox().value).toBe('2025-03-10');
    expect(within(dayBar()!).getByText('Monday, 10 March 2025')).toBeTruthy();
    expect(previous().disabled).toBe(true);

    fireEvent.click(next());
    await settle();
    expect(titleBox().value).toBe('2025-03-14');
    fireEvent.click(next());
    await settle();
    expect(titleBox().value).toBe('2025-03-20');
    expect(next().disabled).toBe(true);
    // "Today" goes back to the host's today (this test's renderer clock is another day).
    fireEvent.click(within(dayBar()!).getByRole('button', { name: 'Today' }));
    await settle();
    expect(titleBox().value).toBe('2025-03-14');
    // Nothing was created on the way.
    expect(host.notes.size).toBe(5);

    // A note that is not a daily note has no day bar.
    fireEvent.click(screen.getByRole('option', { name: /^Plans/ }));
    await settle();
    expect(titleBox().value).toBe('Plans');
    expect(dayBar()).toBeNull();
  });

  it('has settings: a live example of the format, refusing one that cannot name a day', async () => {
    const host = createFakeHost([]);
    await renderApp(host);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await settle();
    const group = screen.getByRole('form', { name: 'Daily notes' });
    const format = within(group).getByRole<HTMLInputElement>('textbox', { name: 'Date format' });
    expect(format.value).toBe('YYYY-MM-DD');
    expect(group.textContent).toMatch(/Today’s note: Daily\/\d{4}-\d{2}-\d{2}/);

    fireEvent.change(format, { target: { value: 'YYYY-MM' } });
    expect(format.getAttribute('aria-invalid')).toBe('true');
    expect(group.textContent).toMatch(/does not tell the day/);
    fireEvent.blur(format);
    await settle();
    expect(host.daily.setSettings).not.toHaveBeenCalled();

    fireEvent.change(format, { target: { value: 'YYYY/MM/YYYY-MM-DD' } });
    expect(group.textContent).toMatch(/Today’s note: Daily\/\d{4}\/\d{2}\/\d{4}-\d{2}-\d{2}/);
    fireEvent.blur(format);
    await settle();
    expect(host.daily.setSettings).toHaveBeenCalledWith({ format: 'YYYY/MM/YYYY-MM-DD' });

    const template = within(group).getByRole<HTMLSelectElement>('combobox', { name: 'Template' });
    fireEvent.change(template, { target: { value: 'system-architecture' } });
    await settle();
    expect(host.daily.setSettings).toHaveBeenLastCalledWith({ templateId: 'system-architecture' });

    // The next today's note goes where the new format says.
    fireEvent.keyDown(document.body, { key: 'Escape' });
    pressToday();
    await settle();
    expect([...host.notes.values()].map((n) => `${n.folder}/${n.title}`)).toEqual([
      'Daily/2025/03/2025-03-14',
    ]);
  });
});
