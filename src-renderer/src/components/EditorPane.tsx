import {
  Fragment,
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type Ref,
} from 'react';
import type { Autosave } from '../hooks/useAutosave';
import type { DraftSource } from '../lib/autosave';
import { useOpenNote } from '../hooks/useOpenNote';
import { hasConflictMarkers } from '../lib/editor/conflict-markers';
import { EditorToolbar } from './EditorToolbar';
import { EmptyState } from './EmptyState';
import { HistoryDialog } from './HistoryDialog';
import { Kbd } from './Kbd';
import { MarkdownEditor, type EditorHandle } from './MarkdownEditor';
import { Preview } from './Preview';
import { ReviewBanner } from './ReviewBanner';
import { TitleInput } from './TitleInput';
import { TrashBanner } from './TrashBanner';

const EMPTY_HINTS = [
  ['Mod+N', 'new note'],
  ['Mod+K', 'search'],
  ['Mod+E', 'preview'],
  ['?', 'all shortcuts'],
] as const;

export interface EditorPaneHandle {
  focusEditor(): void;
}

interface EditorPaneProps {
  noteId: string | null;
  autosave: Autosave;
  previewOpen: boolean;
  onTogglePreview: () => void;
  onOpenLink: (title: string, id: string | null) => void;
  onTrash: (id: string) => void;
  onRestore: (id: string) => void;
  onDeleteForever: (id: string, title: string) => void;
  /** A note whose title should take focus once it is shown (a note just created). */
  focusTitleOf: string | null;
  onTitleFocused: () => void;
  /** Version history needs an account: opens the sign-in dialog. */
  onSignIn: () => void;
  ref?: Ref<EditorPaneHandle>;
}

/**
 * Title, Markdown editor and optional preview of the selected note. While the next note loads,
 * the previous one stays on screen read-only, so switching with the arrow keys never flashes.
 */
