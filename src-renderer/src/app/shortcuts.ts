/** Every keyboard shortcut, in one place so the help popover and the handlers cannot drift apart. */
export const SHORTCUTS = {
  newNote: { keys: ['Mod+N'], label: 'New note' },
  search: { keys: ['Mod+K', 'Mod+P'], label: 'Search notes' },
  togglePreview: { keys: ['Mod+E'], label: 'Toggle preview' },
  toggleEditorMode: { keys: ['Mod+Shift+E'], label: 'Live Preview / source mode' },
  toggleOutline: { keys: ['Mod+Shift+H'], label: 'Toggle outline' },
  openToday: { keys: ['Mod+Shift+D'], label: 'Open today’s daily note' },
  save: { keys: ['Mod+S'], label: 'Save now' },
  back: { keys: ['Alt+ArrowLeft', 'Mod+Alt+ArrowLeft'], label: 'Back to the previous note' },
  forward: { keys: ['Alt+ArrowRight', 'Mod+Alt+ArrowRight'], label: 'Forward' },
  followLink: { keys: ['Mod+Click'], label: 'Follow a link (in the editor; or Enter inside it)' },
  importFolder: { keys: ['Mod+Shift+O'], label: 'Import folder…' },
  attachments: { keys: ['Mod+Shift+A'], label: 'Attachments…' },
  trash: { keys: ['Mod+Backspace', 'Mod+Delete'], label: 'Move to trash (in the list)' },
  listNavigation: { keys: ['ArrowUp', 'ArrowDown'], label: 'Previous / next note (in the list)' },
  openEditor: { keys: ['Enter'], label: 'Edit the selected note (in the list)' },
  bold: { keys: ['Mod+B'], label: 'Bold (in the editor)' },
  italic: { keys: ['Mod+I'], label: 'Italic (in the editor)' },
  link: { keys: ['Mod+K'], label: 'Link the selection (in the editor)' },
  strikethrough: { keys: ['Mod+Shift+X'], label: 'Strikethrough (in the editor)' },
  inlineCode: { keys: ['Mod+Shift+C'], label: 'Inline code (in the editor)' },
  listIndent: {
    keys: ['Tab', 'Shift+Tab'],
    label: 'Indent / outdent a list item · next / previous table cell (in the editor)',
  },
  slashMenu: { keys: ['/'], label: 'Blocks and templates menu (in the editor)' },
  escape: { keys: ['Escape'], label: 'Clear search · close menus' },
  help: { keys: ['?'], label: 'Keyboard shortcuts' },
} as const;

export type ShortcutName = keyof typeof SHORTCUTS;
