/**
 * Commands: the window's registry of everything the user can do (`useRegisterCommands`), the
 * command palette over it, and the picker dialog the quick switcher shares.
 */
export type { AppCommand } from './command-types';
export { isEnabled } from './command-types';
export { createCommandRegistry, type CommandRegistry } from './command-registry';
export { CommandsProvider, useCommandRegistry, useCommands, useRegisterCommands } from './CommandsProvider';
export { CommandPalette } from './CommandPalette';
export { Picker, PickerDialog, type PickerHint } from './PickerDialog';
export { Highlighted } from './Highlighted';
export { fuzzyMatch, type FuzzyMatch, type MatchRanges } from './fuzzy';
export { paletteRows, type PaletteRow } from './palette-order';
