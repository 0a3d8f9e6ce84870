import type { ShortcutName } from '../../app/shortcuts';

/**
 * One thing the user can do, reachable from the palette, the shortcuts sheet and (with a
 * `shortcut`) the keyboard. `id` is stable across versions: the recent list remembers it.
 */
export interface AppCommand {
  /** Letters, digits and `. : - _` (what `recent.commandUsed` accepts). */
  id: string;
  label: string;
  /** The palette's and the sheet's section (General, Navigation, Note, View, Vault…). */
  group: string;
  /** The global shortcut that runs it; its keys come from SHORTCUTS, so they cannot drift. */
  shortcut?: ShortcutName;
  run: () => void;
  /** False: it cannot run now (no open note, nothing to go back to); shown dimmed, never run. */
  enabled?: boolean;
  /** Extra words the palette matches (e.g. "dark" for the theme commands). */
  keywords?: string;
}

export const isEnabled = (command: AppCommand): boolean => command.enabled !== false;
