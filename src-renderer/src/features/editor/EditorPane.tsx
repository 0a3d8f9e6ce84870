import {
  Fragment,
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type Ref,
} from 'react';
import { Button, EmptyState, Kbd } from '../../ui';
import { HistoryDialog } from '../history';
import { SyncBlockedBanner } from '../sync';
import { TrashBanner } from '../trash';
import type { Autosave } from './useAutosave';
import { useNoteSession } from './useNoteSession';
import type { NoteSession } from './note-session';
import { showMergeNotice } from './merge-notice';
import { hasConflictMarkers } from './codemirror/conflict-markers';
import { EditorToolbar } from './EditorToolbar';
import { MarkdownEditor, type EditorHandle } from './MarkdownEditor';
import { Preview } from './Preview';
import { ReviewBanner } from './ReviewBanner';
import { TitleInput } from './TitleInput';

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
  const { state, retry } = useNoteSession(noteId, autosave, showMergeNotice);
  const shown = state.status === 'ready' ? state : state.status === 'loading' ? state.previous : undefined;
  const session = shown?.session;
  // What the editor holds right now, for the preview and the review banner.
  const [live, setLive] = useState<{ session: NoteSession; text: string } | null>(null);
  const text = session ? (live?.session === session ? live.text : session.text) : '';

  // E8, E9: the session reads and writes the editor itself, at the moment it merges.
  useLayoutEffect(() => {
    if (!session) return;
    return session.attach({
      read: () => editorRef.current?.getText() ?? session.text,
      apply: (next) => editorRef.current?.applyText(next),
    });
  }, [session]);
  // The preview follows text the session took in from elsewhere.
  const contentRevision = shown?.contentRevision;
  useLayoutEffect(() => {
    if (session && contentRevision !== undefined) setLive({ session, text: session.text });
  }, [session, contentRevision]);

  const onChange = useCallback(
    (next: string) => {
      if (!session) return;
      session.edit({ body: next });
      autosave.controller.edit(session.id, { body: next });
      setLive({ session, text: next });
    },
    [autosave.controller, session],
  );

  // Titles save as you type, with the same debounce as the text.
  const onTitleChange = useCallback(
    (title: string) => {
      if (!session) return;
      session.edit({ title });
      autosave.controller.edit(session.id, { title });
    },
    [autosave.controller, session],
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
          <Button onClick={retry}>Try again</Button>
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
      <SyncBlockedBanner noteId={note.id} />
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
          text={text}
          onNextMarker={nextMarker}
          beforeResolve={flush}
        />
      )}
      <div className={previewOpen ? 'editor-body is-split' : 'editor-body'}>
        <div className="editor-column">
          <TitleInput
            key={note.id}
            ref={titleRef}
            value={shown.session.title}
            savedValue={note.title}
            readOnly={readOnly}
            onChange={onTitleChange}
            onCommit={() => void flush()}
            onDone={() => editorRef.current?.focus()}
          />
          <MarkdownEditor
            ref={editorRef}
            noteId={note.id}
            doc={shown.session.text}
            folder={note.folder}
            readOnly={readOnly}
            onChange={onChange}
          />
        </div>
        {/* One preview per note: it starts at the top, and never shows the last note's text while
            its render debounce catches up. */}
        {previewOpen && (
          <Preview key={note.id} text={text} folder={note.folder} onOpenLink={props.onOpenLink} />
        )}
      </div>
      <HistoryDialog
        open={historyOf === note.id}
        note={historyOf === note.id ? { ...note, body: text } : note}
        onClose={() => setHistoryOf(null)}
        beforeRestore={flush}
        currentVersion={() => shown.session.version}
        onSignIn={signInFromHistory}
      />
    </main>
  );
});
