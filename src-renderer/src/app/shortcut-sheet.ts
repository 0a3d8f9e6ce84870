import type { AppCommand } from '../features/commands';
import { SHORTCUT_GROUPS, SHORTCUT_NAMES, shortcutGroup, shortcutSpec, type ShortcutName } from './shortcuts';

export interface SheetRow {
  /** The command's id, or the shortcut's name for keys handled where the focus is. */
  id: string;
  label: string;
  keys: readonly string[];
  /** The SHORTCUTS entry whose keys these are. */
  shortcut?: ShortcutName;
}

export interface SheetSection {
  group: string;
  rows: SheetRow[];
}

/**
 * The shortcuts sheet: every registered command (its keys from SHORTCUTS, none when it has no
 * shortcut: the palette reaches it), then every shortcut no command runs (the editor's and the
 * list's own keys), grouped in the order of SHORTCUT_GROUPS, other groups after them.
 */
export function sheetSections(commands: readonly AppCommand[]): SheetSection[] {
  const sections = new Map<string, SheetRow[]>();
  const add = (group: string, row: SheetRow): void => {
    const rows = sections.get(group) ?? [];
    rows.push(row);
    sections.set(group, rows);
  };
  const covered = new Set<ShortcutName>();
  for (const command of commands) {
    if (command.shortcut) covered.add(command.shortcut);
    add(command.group, {
      id: command.id,
      label: command.label,
      keys: command.shortcut ? shortcutSpec(command.shortcut).keys : [],
      ...(command.shortcut ? { shortcut: command.shortcut } : {}),
    });
  }
  for (const name of SHORTCUT_NAMES) {
    if (covered.has(name)) continue;
    const spec = shortcutSpec(name);
    add(shortcutGroup(name), { id: name, label: spec.label, keys: spec.keys, shortcut: name });
  }
  const rank = (group: string): number => {
    const index = (SHORTCUT_GROUPS as readonly string[]).indexOf(group);
    return index < 0 ? SHORTCUT_GROUPS.length : index;
  };
  return [...sections.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([group, rows]) => ({
      group,
      // Keys first: the sheet is read for them; the palette-only commands follow.
      rows: [...rows.filter((row) => row.keys.length > 0), ...rows.filter((row) => row.keys.length === 0)],
    }));
}
