import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { NoteView } from '../../../src-shared/api/notes-api';
import type { ThemePreference } from '../../../src-shared/api/settings-api';
import { describeFailure } from '../api/failures';
import { useServices } from '../api/useServices';
import { toasts } from '../ui';
import { type AppCommand, useRegisterCommands } from '../features/commands';

/** What the window's own commands act on; App owns all of it. */
export interface AppCommandDeps {
  newNote: () => void;
  newFromTemplate: (templateId: string) => void;
  openSwitcher: () => void;
  openPalette: () => void;
  /** The palette is open: the template commands are worth loading. */
  paletteOpen: boolean;
  focusSearch: () => void;
  showView: (view: NoteView) => void;
  togglePreview: () => void;
  toggleEditorMode: () => void;
  editorMode: 'live' | 'source';
  toggleOutline: () => void;
  /** The open note's version history (local snapshots and server revisions). */
  openHistory: () => void;
  openToday: () => void;
  /** Opens a note in the Notes view (the previous / next daily note). */
  openNote: (id: string) => void;
  back: () => void;
  forward: () => void;
  canGoBack: boolean;
  canGoForward: boolean;
  save: () => void;
  /** The note open in the Notes view, if any (trash, adjacent daily notes act on it). */
  openNoteId: string | null;
  trash: (id: string) => void;
  importFolder: () => void;
  exportVault: () => void;
  attachments: () => void;
  openSync: () => void;
  signedIn: boolean;
  updatePreferences: (patch: { theme: ThemePreference }) => void;
  showShortcuts: () => void;
}

const THEMES: { theme: ThemePreference; label: string }[] = [
  { theme: 'light', label: 'Light' },
  { theme: 'dark', label: 'Dark' },
  { theme: 'system', label: 'Same as the system' },
];

