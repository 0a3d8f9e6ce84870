import { Compartment, EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { memo, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import {
  editorExtensions,
  loadedFromHost,
  minimalChange,
  readOnlyExtension,
} from '../lib/editor/editor-extensions';
import { nextConflictLine } from '../lib/editor/conflict-markers';

export interface EditorHandle {
  focus(): void;
  /** The text on screen, or null before the editor exists. */
  getText(): string | null;
  /** Selects the next `<<<<<<<` merge marker after the cursor (wrapping) and scrolls to it. */
  revealNextConflict(): boolean;
}

interface MarkdownEditorProps {
  noteId: string;
  /** The host's text; taken into the editor only when `noteId` or `docRevision` changes. */
  doc: string;
  docRevision: number;
  readOnly: boolean;
  onChange: (text: string) => void;
  /**
   * Asked right before a new revision of the same note replaces the text. False keeps the text on
   * screen (the user typed after that revision was fetched); `onKeepText` then reports it.
   */
  mayTakeRevision?: () => boolean;
  onKeepText?: (text: string) => void;
  ref?: Ref<EditorHandle>;
}

/**
 * CodeMirror 6, owned imperatively: React renders the host element once and never re-renders the
 * document. A new note gets a fresh EditorState (its own undo history); a new revision of the
 * same note is applied as a minimal change so the cursor stays where it was.
 */
export const MarkdownEditor = memo(function MarkdownEditor({
  noteId,
  doc,
  docRevision,
  readOnly,
  onChange,
  mayTakeRevision,
  onKeepText,
  ref,
}: MarkdownEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const appliedRef = useRef<{ noteId: string; revision: number } | null>(null);
  const onChangeRef = useRef(onChange);
  const revisionGuardRef = useRef({ mayTakeRevision, onKeepText });
  const [readOnlyCompartment] = useState(() => new Compartment());

  // The listener lives inside CodeMirror; it reads the latest callbacks through the refs.
  useLayoutEffect(() => {
    onChangeRef.current = onChange;
    revisionGuardRef.current = { mayTakeRevision, onKeepText };
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
    if (!view) return;
    const applied = appliedRef.current;
    if (applied?.noteId !== noteId) {
      view.setState(
        EditorState.create({
          doc,
          extensions: editorExtensions({
            readOnly: readOnlyCompartment,
            isReadOnly: readOnly,
            onDocChanged: (state) => onChangeRef.current(state.doc.toString()),
          }),
        }),
      );
      view.scrollDOM.scrollTop = 0;
    } else if (applied.revision !== docRevision) {
      // Decided here, at the last moment: a keystroke may have landed since the revision was made.
      const guard = revisionGuardRef.current;
      const current = view.state.doc.toString();
      if (guard.mayTakeRevision?.() ?? true) {
        const change = minimalChange(current, doc);
        if (change) view.dispatch({ changes: change, annotations: loadedFromHost.of(true) });
      } else {
        guard.onKeepText?.(current);
      }
    } else {
      return;
    }
    appliedRef.current = { noteId, revision: docRevision };
  }, [noteId, doc, docRevision, readOnly, readOnlyCompartment]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: readOnlyCompartment.reconfigure(readOnlyExtension(readOnly)) });
  }, [readOnly, readOnlyCompartment]);

  useImperativeHandle(
    ref,
    () => ({
      focus: () => viewRef.current?.focus(),
      getText: () => viewRef.current?.state.doc.toString() ?? null,
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
