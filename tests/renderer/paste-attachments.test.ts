// @vitest-environment happy-dom
import { history, undo } from '@codemirror/commands';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pasteAttachments } from '../../src-renderer/src/features/editor/codemirror/paste-attachments';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets settled uploads reach the editor (their callbacks run as microtasks and one task). */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const views: EditorView[] = [];
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
  vi.restoreAllMocks();
});

/** An editor whose uploads the test settles itself, file by file, in any order. */
function editor(doc: string, cursor: number, options: { readOnly?: boolean } = {}) {
  const uploads = new Map<string, Deferred<string>>();
  const upload = vi.fn((file: File) => {
    const pending = deferred<string>();
    uploads.set(file.name, pending);
    return pending.promise;
  });
  const onFailure = vi.fn<(file: File, error: unknown) => void>();
  const view = new EditorView({
    parent: document.body.appendChild(document.createElement('div')),
    state: EditorState.create({
      doc,
      selection: EditorSelection.cursor(cursor),
      extensions: [
        history(),
        EditorState.readOnly.of(options.readOnly ?? false),
        pasteAttachments({ upload, onFailure }),
      ],
    }),
  });
  views.push(view);
  const settle = (name: string) => {
    const pending = uploads.get(name);
    if (!pending) throw new Error(`${name} was not uploaded`);
    return pending;
  };
  return { view, upload, onFailure, settle, text: () => view.state.doc.toString() };
}

function file(name: string, body = 'bytes'): File {
  return new File([body], name, { type: 'image/png' });
}

/** A paste event as a browser sends it: the files (or none) in `clipboardData`. */
function paste(view: EditorView, files: File[], text = ''): Event {
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', {
    value: {
      files,
      types: [...(files.length > 0 ? ['Files'] : []), ...(text ? ['text/plain'] : [])],
      getData: (type: string) => (type === 'text/plain' ? text : ''),
    },
  });
  view.contentDOM.dispatchEvent(event);
  return event;
}

function drop(view: EditorView, files: File[]): Event {
  const event = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { files, types: ['Files'] } });
  Object.assign(event, { clientX: 10, clientY: 10 });
  view.contentDOM.dispatchEvent(event);
  return event;
}

