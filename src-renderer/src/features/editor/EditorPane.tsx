// Over 400 lines: the pane composes the editor, preview, panes and dialogs around one note
// session; the next split moves the side panes (outline, links) into their own component.
import {
  Fragment,
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react';
import { Button, EmptyState, Kbd } from '../../ui';
import { HistoryDialog } from '../history';
import { SyncBlockedBanner } from '../sync';
import { TrashBanner } from '../trash';
import { PropertiesPanel, frontmatterOfState } from '../properties';
import { frontmatterSource } from '../../../../src-shared/markdown/frontmatter-edit';
import { OutlinePane } from '../outline';
import { BacklinkCount, BrokenLinksDialog, LinksPane, useLinksPanel } from '../backlinks';
import { DailyNoteNav } from '../daily-notes';
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
import { useScrollSync } from './preview-sync/useScrollSync';
import { taskToggleChange } from './preview-sync/task-toggle';
import { WordCount } from './WordCount';
import type { EditorMode } from '../../../../src-shared/api/settings-api';
import { useViewUpdates } from './view-updates';
import { useFollowLink, useHeadingReveal, type HeadingRequest } from './links/useFollowLink';
import { useHeadingRenameOffer } from '../refactor';

const EMPTY_HINTS = [
  ['Mod+N', 'new note'],
  ['Mod+K', 'search'],
  ['Mod+E', 'preview'],
  ['?', 'all shortcuts'],
] as const;

const noop = (): void => undefined;

export interface EditorPaneHandle {
  focusEditor(): void;
  /** Opens version history for the open note (the palette's "Show version history"). */
  openHistory(): void;
}

interface EditorPaneProps {
  noteId: string | null;
  autosave: Autosave;
  previewOpen: boolean;
  onTogglePreview: () => void;
  /** Live Preview or source, remembered per vault; Live Preview where no one passes it. */
  editorMode?: EditorMode;
  onToggleEditorMode?: () => void;
  /** The outline column; closed (and its button inert) where no one passes it. */
  outlineOpen?: boolean;
  onToggleOutline?: () => void;
  /** Opens another note (a daily note's previous / next day). */
  onOpenNote?: (id: string) => void;
  /** A link was followed: open (or create) the note, then scroll to `heading` if there is one. */
  onOpenLink: (title: string, id: string | null, heading?: string | null) => void;
  /** A heading to scroll to once its note is in the editor (a followed `[[Note#Heading]]`). */
  revealHeading?: HeadingRequest | null;
  onHeadingRevealed?: () => void;
  /** Put at the start of the toolbar (the back / forward arrows). */
  toolbarLead?: ReactNode;
  onTrash: (id: string) => void;
  onRestore: (id: string) => void;
  onDeleteForever: (id: string, title: string) => void;
  /** A note whose title should take focus once it is shown (a note just created). */
  focusTitleOf: string | null;
  onTitleFocused: () => void;
  /** Version history needs an account: opens the sign-in dialog. */
  onSignIn: () => void;
  /** A tag was clicked (properties panel, preview chip, Mod-click in the editor): filter the list. */
  onTagClick?: (tag: string) => void;
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
  // A saved edit that renames a linked heading offers to update the links (features/refactor).
  useHeadingRenameOffer(state.status === 'ready' ? state.session : undefined);
  // The note whose version history is open; switching notes closes it.
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  // What the editor holds right now, for the preview and the review banner: the session takes in
  // every keystroke (onChange) and every text from elsewhere.
  const text = session ? session.text : '';
  // Renders the pane again after a keystroke, only for what shows the text (see onChange); the
  // properties panel follows its frontmatter block.
  const [live, setLive] = useState<{ session: NoteSession; frontmatter: string | null } | null>(null);
  const frontmatter = live && live.session === session ? live.frontmatter : frontmatterSource(text);
  const shownNote = shown?.note;
  const showsText =
    previewOpen ||
    historyOf !== null ||
    (shownNote !== undefined && shownNote.needsReview && shownNote.trashedAt === 0);
  const showsTextRef = useRef(showsText);
  useLayoutEffect(() => {
    showsTextRef.current = showsText;
  });

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
    if (session && contentRevision !== undefined)
      setLive({ session, frontmatter: frontmatterSource(session.text) });
  }, [session, contentRevision]);

  const onChange = useCallback(
    (next: string) => {
      if (!session) return;
      session.edit({ body: next });
      autosave.controller.edit(session.id, { body: next });
      // The block is read from the editor's first lines; the whole text only when they cannot tell.
      const state = editorRef.current?.view()?.state;
      const typed = state ? frontmatterOfState(state) : undefined;
      const block = typed === undefined ? frontmatterSource(next) : typed;
      const render = showsTextRef.current;
      // An unchanged state is not rendered again: typing in the body renders nothing here.
      setLive((prev) =>
        render || prev?.session !== session || prev.frontmatter !== block
          ? { session, frontmatter: block }
          : prev,
      );
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

  // A focus asked for while the note is still loading (just picked in the switcher, made by
  // today's note) is given once the note is in the editor, not to the one leaving it.
  const focusPending = useRef(false);
  const ready = state.status === 'ready';
  useImperativeHandle(
    props.ref,
    () => ({
      focusEditor: () => {
        if (ready && editorRef.current) editorRef.current.focus();
        else focusPending.current = true;
      },
      openHistory: () => {
        if (props.noteId !== null) setHistoryOf(props.noteId);
      },
    }),
    [ready, props.noteId],
  );
  useEffect(() => {
    if (!ready || !focusPending.current) return;
    focusPending.current = false;
    editorRef.current?.focus();
  }, [ready, state]);

  const flush = useCallback(() => autosave.controller.flush(), [autosave.controller]);
  const { onSignIn } = props;
  const signInFromHistory = useCallback(() => {
    setHistoryOf(null);
    onSignIn();
  }, [onSignIn]);
  const nextMarker = useCallback(() => void editorRef.current?.revealNextConflict(), []);
  const followLink = useFollowLink(editorRef, props.onOpenLink);
  useHeadingReveal(
    editorRef,
    state.status === 'ready' ? state.id : null,
    props.revealHeading,
    props.onHeadingRevealed,
  );
  // The preview ticks tasks through the editor (one undoable edit) and scrolls along with it.
  const toggleTask = useCallback((offset: number, done: boolean) => {
    const view = editorRef.current?.view() ?? null;
    const change = taskToggleChange(view, offset, done);
    if (!change || !view || view.state.readOnly) return false;
    editorRef.current?.edit([change]);
    return true;
  }, []);
  const previewRef = useRef<HTMLDivElement>(null);
  const scrollSync = useScrollSync(
    previewOpen,
    () => editorRef.current?.view() ?? null,
    previewRef,
    shown?.note.id ?? '',
  );
  const titleOf = useCallback(() => session?.title ?? '', [session]);

  // The outline and the word count follow the editor through its view updates.
  const viewUpdates = useViewUpdates();
  const getView = useCallback(() => editorRef.current?.view() ?? null, []);
  const outlineSource = useMemo(
    () => ({ view: getView, subscribe: viewUpdates.subscribe }),
    [getView, viewUpdates],
  );
  const reveal = useCallback((pos: number) => editorRef.current?.reveal(pos), []);
  // The properties panel edits the text through the editor: one undoable edit, saved like typing.
  const editorText = useCallback(() => editorRef.current?.getText() ?? null, []);
  const editText = useCallback(
    (changes: readonly { from: number; to: number; insert: string }[]) => editorRef.current?.edit(changes),
    [],
  );
  const { outlineOpen = false, onToggleOutline = noop, onOpenNote = noop } = props;
  const { editorMode = 'live', onToggleEditorMode = noop } = props;
  // The Links pane (backlinks, mentions, outgoing) and the vault's broken links: ../backlinks.
  const links = useLinksPanel({
    readyNoteId: state.status === 'ready' ? state.id : null,
    onOpenNote,
    getText: editorText,
    reveal,
  });
  const brokenLinks = (
    <BrokenLinksDialog open={links.brokenOpen} onClose={links.closeBroken} onOpenAt={links.openAt} />
  );

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
        {brokenLinks}
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
        lead={props.toolbarLead}
        note={note}
        saveState={autosave.snapshot}
        previewOpen={previewOpen}
        onTogglePreview={props.onTogglePreview}
        editorMode={editorMode}
        onToggleEditorMode={onToggleEditorMode}
        outlineOpen={outlineOpen}
        onToggleOutline={onToggleOutline}
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
      <div
        className={[
          'editor-body',
          previewOpen && 'is-split',
          outlineOpen && 'has-outline',
          links.open && 'has-links',
        ]
          .filter(Boolean)
          .join(' ')}
      >
        <div className="editor-column">
          <TitleInput
            key={note.id}
            noteId={note.id}
            ref={titleRef}
            value={shown.session.title}
            savedValue={note.title}
            readOnly={readOnly}
            onChange={onTitleChange}
            onCommit={() => void flush()}
            onDone={() => editorRef.current?.focus()}
          />
          <DailyNoteNav note={note} onOpen={onOpenNote} />
          <PropertiesPanel
            key={`properties:${note.id}`}
            source={frontmatter}
            readOnly={readOnly}
            getText={editorText}
            edit={editText}
            onOpenLink={props.onOpenLink}
            onTagClick={props.onTagClick}
          />
          <MarkdownEditor
            ref={editorRef}
            noteId={note.id}
            doc={shown.session.text}
            folder={note.folder}
            readOnly={readOnly}
            editorMode={editorMode}
            onChange={onChange}
            titleOf={titleOf}
            onViewUpdate={viewUpdates.emit}
            onTagClick={props.onTagClick}
            onFollowLink={followLink}
          />
          <div className="editor-status">
            <BacklinkCount noteId={note.id} onOpen={links.toggle} />
            <WordCount noteId={note.id} view={getView} updates={viewUpdates} />
          </div>
        </div>
        {/* One preview per note: it starts at the top, and never shows the last note's text while
            its render debounce catches up. */}
        {previewOpen && (
          <Preview
            key={note.id}
            text={text}
            folder={note.folder}
            noteId={note.id}
            onOpenLink={props.onOpenLink}
            onTagClick={props.onTagClick}
            readOnly={readOnly}
            onToggleTask={toggleTask}
            scrollRef={previewRef}
            onRendered={scrollSync.resync}
          />
        )}
        {outlineOpen && (
          <OutlinePane noteId={note.id} source={outlineSource} onJump={reveal} onClose={onToggleOutline} />
        )}
        {links.open && <LinksPane noteId={note.id} onOpenAt={links.openAt} onClose={links.toggle} />}
      </div>
      {brokenLinks}
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