export const EditorPane = memo(function EditorPane(props: EditorPaneProps) {
  const { noteId, autosave, previewOpen } = props;
  const editorRef = useRef<EditorHandle>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const readEditorText = useCallback(() => editorRef.current?.getText() ?? null, []);
  const { state, retry } = useOpenNote(noteId, autosave.controller, readEditorText);
  const shown = state.status === 'ready' ? state : state.status === 'loading' ? state.previous : undefined;
  const shownKey = shown ? `${shown.id}:${shown.docRevision}` : '';
  // What the editor holds right now, for the preview; reset whenever the editor takes new text.
  const [live, setLive] = useState<{ key: string; text: string } | null>(null);
  const text = live?.key === shownKey ? live.text : (shown?.note.body ?? '');

  const shownId = shown?.id;
  const onChange = useCallback(
    (next: string) => {
      if (shownId === undefined) return;
      autosave.controller.edit(shownId, { body: next });
      setLive({ key: shownKey, text: next });
    },
    [autosave.controller, shownId, shownKey],
  );

  // The editor takes a newer revision only if nothing was typed since it was fetched: a keystroke
  // that landed while it was on its way stays, and is saved over it like any unsaved edit.
  const editsAtFetch = shown?.editsAtFetch;
  const mayTakeRevision = useCallback(
    () =>
      shownId !== undefined &&
      autosave.controller.editCount(shownId) === editsAtFetch &&
      !autosave.controller.hasUnsavedChanges(shownId),
    [autosave.controller, shownId, editsAtFetch],
  );
  const onKeepText = useCallback((kept: string) => setLive({ key: shownKey, text: kept }), [shownKey]);

  const onCommitTitle = useCallback(
    (title: string) => {
      if (shownId !== undefined) void autosave.controller.commit(shownId, { title });
    },
    [autosave.controller, shownId],
  );

  // A title is saved on Enter or blur, but one still being typed must survive leaving the note,
  // Mod+S or closing the window: every flush takes it. Once per flush, so two flushes in a row
  // (pagehide, then beforeunload) do not write the same title twice.
  const titleDraft = useRef<ReturnType<DraftSource>>(null);
  useEffect(
    () =>
      autosave.controller.addDraftSource(() => {
        const draft = titleDraft.current;
        titleDraft.current = null;
        return draft;
      }),
    [autosave.controller],
  );
  const onTitleDraft = useCallback(
    (title: string | null) => {
      titleDraft.current =
        title === null || shownId === undefined ? null : { noteId: shownId, patch: { title } };
    },
    [shownId],
  );

  const { focusTitleOf, onTitleFocused } = props;
  useEffect(() => {
    if (focusTitleOf === null || state.status !== 'ready' || state.id !== focusTitleOf) return;
    titleRef.current?.focus();
    titleRef.current?.select();
    onTitleFocused();
  }, [focusTitleOf, onTitleFocused, state]);

  useImperativeHandle(props.ref, () => ({ focusEditor: () => editorRef.current?.focus() }), []);

  // The note whose version history is open; switching notes closes it.
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const flush = useCallback(() => autosave.controller.flush(), [autosave.controller]);
  const { onSignIn } = props;
  const signInFromHistory = useCallback(() => {
    setHistoryOf(null);
    onSignIn();
  }, [onSignIn]);
  const nextMarker = useCallback(() => void editorRef.current?.revealNextConflict(), []);

  if (state.status === 'none') {
    return (
      <main className="editor-pane" aria-label="Editor">
        <EmptyState icon="notes" title="No note selected">
          <p>Pick a note from the list, or start a new one.</p>
          <p className="hint">
            {EMPTY_HINTS.map(([combo, label], i) => (
              <Fragment key={combo}>
                {i > 0 && ' · '}
                <span className="shortcut-hint">
                  <Kbd combo={combo} /> {label}
                </span>
              </Fragment>
            ))}
          </p>
        </EmptyState>
      </main>
    );
  }
  if (state.status === 'missing') {
    return (
      <main className="editor-pane" aria-label="Editor">
        <EmptyState icon="alert" title="This note no longer exists">
          It was deleted, perhaps in another window.
        </EmptyState>
      </main>
    );
  }
  if (state.status === 'error') {
    return (
      <main className="editor-pane" aria-label="Editor">
        <EmptyState icon="alert" title="Couldn’t open this note">
          <p>{state.message}</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </EmptyState>
      </main>
    );
  }
  if (!shown) return <main className="editor-pane is-loading" aria-label="Editor" aria-busy="true" />;

  const { note } = shown;
  const trashed = note.trashedAt > 0;
  const readOnly = state.status !== 'ready' || trashed;
  return (
    <main
      className={state.status === 'loading' ? 'editor-pane is-loading' : 'editor-pane'}
      aria-label="Editor"
      aria-busy={state.status === 'loading'}
    >
      <EditorToolbar
        note={note}
        saveState={autosave.snapshot}
        previewOpen={previewOpen}
        onTogglePreview={props.onTogglePreview}
        onTrash={() => props.onTrash(note.id)}
        onShowHistory={() => setHistoryOf(note.id)}
      />
      {trashed && (
        <TrashBanner
          trashedAt={note.trashedAt}
          onRestore={() => props.onRestore(note.id)}
          onDeleteForever={() => props.onDeleteForever(note.id, note.title)}
        />
      )}
      {note.needsReview && !trashed && (
        <ReviewBanner
          key={note.id}
          noteId={note.id}
          hasMarkers={hasConflictMarkers(text)}
          onNextMarker={nextMarker}
          beforeResolve={flush}
        />
      )}
      <div className={previewOpen ? 'editor-body is-split' : 'editor-body'}>
        <div className="editor-column">
          <TitleInput
            key={note.id}
            ref={titleRef}
            value={note.title}
            readOnly={readOnly}
            onCommit={onCommitTitle}
            onDraft={onTitleDraft}
            onDone={() => editorRef.current?.focus()}
          />
          <MarkdownEditor
            ref={editorRef}
            noteId={note.id}
            doc={note.body}
            docRevision={shown.docRevision}
            readOnly={readOnly}
            onChange={onChange}
            mayTakeRevision={mayTakeRevision}
            onKeepText={onKeepText}
          />
        </div>
        {/* One preview per note: it starts at the top, and never shows the last note's text while
            its render debounce catches up. */}
        {previewOpen && <Preview key={note.id} text={text} onOpenLink={props.onOpenLink} />}
      </div>
      <HistoryDialog
        open={historyOf === note.id}
        note={historyOf === note.id ? { ...note, body: text } : note}
        onClose={() => setHistoryOf(null)}
        beforeRestore={flush}
        onSignIn={signInFromHistory}
      />
    </main>
  );
});
