/** Every keyboard shortcut, in one place so the help popover and the handlers cannot drift apart. */
export const SHORTCUTS = {
  newNote: { keys: ['Mod+N'], label: 'New note' },
  search: { keys: ['Mod+K', 'Mod+P'], label: 'Search notes' },
  togglePreview: { keys: ['Mod+E'], label: 'Toggle preview' },
  save: { keys: ['Mod+S'], label: 'Save now' },
  importFolder: { keys: ['Mod+Shift+O'], label: 'Import folder…' },
  attachments: { keys: ['Mod+Shift+A'], label: 'Attachments…' },
  trash: { keys: ['Mod+Backspace', 'Mod+Delete'], label: 'Move to trash (in the list)' },
  listNavigation: { keys: ['ArrowUp', 'ArrowDown'], label: 'Previous / next note (in the list)' },
  openEditor: { keys: ['Enter'], label: 'Edit the selected note (in the list)' },
  escape: { keys: ['Escape'], label: 'Clear search · close menus' },
  help: { keys: ['?'], label: 'Keyboard shortcuts' },
} as const;

export type ShortcutName = keyof typeof SHORTCUTS;