/** Registers every command of the window itself; features register their own beside these. */
export function useAppCommands(deps: AppCommandDeps): void {
  const { api, templates } = useServices();
  const { paletteOpen, openNote, openNoteId, trash, updatePreferences } = deps;
  const {
    attachments,
    back,
    canGoBack,
    canGoForward,
    editorMode,
    exportVault,
    focusSearch,
    forward,
    importFolder,
    newFromTemplate,
    newNote,
    openPalette,
    openSwitcher,
    openSync,
    openToday,
    save,
    showShortcuts,
    showView,
    signedIn,
    toggleEditorMode,
    toggleOutline,
    togglePreview,
    openHistory,
  } = deps;
  useEffect(() => {
    if (paletteOpen) templates.load();
  }, [paletteOpen, templates]);
  const templateList = useSyncExternalStore(templates.subscribe, templates.getSnapshot).templates;

  const openAdjacentDaily = useCallback(
    (direction: 'previous' | 'next') => {
      if (openNoteId === null) return;
      api.dailyNotes.adjacent.query({ id: openNoteId, direction }).then(
        (target) => {
          if (target) openNote(target.id);
          else
            toasts.show({
              message: direction === 'previous' ? 'No earlier daily note' : 'No later daily note',
            });
        },
        (error: unknown) =>
          toasts.show({ tone: 'error', message: `Couldn’t open it: ${describeFailure(error)}` }),
      );
    },
    [api, openNote, openNoteId],
  );
  const syncNow = useCallback(() => {
    api.sync.syncNow
      .mutate()
      .catch((error: unknown) =>
        toasts.show({ tone: 'error', message: `Couldn’t sync: ${describeFailure(error)}` }),
      );
  }, [api]);

  const commands = useMemo((): AppCommand[] => {
    const hasNote = openNoteId !== null;
    return [
      {
        id: 'app.palette',
        label: 'Command palette',
        group: 'General',
        shortcut: 'palette',
        run: openPalette,
      },
      {
        id: 'app.shortcuts',
        label: 'Keyboard shortcuts',
        group: 'General',
        shortcut: 'help',
        run: showShortcuts,
      },
      {
        id: 'nav.switcher',
        label: 'Quick switcher: open a note',
        group: 'Navigation',
        shortcut: 'switcher',
        run: openSwitcher,
      },
      { id: 'nav.search', label: 'Search notes', group: 'Navigation', shortcut: 'search', run: focusSearch },
      {
        id: 'nav.today',
        label: 'Open today’s daily note',
        group: 'Navigation',
        shortcut: 'openToday',
        run: openToday,
      },
      {
        id: 'nav.previousDaily',
        label: 'Previous daily note',
        group: 'Navigation',
        run: () => openAdjacentDaily('previous'),
        enabled: hasNote,
      },
      {
        id: 'nav.nextDaily',
        label: 'Next daily note',
        group: 'Navigation',
        run: () => openAdjacentDaily('next'),
        enabled: hasNote,
      },
      { id: 'nav.back', label: 'Back', group: 'Navigation', shortcut: 'back', run: back, enabled: canGoBack },
      {
        id: 'nav.forward',
        label: 'Forward',
        group: 'Navigation',
        shortcut: 'forward',
        run: forward,
        enabled: canGoForward,
      },
      { id: 'nav.notes', label: 'Show all notes', group: 'Navigation', run: () => showView('notes') },
      { id: 'nav.trash', label: 'Show the trash', group: 'Navigation', run: () => showView('trash') },
      { id: 'note.new', label: 'New note', group: 'Note', shortcut: 'newNote', run: newNote },
      ...templateList.map((template): AppCommand => ({
        id: `note.fromTemplate:${template.id.replace(/[^\w.:-]/g, '_')}`,
        label: `New note from template: ${template.name}`,
        group: 'Note',
        keywords: 'template',
        run: () => newFromTemplate(template.id),
      })),
      { id: 'note.save', label: 'Save now', group: 'Note', shortcut: 'save', run: save },
      {
        id: 'note.history',
        label: 'Show version history of the open note',
        group: 'Note',
        keywords: 'snapshots revisions diff restore',
        run: openHistory,
        enabled: hasNote,
      },
      {
        id: 'note.trash',
        label: 'Move the open note to the trash',
        group: 'Note',
        keywords: 'delete remove',
        run: () => {
          if (openNoteId !== null) trash(openNoteId);
        },
        enabled: hasNote,
      },
      {
        id: 'view.preview',
        label: 'Toggle preview',
        group: 'View',
        shortcut: 'togglePreview',
        run: togglePreview,
      },
      {
        id: 'view.editorMode',
        label: editorMode === 'live' ? 'Switch to source mode' : 'Switch to Live Preview',
        group: 'View',
        keywords: 'live preview source markdown',
        shortcut: 'toggleEditorMode',
        run: toggleEditorMode,
      },
      {
        id: 'view.outline',
        label: 'Toggle outline',
        group: 'View',
        shortcut: 'toggleOutline',
        run: toggleOutline,
      },
      ...THEMES.map(({ theme, label }): AppCommand => ({
        id: `view.theme:${theme}`,
        label: `Theme: ${label}`,
        group: 'View',
        keywords: 'appearance colour color',
        run: () => updatePreferences({ theme }),
      })),
      {
        id: 'vault.import',
        label: 'Import folder…',
        group: 'Vault',
        shortcut: 'importFolder',
        run: importFolder,
      },
      { id: 'vault.export', label: 'Export vault…', group: 'Vault', run: exportVault },
      {
        id: 'vault.attachments',
        label: 'Attachments…',
        group: 'Vault',
        shortcut: 'attachments',
        run: attachments,
      },
      {
        id: 'sync.account',
        label: signedIn ? 'Sync account and devices…' : 'Sign in to sync…',
        group: 'Vault',
        keywords: 'sync account sign in settings',
        run: openSync,
      },
      { id: 'sync.now', label: 'Sync now', group: 'Vault', run: syncNow, enabled: signedIn },
    ];
  }, [
    openNoteId,
    openAdjacentDaily,
    trash,
    updatePreferences,
    syncNow,
    openPalette,
    showShortcuts,
    openSwitcher,
    focusSearch,
    openToday,
    back,
    forward,
    canGoBack,
    canGoForward,
    showView,
    newNote,
    newFromTemplate,
    save,
    togglePreview,
    editorMode,
    toggleEditorMode,
    toggleOutline,
    openHistory,
    importFolder,
    exportVault,
    attachments,
    signedIn,
    openSync,
    templateList,
  ]);
  useRegisterCommands(commands);
}
