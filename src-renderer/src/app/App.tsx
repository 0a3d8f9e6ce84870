// Over 400 lines: the window's composition root (selection, search, filters, dialogs, and the
// wiring of every feature's hooks). Splitting its state into hooks such as useAppDialogs is due.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { NoteView } from '../../../src-shared/api/notes-api';
import type { AppInfo } from '../api/quire-api';
import { useServices } from '../api/useServices';
import { ConfirmDialog, type ConfirmRequest, toasts, ToastViewport } from '../ui';
import { useAutosave, useRestoreNotices, EditorPane, type EditorPaneHandle } from '../features/editor';
import {
  useNoteCounts,
  useNoteList,
  arraySource,
  type ListboxHandle,
  NoteListPane,
} from '../features/notes-list';
import { usePreferences, useTheme } from '../features/settings';
import { useSearch } from '../features/search';
import { normalizeTagFilter } from '../../../src-shared/markdown/inline-tags';
import { useSyncStatus, SignInDialog, SyncAccountDialog } from '../features/sync';
import { VaultJobDialog, type VaultJobKind } from '../features/vault-io';
import { AttachmentsDialog } from '../features/attachments';
import { openDailyNote } from '../features/daily-notes';
import { describeFailure } from '../api/failures';
import { NavButtons, useNoteNavigation } from '../features/navigation';
import { useFolderFilter, useInFolder } from '../features/folders';
import { GraphView, useGraphCommands, useGraphView } from '../features/graph';
import { useRefactorCommands } from '../features/refactor';
import { useGlobalShortcuts } from './useGlobalShortcuts';
import { CommandPalette, CommandsProvider } from '../features/commands';
import { QuickSwitcher, useRecordOpenedNote } from '../features/switcher';
import { useAppCommands } from './useAppCommands';
import { SHORTCUTS } from './shortcuts';
import { useNoteActions } from './useNoteActions';
import { ConnectionBanner } from './ConnectionBanner';
import { Sidebar } from './Sidebar';

type Selection = Record<NoteView, string | null>;

/** The window, inside the registry its commands and every feature's are kept in. */
export function App() {
  return (
    <CommandsProvider>
      <AppWindow />
    </CommandsProvider>
  );
}

