/** Editing commands: formatting keys, lists, auto-closing pairs, URL paste and the slash menu. */
import type { Extension } from '@codemirror/state';
import { autoClose } from './auto-close';
import { pasteUrlAsLink } from './paste-link';
import { slashMenu, type SlashTemplates } from './slash-menu';

export { editingKeymap } from './editing-keymap';
export type { SlashTemplates } from './slash-menu';

/** Everything but the keymap (which editor-extensions.ts places before the default one). */
export function editingCommands(setup: { templates: SlashTemplates }): Extension {
  return [autoClose(), pasteUrlAsLink, slashMenu(setup.templates)];
}
