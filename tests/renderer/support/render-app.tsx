import { EditorView } from '@codemirror/view';
import { act, render, screen } from '@testing-library/react';
import { afterAll, beforeAll } from 'vitest';
import { createServices } from '../../../src-renderer/src/api/create-services';
import { ServicesContext, type ConnectionStatus } from '../../../src-renderer/src/api/services-context';
import { App } from '../../../src-renderer/src/app/App';
import type { FakeHost } from './fake-host';

/**
 * happy-dom has no layout, so the virtual list would think its viewport is 0 px tall and render
 * no rows. Call at the top of a test file: list viewports get a size; every other element keeps
 * happy-dom's answer.
 */
export function giveListboxesAHeight(): void {
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
}

/** Lets pending queries answer and effects run (real timers). */
export const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

export async function renderApp(host: FakeHost, status: ConnectionStatus = 'connected'): Promise<void> {
  const connection = { getSnapshot: () => status, subscribe: () => () => undefined };
  render(
    <ServicesContext value={createServices(host.api, connection)}>
      <App />
    </ServicesContext>,
  );
  await settle();
}

/** The note editor's CodeMirror view: its state is the note's text whatever Live Preview draws. */
export function editorView(): EditorView {
  const dom = screen.getByTestId('editor').querySelector<HTMLElement>('.cm-editor');
  const view = dom ? EditorView.findFromDOM(dom) : null;
  if (!view) throw new Error('no editor');
  return view;
}
