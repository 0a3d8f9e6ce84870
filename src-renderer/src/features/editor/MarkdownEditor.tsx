import { Compartment, EditorSelection, EditorState, Transaction } from '@codemirror/state';
import { EditorView, type ViewUpdate } from '@codemirror/view';
import { memo, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import { editorExtensions, loadedFromHost, readOnlyExtension } from './codemirror/editor-extensions';
import { lineSeparatorFor } from './codemirror/line-separator';
import { textChanges } from './codemirror/text-changes';
import { nextConflictLine } from './codemirror/conflict-markers';
import { pasteAttachments } from './codemirror/paste-attachments';
import { inlineTagMarks } from './codemirror/inline-tag-marks';
import { editingCommands, type SlashTemplates } from './commands';
import { useServices } from '../../api/useServices';
import { describeFailure } from '../../api/failures';
import { toasts } from '../../ui';
import { uploadFile } from '../attachments';
import type { EditorMode } from '../../../../src-shared/api/settings-api';
import { createAttachmentSource, createEditorMode } from './live-preview';
import { linkExtensions } from './links/link-extensions';
import type { EditorLink } from './links/link-at';

export interface EditorHandle {
  focus(): void;
  /** The text on screen, or null before the editor exists. */
  getText(): string | null;
  /** Selects the next `<<<<<<<` merge marker after the cursor (wrapping) and scrolls to it. */
  revealNextConflict(): boolean;
  /**
   * Shows text that came from elsewhere (a merge, a newer version): only the changed ranges are
   * replaced, outside the undo history, so the cursor, selection, scroll position and undo
   * history stay with the user's own text (editing rule E8).
   */
  applyText(next: string): void;
  /**
   * A change the user asked for outside the text (a property edited in the panel, a task ticked
   * in the preview): one undoable edit, saved like typing. Positions are in the editor's text.
   */
  edit(changes: readonly { from: number; to: number; insert: string }[]): void;
  /** Puts the cursor at `pos`, scrolls it into view (near the top) and focuses the editor. */
  reveal(pos: number): void;
  /** The live view, for panes that read its state (outline, counts); null before it exists. */
  view(): EditorView | null;
}

interface MarkdownEditorProps {
  noteId: string;
  /** The text to start from; taken into the editor only when `noteId` changes (then `applyText`). */
  doc: string;
  /** The note's folder: a pasted file's attachments folder may be relative to it. */
  folder: string;
  readOnly: boolean;
  /** Live Preview or source; switching keeps the state (text, selection, undo history). */
  editorMode: EditorMode;
  onChange: (text: string) => void;
  /** Every view update (selection, scroll, text), for panes that follow the editor. */
  onViewUpdate?: (update: ViewUpdate) => void;
  /** The note's current title: what a template's `{{title}}` becomes when inserted from the slash menu. */
  titleOf?: () => string;
  /** Mod-click on an inline `#tag`: list the notes with it. */
  onTagClick?: ((tag: string) => void) | undefined;
  /** Ctrl/⌘+click or Enter on a link to a note or a web address. */
  onFollowLink?: ((link: Exclude<EditorLink, { kind: 'attachment' }>) => void) | undefined;
  ref?: Ref<EditorHandle>;
}

/**
 * CodeMirror 6, owned imperatively: React renders the host element once and never re-renders the
 * document. A new note gets a fresh EditorState (its own undo history); text from elsewhere for
 * the same note arrives through `applyText` as changed ranges.
 */
export const MarkdownEditor = memo(function MarkdownEditor({
  noteId,
  doc,
  folder,
  readOnly,
  editorMode,
  onChange,
  onViewUpdate,
  titleOf,
  onTagClick,
  onFollowLink,
  ref,
}: MarkdownEditorProps) {
  const { api } = useServices();
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const appliedRef = useRef<string | null>(null);
  const onChangeRef = useRef(onChange);
  const onViewUpdateRef = useRef(onViewUpdate);
  // Like uploadRef: the slash menu reads the latest api and title.
  const templatesRef = useRef<Pick<SlashTemplates, 'list' | 'text'>>({
    list: () => Promise.resolve([]),
    text: () => Promise.resolve(''),
  });
  // Set before the first paste can happen (layout effect below); reads the latest folder and api.
  const uploadRef = useRef<(file: File) => Promise<string>>(() => Promise.resolve(''));
  const tagClickRef = useRef(onTagClick);
  const followLinkRef = useRef(onFollowLink);
  const [readOnlyCompartment] = useState(() => new Compartment());
  // Live Preview resolves embeds from the note's folder at the time it asks.
  const folderRef = useRef(folder);
  const editorModeRef = useRef(editorMode);
  const [modeSwitch] = useState(() =>
    createEditorMode(() => ({ attachments: createAttachmentSource(api, () => folderRef.current) })),
  );

  // The listener lives inside CodeMirror; it reads the latest callbacks through the refs.
  useLayoutEffect(() => {
    onChangeRef.current = onChange;
    onViewUpdateRef.current = onViewUpdate;
    folderRef.current = folder;
    tagClickRef.current = onTagClick;
    followLinkRef.current = onFollowLink;
    editorModeRef.current = editorMode;
    uploadRef.current = async (file) => (await uploadFile(api, file, folder)).link;
    templatesRef.current = {
      list: () => api.templates.list.query(),
      text: (templateId) => api.templates.text.query({ templateId, title: titleOf?.() ?? '' }),
    };
  });

  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const view = new EditorView({ parent: host });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
      appliedRef.current = null;
    };
  }, []);

  useLayoutEffect(() => {
    const view = viewRef.current;
    if (!view || appliedRef.current === noteId) return;
    view.setState(
      EditorState.create({
        doc,
        extensions: [
          // A CRLF file (Windows, many imported vaults) stays CRLF when edited: CodeMirror would
          // otherwise split on \r\n and join with \n, rewriting every line the user did not touch.
          lineSeparatorFor(doc),
          editorExtensions({
            readOnly: readOnlyCompartment,
            isReadOnly: readOnly,
            // sliceDoc joins lines with the doc's own separator (CRLF stays CRLF); doc.toString() would not.
            onDocChanged: (state) => onChangeRef.current(state.sliceDoc()),
          }),
          EditorView.updateListener.of((update) => onViewUpdateRef.current?.(update)),
          modeSwitch.of(editorModeRef.current),
          inlineTagMarks((tag) => tagClickRef.current?.(tag)),
          // Following links, hover cards and `[[` completion.
          linkExtensions({
            api,
            folder: () => folderRef.current,
            onFollow: (link) => followLinkRef.current?.(link),
          }),
          // Formatting keys' companions: auto-closing pairs, URL paste over a selection, the slash menu.
          editingCommands({
            templates: {
              list: () => templatesRef.current.list(),
              text: (templateId) => templatesRef.current.text(templateId),
              onError: (error) =>
                toasts.show({
                  tone: 'error',
                  message: `Couldn’t insert the template: ${describeFailure(error)}`,
                }),
            },
          }),
          // Pasted and dropped files upload beside the editor; their links arrive as one edit.
          pasteAttachments({
            upload: (file) => uploadRef.current(file),
            onFailure: (file, error) =>
              toasts.show({
                tone: 'error',
                message: `Couldn’t attach ${file.name || 'the file'}: ${describeFailure(error)}`,
              }),
          }),
        ],
      }),
    );
    view.scrollDOM.scrollTop = 0;
    appliedRef.current = noteId;
  }, [noteId, doc, readOnly, readOnlyCompartment, modeSwitch, api]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: readOnlyCompartment.reconfigure(readOnlyExtension(readOnly)) });
  }, [readOnly, readOnlyCompartment]);

  useEffect(() => {
    const view = viewRef.current;
    if (view) modeSwitch.set(view, editorMode);
  }, [editorMode, modeSwitch]);

  useImperativeHandle(
    ref,
    () => ({
      focus: () => viewRef.current?.focus(),
      getText: () => viewRef.current?.state.sliceDoc() ?? null,
      applyText: (next) => {
        const view = viewRef.current;
        if (!view) return;
        // Positions count a line break as one character whatever the separator: diff in LF space,
        // then insert with the doc's own line break.
        const lineBreak = view.state.lineBreak;
        const crlf = lineBreak === '\r\n';
        const changes = textChanges(
          view.state.doc.toString(),
          crlf ? next.replaceAll('\r\n', '\n') : next,
        ).map((change) => (crlf ? { ...change, insert: change.insert.replaceAll('\n', lineBreak) } : change));
        if (changes.length === 0) return;
        view.dispatch({
          changes,
          annotations: [loadedFromHost.of(true), Transaction.addToHistory.of(false)],
        });
      },
      edit: (changes) => {
        const view = viewRef.current;
        if (!view || changes.length === 0 || view.state.readOnly) return;
        view.dispatch({ changes: [...changes], userEvent: 'input' });
      },
      reveal: (pos) => {
        const view = viewRef.current;
        if (!view) return;
        const at = Math.max(0, Math.min(pos, view.state.doc.length));
        view.dispatch({
          selection: EditorSelection.cursor(at),
          effects: EditorView.scrollIntoView(at, { y: 'start', yMargin: 24 }),
        });
        view.focus();
      },
      view: () => viewRef.current,
      revealNextConflict: () => {
        const view = viewRef.current;
        if (!view) return false;
        const line = nextConflictLine(view.state.doc, view.state.selection.main.to);
        if (!line) return false;
        view.dispatch({
          selection: EditorSelection.range(line.from, line.to),
          effects: EditorView.scrollIntoView(line.from, { y: 'center' }),
        });
        view.focus();
        return true;
      },
    }),
    [],
  );

  return <div ref={hostRef} className="markdown-editor" data-testid="editor" />;
});