/** The window: sidebar, note list, editor; owns selection, search and the shared autosave queue. */
function AppWindow() {
  const { api } = useServices();
  const { preferences, update: updatePreferences } = usePreferences();
  useTheme(preferences.theme);
  const autosave = useAutosave(preferences.autosaveDelayMs);
  useRestoreNotices();

  const [view, setView] = useState<NoteView>('notes');
  // Each view remembers its own selection, so a visit to the trash doesn't lose your place.
  const [selection, setSelection] = useState<Selection>({ notes: null, trash: null });
  const [query, setQuery] = useState('');
  // The Notes view's tag filter ('' = none): a tag chip anywhere sets it, × or Esc clears it.
  const [tagFilter, setTagFilter] = useState('');
  // The Notes view's folder filter, set from the sidebar's tree, cleared from the list's chip.
  const folderFilter = useFolderFilter();
  const [helpOpen, setHelpOpen] = useState(false);
  const [picker, setPicker] = useState<'switcher' | 'palette' | null>(null);
  const openSwitcher = useCallback(() => setPicker('switcher'), []);
  const openPalette = useCallback(() => setPicker('palette'), []);
  const closePicker = useCallback(() => setPicker(null), []);
  const [confirmRequest, setConfirmRequest] = useState<ConfirmRequest | null>(null);
  const [focusTitleOf, setFocusTitleOf] = useState<string | null>(null);
  const [appInfo, setAppInfo] = useState<AppInfo | null>(null);
  const [syncDialog, setSyncDialog] = useState<'sign-in' | 'account' | null>(null);
  const syncStatus = useSyncStatus();
  const [vaultDialog, setVaultDialog] = useState<VaultJobKind | null>(null);
  const openImport = useCallback(() => setVaultDialog('import'), []);
  const openExport = useCallback(() => setVaultDialog('export'), []);
  const [attachmentsOpen, setAttachmentsOpen] = useState(false);
  const openAttachments = useCallback(() => setAttachmentsOpen(true), []);

  const list = useNoteList(view, view === 'notes' ? tagFilter : '', view === 'notes' ? folderFilter : null);
  const counts = useNoteCounts();
  // The index narrows the search by the list's tag and folder filters, so its total is theirs.
  const searchFolder = useMemo(
    () =>
      folderFilter.folder === null
        ? null
        : { path: folderFilter.folder, subfolders: folderFilter.includeSubfolders },
    [folderFilter.folder, folderFilter.includeSubfolders],
  );
  const search = useInFolder(
    useSearch(view === 'notes' ? query : '', { tag: tagFilter, folder: searchFolder }),
    folderFilter,
  );
  const filterByTag = useCallback((tag: string) => {
    setTagFilter(normalizeTagFilter(tag));
    if (tag !== '') setView('notes');
  }, []);
  const searching = view === 'notes' && query.trim() !== '';
  const selectedId = selection[view];

  const searchRef = useRef<HTMLInputElement>(null);
  const listboxRef = useRef<ListboxHandle>(null);
  const editorPaneRef = useRef<EditorPaneHandle>(null);

  useEffect(() => {
    api.app.info.query().then(setAppInfo, () => undefined);
  }, [api]);

  // The shell's File menu opens the same dialogs as the sidebar and the shortcuts.
  useEffect(() => {
    const subscription = api.app.shellCommands.subscribe(undefined, {
      onData(command) {
        switch (command) {
          case 'importFolder':
            return openImport();
          case 'exportVault':
            return openExport();
          case 'openAttachments':
            return openAttachments();
        }
      },
      // Web mode has no shell menu; a dropped connection is the connection banner's to show.
      onError: () => undefined,
    });
    return () => subscription.unsubscribe();
  }, [api, openImport, openExport, openAttachments]);

  // Autosave failures are shown once as a toast; the status pill keeps saying "Not saved".
  const saveError = autosave.snapshot.error;
  useEffect(() => {
    if (saveError) toasts.show({ tone: 'error', message: `Not saved: ${saveError}` });
  }, [saveError]);

  const select = useCallback((target: NoteView, id: string | null) => {
    setView(target);
    setSelection((s) => (s[target] === id ? s : { ...s, [target]: id }));
  }, []);
  const selectInView = useCallback((id: string) => select(view, id), [select, view]);

  // The rows the user sees right now: search hits while searching, else the paged list.
  const rows = useMemo(() => (searching ? arraySource(search.hits) : list), [searching, search.hits, list]);
  const neighbourOf = useCallback(
    (id: string): string | null => {
      const index = rows.indexOf(id);
      if (index < 0) return null;
      return rows.getRow(index + 1)?.id ?? rows.getRow(index - 1)?.id ?? null;
    },
    [rows],
  );

  const clearFocusTitle = useCallback(() => setFocusTitleOf(null), []);
  const actions = useNoteActions({
    autosave: autosave.controller,
    select,
    neighbourOf,
    confirm: setConfirmRequest,
    focusTitleOf: setFocusTitleOf,
  });

  // Every note opened in the Notes view is a visit; links open by name (or make the note).
  const createTitled = useCallback(
    (title: string, folder?: string) => actions.create(title, folder),
    [actions],
  );
  const { navigation, back, forward, openLink, revealHeading, clearRevealHeading } = useNoteNavigation({
    view,
    openId: selection.notes,
    select,
    create: createTitled,
  });

  // Memoised: the editor pane is, and a new element every render would re-render it.
  const { canGoBack, canGoForward } = navigation;
  const navButtons = useMemo(
    () => (
      <NavButtons
        canGoBack={canGoBack}
        canGoForward={canGoForward}
        onBack={back}
        onForward={forward}
        backKey={SHORTCUTS.back.keys[0]}
        forwardKey={SHORTCUTS.forward.keys[0]}
      />
    ),
    [canGoBack, canGoForward, back, forward],
  );

  const newNote = useCallback(() => {
    setQuery('');
    // A new note has no tags yet: under a filter it would be selected but not listed.
    setTagFilter('');
    // Made in the folder the list shows, as Obsidian makes it in the active folder.
    void actions.create(undefined, folderFilter.folder ?? undefined);
  }, [actions, folderFilter.folder]);
  const newNoteIn = useCallback(
    (folder: string) => {
      setQuery('');
      setTagFilter('');
      void actions.create(undefined, folder);
    },
    [actions],
  );
  const chooseFolder = useCallback(
    (folder: string | null) => {
      folderFilter.setFolder(folder);
      if (folder !== null) setView('notes');
    },
    [folderFilter],
  );

  const newFromTemplate = useCallback(
    (templateId: string) => {
      setQuery('');
      setTagFilter('');
      void actions.createFromTemplate(templateId);
    },
    [actions],
  );

  const focusSearch = useCallback(() => {
    const focus = (): void => {
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    if (searchRef.current) return focus();
    // The box exists only in the Notes view: focus it once that view has rendered.
    setView('notes');
    requestAnimationFrame(focus);
  }, []);

  const togglePreview = useCallback(
    () => updatePreferences({ previewOpen: !preferences.previewOpen }),
    [updatePreferences, preferences.previewOpen],
  );

  const toggleEditorMode = useCallback(
    () => updatePreferences({ editorMode: preferences.editorMode === 'live' ? 'source' : 'live' }),
    [updatePreferences, preferences.editorMode],
  );

  const toggleOutline = useCallback(
    () => updatePreferences({ outlineOpen: !preferences.outlineOpen }),
    [updatePreferences, preferences.outlineOpen],
  );
  const openHistory = useCallback(() => editorPaneRef.current?.openHistory(), []);

  // The host finds or makes the day's note; a fresh one starts with the cursor in its text.
  const openToday = useCallback(() => {
    openDailyNote(api).then(
      ({ note, created }) => {
        setQuery('');
        select('notes', note.id);
        if (created) requestAnimationFrame(() => editorPaneRef.current?.focusEditor());
      },
      (error: unknown) =>
        toasts.show({ tone: 'error', message: `Couldn’t open today’s note: ${describeFailure(error)}` }),
    );
  }, [api, select]);
  const openNote = useCallback((id: string) => select('notes', id), [select]);

  const onDeleteKey = useCallback(
    (id: string) => {
      if (view === 'notes') void actions.trash(id);
      else actions.deleteForever(id, rows.getRow(rows.indexOf(id))?.title ?? '');
    },
    [view, actions, rows],
  );
  const trash = useCallback((id: string) => void actions.trash(id), [actions]);
  const restore = useCallback((id: string) => void actions.restore(id), [actions]);

  const openSignIn = useCallback(() => setSyncDialog('sign-in'), []);
  const closeSyncDialog = useCallback(() => setSyncDialog(null), []);
  const hasAccount = syncStatus?.account != null;
  const openSync = useCallback(() => setSyncDialog(hasAccount ? 'account' : 'sign-in'), [hasAccount]);

  // Every command of the window, for the palette, the shortcuts sheet and the global keys.
  const showShortcuts = useCallback(() => setHelpOpen((open) => !open), []);
  const save = useCallback(() => void autosave.controller.flush(), [autosave.controller]);
  const showView = useCallback((target: NoteView) => setView(target), []);
  useAppCommands({
    newNote,
    newFromTemplate,
    openSwitcher,
    openPalette,
    paletteOpen: picker === 'palette',
    focusSearch,
    showView,
    togglePreview,
    toggleEditorMode,
    editorMode: preferences.editorMode,
    toggleOutline,
    openHistory,
    openToday,
    openNote,
    back,
    forward,
    canGoBack,
    canGoForward,
    save,
    openNoteId: view === 'notes' ? selection.notes : null,
    trash,
    importFolder: openImport,
    exportVault: openExport,
    attachments: openAttachments,
    openSync,
    signedIn: hasAccount,
    updatePreferences,
    showShortcuts,
  });
  useGlobalShortcuts();
  useRecordOpenedNote(view === 'notes' ? selection.notes : null);
  // The graph view covers the editor; opening any note (or another view) uncovers it.
  const graph = useGraphView();
  useGraphCommands(graph, view === 'notes' ? selection.notes : null);
  useRefactorCommands();
  const closeGraph = graph.close;
  useEffect(() => closeGraph(), [closeGraph, selectedId, view]);
  const leaveGraph = useCallback(() => {
    closeGraph();
    requestAnimationFrame(() => editorPaneRef.current?.focusEditor());
  }, [closeGraph]);
  const openFromGraph = useCallback(
    (id: string) => {
      select('notes', id);
      leaveGraph();
    },
    [select, leaveGraph],
  );
  // A note picked in the switcher is for reading or writing: the cursor goes into it.
  const openFromSwitcher = useCallback(
    (id: string) => {
      select('notes', id);
      requestAnimationFrame(() => editorPaneRef.current?.focusEditor());
    },
    [select],
  );
  const createFromSwitcher = useCallback(
    (title: string, folder: string) => {
      setQuery('');
      setTagFilter('');
      void actions
        .create(title, folder)
        .then(() => requestAnimationFrame(() => editorPaneRef.current?.focusEditor()));
    },
    [actions],
  );

  // Enter in the search box: the hit the list shows highlighted (see useSearchCursor).
  const openHit = useCallback(
    (id: string) => {
      select('notes', id);
      requestAnimationFrame(() => editorPaneRef.current?.focusEditor());
    },
    [select],
  );

  return (
    <div className="app">
      <ConnectionBanner />
      <div className="layout">
        <Sidebar
          view={view}
          counts={counts}
          onViewChange={(v) => {
            setView(v);
            closeGraph();
          }}
          onNewNote={newNote}
          onNewFromTemplate={newFromTemplate}
          onOpenToday={openToday}
          preferences={preferences}
          onPreferencesChange={updatePreferences}
          appInfo={appInfo}
          helpOpen={helpOpen}
          onHelpOpenChange={setHelpOpen}
          onOpenSync={openSync}
          onSignIn={openSignIn}
          onImportFolder={openImport}
          onExportVault={openExport}
          onOpenAttachments={openAttachments}
          graphOpen={graph.target !== null}
          onOpenGraph={graph.openVault}
          folderFilter={folderFilter.folder}
          onFolderFilter={chooseFolder}
          tagFilter={tagFilter}
          onTagFilter={filterByTag}
          openNoteId={selection.notes}
          onNewNoteIn={newNoteIn}
          onOpenNote={openNote}
          onRunSearch={(text) => {
            setView('notes');
            setQuery(text);
          }}
          currentQuery={view === 'notes' ? query : ''}
          confirm={setConfirmRequest}
        />
        <NoteListPane
          view={view}
          list={list}
          query={query}
          onQueryChange={setQuery}
          search={search}
          selectedId={selectedId}
          onSelect={selectInView}
          onOpenHit={openHit}
          onActivate={() => editorPaneRef.current?.focusEditor()}
          onDeleteKey={onDeleteKey}
          onNewNote={newNote}
          onNewFromTemplate={newFromTemplate}
          onImportFolder={openImport}
          onEmptyTrash={() => actions.emptyTrash(counts.trash ?? list.count)}
          searchRef={searchRef}
          listboxRef={listboxRef}
          tagFilter={tagFilter}
          onTagFilterChange={filterByTag}
          folderFilter={folderFilter}
          onSearchLeave={(selectFirst) =>
            selectFirst ? listboxRef.current?.focusFirst() : listboxRef.current?.focus()
          }
        />
        <EditorPane
          ref={editorPaneRef}
          noteId={selectedId}
          autosave={autosave}
          previewOpen={preferences.previewOpen}
          onTogglePreview={togglePreview}
          editorMode={preferences.editorMode}
          onToggleEditorMode={toggleEditorMode}
          outlineOpen={preferences.outlineOpen}
          onToggleOutline={toggleOutline}
          onOpenNote={openNote}
          onOpenLink={openLink}
          revealHeading={revealHeading}
          onHeadingRevealed={clearRevealHeading}
          toolbarLead={navButtons}
          onTagClick={filterByTag}
          onTrash={trash}
          onRestore={restore}
          onDeleteForever={actions.deleteForever}
          focusTitleOf={focusTitleOf}
          onTitleFocused={clearFocusTitle}
          onSignIn={openSignIn}
        />
        {graph.target && (
          <GraphView
            target={graph.target}
            onTargetChange={graph.setTarget}
            currentNoteId={view === 'notes' ? selection.notes : null}
            onOpenNote={openFromGraph}
            onClose={leaveGraph}
          />
        )}
      </div>
      <ToastViewport />
      <SignInDialog open={syncDialog === 'sign-in'} onClose={closeSyncDialog} />
      <SyncAccountDialog
        open={syncDialog === 'account'}
        onClose={closeSyncDialog}
        confirm={setConfirmRequest}
        onSignIn={openSignIn}
      />
      <VaultJobDialog kind={vaultDialog} onClose={() => setVaultDialog(null)} />
      <AttachmentsDialog
        open={attachmentsOpen}
        onClose={() => setAttachmentsOpen(false)}
        onOpenNote={(id) => select('notes', id)}
        confirm={setConfirmRequest}
      />
      <QuickSwitcher
        open={picker === 'switcher'}
        onClose={closePicker}
        onOpenNote={openFromSwitcher}
        onCreate={createFromSwitcher}
      />
      <CommandPalette open={picker === 'palette'} onClose={closePicker} />
      <ConfirmDialog request={confirmRequest} onClose={() => setConfirmRequest(null)} />
    </div>
  );
}
