// @vitest-environment happy-dom
import { EditorView } from '@codemirror/view';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { uploadFile } from '../../src-renderer/src/features/attachments';
import { uploadName } from '../../src-renderer/src/features/attachments/upload-file';
import { toasts } from '../../src-renderer/src/ui/toast-store';
import { describeReason } from '../../src-shared/errors/reason-words';
import { createFakeHost, hostError, makeNote } from './support/fake-host';
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
});
giveListboxesAHeight();

const decode = (chunks: string[]): string => chunks.map((c) => atob(c)).join('');

describe('uploadFile', () => {
  it('sends the file in ordered base64 chunks of at most the chunk size, then finishes', async () => {
    const host = createFakeHost();
    const body = 'x'.repeat(10) + 'é' + 'y'.repeat(9);
    const file = new File([body], 'notes.txt', { type: 'text/plain' });
    const result = await uploadFile(host.api, file, 'Projects', 8);
    expect(host.vault.beginUpload).toHaveBeenCalledWith({
      name: 'notes.txt',
      size: file.size,
      mediaType: 'text/plain',
      noteFolder: 'Projects',
    });
    const offsets = host.vault.uploadChunk.mock.calls.map(([input]) => input.offset);
    expect(offsets).toEqual([0, 8, 16]);
    const chunks = host.vault.uploadChunk.mock.calls.map(([input]) => input.data);
    expect(chunks.every((c) => atob(c).length <= 8)).toBe(true);
    expect(new TextDecoder().decode(Uint8Array.from(decode(chunks), (c) => c.charCodeAt(0)))).toBe(body);
    expect(result.link).toBe('![[notes.txt]]');
  });

  it('cancels the upload when a chunk is refused, and passes the failure on', async () => {
    const host = createFakeHost();
    host.vault.uploadChunk.mockRejectedValueOnce(hostError('UPLOAD_NOT_FOUND'));
    await expect(uploadFile(host.api, new File(['abc'], 'a.bin'), '')).rejects.toMatchObject({
      data: { reason: 'UPLOAD_NOT_FOUND' },
    });
    expect(host.vault.cancelUpload).toHaveBeenCalledWith({ uploadId: 'upload-1' });
    expect(host.vault.finishUpload).not.toHaveBeenCalled();
  });

  it('names a nameless pasted file, and cuts a long name keeping its extension', () => {
    expect(uploadName('')).toBe('Pasted file');
    const long = uploadName(`${'a'.repeat(300)}.png`);
    expect(long.length).toBe(255);
    expect(long.endsWith('.png')).toBe(true);
  });
});

async function openNote(body: string, folder = '') {
  // happy-dom fires selectionchange inside CodeMirror's own update; browsers do not.
  vi.spyOn(EditorView.prototype, 'focus').mockImplementation(() => undefined);
  const host = createFakeHost([{ ...makeNote('a', body, 'Trip'), folder }]);
  await renderApp(host);
  fireEvent.click(screen.getByRole('option', { name: /^Trip/ }));
  await settle();
  const content = document.querySelector<HTMLElement>('.cm-content');
  if (!content) throw new Error('no editor');
  const view = EditorView.findFromDOM(content);
  if (!view) throw new Error('no EditorView');
  return { host, content, view };
}

function pasteFiles(content: HTMLElement, files: File[]): void {
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { files, types: ['Files'] } });
  act(() => void content.dispatchEvent(event));
}

describe('a file pasted into a note', () => {
  it('goes to the host from the note’s folder and its link lands in the note and is saved', async () => {
    const { host, content, view } = await openNote('Day one', 'Travel');
    act(() => view.dispatch({ selection: { anchor: 3 } }));
    pasteFiles(content, [new File(['png'], 'beach.png', { type: 'image/png' })]);
    await settle();
    expect(host.vault.beginUpload).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'beach.png', noteFolder: 'Travel' }),
    );
    expect(view.state.doc.toString()).toBe('Day![[beach.png]] one');
    // Autosave writes it like any edit.
    await vi.waitFor(() => expect(host.notes.get('a')?.body).toBe('Day![[beach.png]] one'));
  });

  it('uses the markdown link style when the settings say so', async () => {
    const { host, content, view } = await openNote('');
    host.vault.state.attachmentSettings = { folder: 'assets', linkStyle: 'markdown' };
    pasteFiles(content, [new File(['a'], 'My photo.png')]);
    await settle();
    expect(view.state.doc.toString()).toBe('![](assets/My%20photo.png)');
  });

  it('a refused upload shows its reason’s words and leaves the note as it was', async () => {
    const { host, content, view } = await openNote('Kept');
    host.vault.finishUpload.mockRejectedValueOnce(hostError('BLOB_TOO_LARGE'));
    pasteFiles(content, [new File(['big'], 'film.mov')]);
    await settle();
    expect(view.state.doc.toString()).toBe('Kept');
    const words = toasts.getSnapshot().map((toast) => toast.message);
    expect(words).toEqual([`Couldn’t attach film.mov: ${describeReason('BLOB_TOO_LARGE')}`]);
  });
});
