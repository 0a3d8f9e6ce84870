// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { SYSTEM_ARCHITECTURE, createFakeHost, hostError, makeNote } from './support/fake-host';
import { editorView, giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(cleanup);
giveListboxesAHeight();

const THREE_TEMPLATES = [
  SYSTEM_ARCHITECTURE,
  { id: 'meeting', name: 'Meeting', description: 'Agenda, notes, actions.', body: '# {{title}}\n' },
  { id: 'decision', name: 'Decision record', description: '', body: '# {{title}}\n\nDecided on {{date}}.' },
];

const toggle = () => screen.getByRole('button', { name: 'New from template' });
const menu = () => screen.getByRole('menu', { name: 'New from template' });
const focusedName = () => document.activeElement?.textContent;

describe('New from template: the sidebar menu', () => {
  it('is a menu button next to New note listing each template with its description', async () => {
    await renderApp(createFakeHost([makeNote('a', 'x', 'Alpha')]));
    expect(screen.getByRole('button', { name: 'New note' })).toBeTruthy();
    expect(toggle().getAttribute('aria-haspopup')).toBe('menu');
    expect(toggle().getAttribute('aria-expanded')).toBe('false');

    fireEvent.click(toggle());
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    const item = within(menu()).getByRole('menuitem', { name: 'System Architecture' });
    expect(item.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(item.getAttribute('aria-describedby')!)?.textContent).toBe(
      SYSTEM_ARCHITECTURE.description,
    );
    // Focus goes into the menu, on its first item.
    expect(document.activeElement).toBe(item);
  });

  it('creates the note from the chosen template and opens it, title ready to rename', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    await renderApp(host);
    fireEvent.click(toggle());
    fireEvent.click(within(menu()).getByRole('menuitem', { name: 'System Architecture' }));
    await settle();

    expect(host.createFromTemplate).toHaveBeenCalledWith({ templateId: 'system-architecture' });
    expect(screen.queryByRole('menu')).toBeNull();
    const title = screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' });
    expect(title.value).toBe('System Architecture');
    expect(document.activeElement).toBe(title);
    // The editor's text: Live Preview leaves the frontmatter's face to the Properties panel.
    expect(editorView().state.sliceDoc()).toContain('updated: 2025-03-14');
    expect(screen.getByRole('region', { name: 'Properties' }).textContent).toContain('updated');
    expect(screen.getByRole('option', { name: /^System Architecture/ }).getAttribute('aria-selected')).toBe(
      'true',
    );
  });

  it('works from the keyboard: arrows, Home/End, Escape back to the button, Tab away', async () => {
    await renderApp(createFakeHost([makeNote('a', 'x', 'Alpha')], THREE_TEMPLATES));
    toggle().focus();

    fireEvent.keyDown(toggle(), { key: 'ArrowUp' });
    expect(focusedName()).toMatch(/^Decision record/);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(focusedName()).toMatch(/^System Architecture/);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(focusedName()).toMatch(/^Meeting/);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(focusedName()).toMatch(/^Decision record/);
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(focusedName()).toMatch(/^System Architecture/);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(focusedName()).toMatch(/^Decision record/);

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(toggle());

    fireEvent.keyDown(toggle(), { key: 'ArrowDown' });
    expect(focusedName()).toMatch(/^System Architecture/);
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('closes on a click elsewhere', async () => {
    await renderApp(createFakeHost([makeNote('a', 'x', 'Alpha')]));
    fireEvent.click(toggle());
    expect(menu()).toBeTruthy();
    fireEvent.pointerDown(screen.getByRole('searchbox', { name: 'Search notes' }));
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('retries a failed load when opened, says so if that fails too, and tries again when asked', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    const failure = Object.assign(hostError('INTERNAL_ERROR'), { message: 'disk on fire\n at x (y.ts:1:1)' });
    host.listTemplates.mockRejectedValueOnce(failure).mockRejectedValueOnce(failure);
    await renderApp(host);
    expect(host.listTemplates).toHaveBeenCalledTimes(1);

    fireEvent.click(toggle());
    expect(within(menu()).getByRole('menuitem', { name: 'Loading templates…' })).toBeTruthy();
    await settle();
    expect(host.listTemplates).toHaveBeenCalledTimes(2);
    const failed = within(menu()).getByRole('menuitem', { name: /Couldn’t load templates/ });
    expect(failed.textContent).not.toContain('disk on fire');
    expect(document.activeElement).toBe(failed);

    fireEvent.click(failed);
    await settle();
    expect(host.listTemplates).toHaveBeenCalledTimes(3);
    expect(document.activeElement).toBe(
      within(menu()).getByRole('menuitem', { name: 'System Architecture' }),
    );
  });

  it('reports a failed creation in plain words', async () => {
    const host = createFakeHost([makeNote('a', 'x', 'Alpha')]);
    host.createFromTemplate.mockRejectedValueOnce(hostError('TEMPLATE_NOT_FOUND'));
    await renderApp(host);
    fireEvent.click(toggle());
    fireEvent.click(within(menu()).getByRole('menuitem', { name: 'System Architecture' }));
    await settle();
    expect(
      screen.getByText(`Couldn’t create a note from the template. ${REASON_WORDS.TEMPLATE_NOT_FOUND.words}`),
    ).toBeTruthy();
    expect(document.activeElement).toBe(toggle());
  });
});

describe('New from template: the empty Notes view', () => {
  it('offers the templates under "Create your first note"', async () => {
    const host = createFakeHost();
    await renderApp(host);
    expect(screen.getByRole('button', { name: 'Create your first note' })).toBeTruthy();
    const picks = screen.getByRole('list', { name: 'or start from a template' });
    fireEvent.click(within(picks).getByRole('button', { name: 'System Architecture' }));
    await settle();

    expect(host.createFromTemplate).toHaveBeenCalledWith({ templateId: 'system-architecture' });
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Note title' }).value).toBe(
      'System Architecture',
    );
    expect(screen.getByRole('option', { name: /^System Architecture/ })).toBeTruthy();
  });

  it('shows no template section when there are none', async () => {
    await renderApp(createFakeHost([], []));
    expect(screen.getByRole('button', { name: 'Create your first note' })).toBeTruthy();
    expect(screen.queryByText('or start from a template')).toBeNull();
  });
});