describe('pasting and dropping files into the editor', () => {
  it('inserts the link where the paste happened, carried through the typing done meanwhile', async () => {
    const { view, upload, settle, text } = editor('Hello world', 5);
    const event = paste(view, [file('photo.png')]);
    expect(event.defaultPrevented).toBe(true);
    expect(upload).toHaveBeenCalledTimes(1);
    // The user keeps typing while the bytes travel: before the spot, and right at it.
    view.dispatch({ changes: { from: 0, insert: 'Big ' } });
    view.dispatch({ changes: { from: 9, insert: '!' }, selection: EditorSelection.cursor(10) });
    expect(text()).toBe('Big Hello! world');

    settle('photo.png').resolve('![[photo.png]]');
    await flush();
    expect(text()).toBe('Big Hello![[photo.png]]! world');
  });

  it('the link is one undoable edit of its own', async () => {
    const { view, settle, text } = editor('ab', 1);
    paste(view, [file('x.pdf')]);
    view.dispatch({ changes: { from: 2, insert: 'c' }, userEvent: 'input.type' });
    settle('x.pdf').resolve('![[x.pdf]]');
    await flush();
    expect(text()).toBe('a![[x.pdf]]bc');
    // Typing right after the link, at once, is a step of its own too.
    const end = 1 + '![[x.pdf]]'.length;
    view.dispatch({ changes: { from: end, insert: 'z' }, userEvent: 'input.type' });
    undo(view);
    expect(text()).toBe('a![[x.pdf]]bc');
    undo(view);
    expect(text()).toBe('abc');
  });

  it('moves a cursor left at the paste position past the link, as a text paste does', async () => {
    const { view, settle } = editor('ab', 1);
    paste(view, [file('x.png')]);
    settle('x.png').resolve('![[x.png]]');
    await flush();
    expect(view.state.selection.main.head).toBe(1 + '![[x.png]]'.length);
  });

  it('shows where the link will go while it uploads, and nothing once it is in', async () => {
    const { view, settle } = editor('ab', 1);
    paste(view, [file('photo.png')]);
    expect(view.dom.querySelector('.cm-upload-placeholder')?.textContent).toBe('Uploading photo.png…');
    // Not part of the note: the placeholder is a widget, not text.
    expect(view.state.doc.toString()).toBe('ab');
    settle('photo.png').resolve('![[photo.png]]');
    await flush();
    expect(view.dom.querySelector('.cm-upload-placeholder')).toBeNull();
  });

  it('several files at once: every link, in the order given, in one edit', async () => {
    const { view, upload, settle, text } = editor('start\nend', 6);
    paste(view, [file('one.png'), file('two.png')]);
    expect(upload).toHaveBeenCalledTimes(2);
    settle('two.png').resolve('![[two.png]]');
    await flush();
    // Nothing until both are stored.
    expect(text()).toBe('start\nend');
    settle('one.png').resolve('![[one.png]]');
    await flush();
    expect(text()).toBe('start\n![[one.png]]\n![[two.png]]end');
    undo(view);
    expect(text()).toBe('start\nend');
  });

  it('a failed upload inserts nothing and is reported with its file', async () => {
    const { view, onFailure, settle, text } = editor('ab', 1);
    paste(view, [file('huge.mov')]);
    const error = new Error('too large');
    settle('huge.mov').reject(error);
    await flush();
    expect(text()).toBe('ab');
    expect(onFailure).toHaveBeenCalledWith(expect.objectContaining({ name: 'huge.mov' }), error);
    expect(view.dom.querySelector('.cm-upload-placeholder')).toBeNull();
  });

  it('of several files, the ones stored are linked and the failed one is reported', async () => {
    const { view, onFailure, settle, text } = editor('', 0);
    paste(view, [file('a.png'), file('b.png'), file('c.png')]);
    settle('a.png').resolve('![[a.png]]');
    settle('b.png').reject(new Error('no'));
    settle('c.png').resolve('![[c.png]]');
    await flush();
    expect(text()).toBe('![[a.png]]\n![[c.png]]');
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure.mock.calls[0]![0].name).toBe('b.png');
  });

  it('leaves a paste of plain text to CodeMirror', () => {
    const { view, upload, text } = editor('ab', 1);
    paste(view, [], 'plain words');
    expect(upload).not.toHaveBeenCalled();
    // CodeMirror's own paste put the words in, as it always did.
    expect(text()).toBe('aplain wordsb');
    expect(view.dom.querySelector('.cm-upload-placeholder')).toBeNull();
  });

  it('a paste of text with a picture of it (a word processor, a spreadsheet) stays a text paste', () => {
    const { view, upload, text } = editor('ab', 1);
    paste(view, [file('image.png')], 'Quarterly numbers');
    expect(upload).not.toHaveBeenCalled();
    expect(text()).toBe('aQuarterly numbersb');
  });

  it('a copied file whose text is only its name is still a file', () => {
    const { view, upload } = editor('ab', 1);
    const event = paste(view, [file('report.pdf')], '/home/ada/report.pdf');
    expect(event.defaultPrevented).toBe(true);
    expect(upload).toHaveBeenCalledTimes(1);
  });

  it('a dropped file is linked where it was dropped', async () => {
    const { view, settle, text } = editor('one two', 7);
    vi.spyOn(view, 'posAtCoords').mockReturnValue(3);
    const event = drop(view, [file('drop.png')]);
    expect(event.defaultPrevented).toBe(true);
    settle('drop.png').resolve('![](attachments/drop.png)');
    await flush();
    expect(text()).toBe('one![](attachments/drop.png) two');
  });

  it('a read-only note takes no files, and the browser does not open a dropped one', () => {
    const { view, upload } = editor('ab', 1, { readOnly: true });
    expect(paste(view, [file('a.png')]).defaultPrevented).toBe(true);
    expect(drop(view, [file('b.png')]).defaultPrevented).toBe(true);
    expect(upload).not.toHaveBeenCalled();
  });

  it('links nothing into another note opened while the file uploaded', async () => {
    const { view, settle, text } = editor('first note', 5);
    paste(view, [file('a.png')]);
    // MarkdownEditor gives every note a fresh state.
    view.setState(
      EditorState.create({
        doc: 'second note',
        extensions: [pasteAttachments({ upload: vi.fn(), onFailure: vi.fn() })],
      }),
    );
    settle('a.png').resolve('![[a.png]]');
    await flush();
    expect(text()).toBe('second note');
  });
});
