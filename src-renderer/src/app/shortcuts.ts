/**
 * Every keyboard shortcut, in one place so the shortcuts sheet, the command palette and the
 * handlers cannot drift apart. A `global` shortcut (the default) runs the registered command that
 * names it (useGlobalShortcuts); `editor` and `list` ones are handled where the focus is.
 */
export type ShortcutGroup = 'General' | 'Navigation' | 'Note' | 'View' | 'Vault' | 'Editor' | 'Notes list';
export type ShortcutScope = 'global' | 'editor' | 'list';

export interface ShortcutSpec {
  readonly keys: readonly string[];
  readonly label: string;
  /** Where the sheet lists it; General when absent. */
  readonly group?: ShortcutGroup;
  /** Who handles it; global when absent. */
  readonly scope?: ShortcutScope;
}

export const SHORTCUTS = {
  newNote: { keys: ['Mod+N'], label: 'New note', group: 'Note' },
  switcher: { keys: ['Mod+O'], label: 'Quick switcher: open a note by name', group: 'Navigation' },
  palette: { keys: ['Mod+Shift+P'], label: 'Command palette', group: 'General' },
  search: { keys: ['Mod+K', 'Mod+P'], label: 'Search notes', group: 'Navigation' },
  togglePreview: { keys: ['Mod+E'], label: 'Toggle preview', group: 'View' },
  toggleEditorMode: { keys: ['Mod+Shift+E'], label: 'Live Preview / source mode', group: 'View' },
  toggleOutline: { keys: ['Mod+Shift+H'], label: 'Toggle outline', group: 'View' },
  toggleLinks: { keys: ['Mod+Shift+B'], label: 'Toggle links pane (backlinks, mentions)', group: 'View' },
  graphView: { keys: ['Mod+G'], label: 'Graph view (open / close)', group: 'View' },
  openToday: { keys: ['Mod+Shift+D'], label: 'Open today’s daily note', group: 'Navigation' },
  save: { keys: ['Mod+S'], label: 'Save now', group: 'Note' },
  back: {
    keys: ['Alt+ArrowLeft', 'Mod+Alt+ArrowLeft'],
    label: 'Back to the previous note',
    group: 'Navigation',
  },
  forward: { keys: ['Alt+ArrowRight', 'Mod+Alt+ArrowRight'], label: 'Forward', group: 'Navigation' },
  followLink: {
    keys: ['Mod+Click'],
    label: 'Follow a link (in the editor; or Enter inside it)',
    group: 'Editor',
    scope: 'editor',
  },
  importFolder: { keys: ['Mod+Shift+O'], label: 'Import folder…', group: 'Vault' },
  attachments: { keys: ['Mod+Shift+A'], label: 'Attachments…', group: 'Vault' },
  undoRename: { keys: ['Mod+Alt+Z'], label: 'Undo last rename or move', group: 'Vault' },
  trash: {
    keys: ['Mod+Backspace', 'Mod+Delete'],
    label: 'Move to trash (in the list)',
    group: 'Notes list',
    scope: 'list',
  },
  listNavigation: {
    keys: ['ArrowUp', 'ArrowDown'],
    label: 'Previous / next note (in the list)',
    group: 'Notes list',
    scope: 'list',
  },
  openEditor: {
    keys: ['Enter'],
    label: 'Edit the selected note (in the list)',
    group: 'Notes list',
    scope: 'list',
  },
  bold: { keys: ['Mod+B'], label: 'Bold (in the editor)', group: 'Editor', scope: 'editor' },
  italic: { keys: ['Mod+I'], label: 'Italic (in the editor)', group: 'Editor', scope: 'editor' },
  link: { keys: ['Mod+K'], label: 'Link the selection (in the editor)', group: 'Editor', scope: 'editor' },
  strikethrough: {
    keys: ['Mod+Shift+X'],
    label: 'Strikethrough (in the editor)',
    group: 'Editor',
    scope: 'editor',
  },
  inlineCode: {
    keys: ['Mod+Shift+C'],
    label: 'Inline code (in the editor)',
    group: 'Editor',
    scope: 'editor',
  },
  listIndent: {
    keys: ['Tab', 'Shift+Tab'],
    label: 'Indent / outdent a list item · next / previous table cell (in the editor)',
    group: 'Editor',
    scope: 'editor',
  },
  slashMenu: {
    keys: ['/'],
    label: 'Blocks and templates menu (in the editor)',
    group: 'Editor',
    scope: 'editor',
  },
  escape: { keys: ['Escape'], label: 'Clear search · close menus', group: 'General', scope: 'list' },
  help: { keys: ['?'], label: 'Keyboard shortcuts', group: 'General' },
} as const satisfies Record<string, ShortcutSpec>;

export type ShortcutName = keyof typeof SHORTCUTS;

export const SHORTCUT_NAMES = Object.keys(SHORTCUTS) as ShortcutName[];

/** One entry, widened: entries others add may leave out the group and the scope. */
export function shortcutSpec(name: ShortcutName): ShortcutSpec {
  const spec: ShortcutSpec = SHORTCUTS[name];
  return spec;
}

export const shortcutGroup = (name: ShortcutName): ShortcutGroup => shortcutSpec(name).group ?? 'General';
export const shortcutScope = (name: ShortcutName): ShortcutScope => shortcutSpec(name).scope ?? 'global';

/** The order of the sheet's sections and the palette's groups. */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  'General',
  'Navigation',
  'Note',
  'View',
  'Vault',
  'Editor',
  'Notes list',
];
