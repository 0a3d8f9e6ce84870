import { deleteMarkupBackward, insertNewlineContinueMarkupCommand } from '@codemirror/lang-markdown';
import type { KeyBinding } from '@codemirror/view';
import { BOLD, INLINE_CODE, insertLink, ITALIC, STRIKETHROUGH, toggleInlineMark } from './formatting';
import { indentListItem, outdentListItem } from './list-indent';
import { nextTableCell, previousTableCell } from './table-cells';

/**
 * Enter continues lists, tasks and quotes; on an empty item it ends the list (removes the
 * marker) or, nested, moves the item out one level. Without `nonTightLists: false` an empty
 * second item would instead open a blank line above it, which surprises anyone used to Obsidian.
 */
const continueMarkup = insertNewlineContinueMarkupCommand({ nonTightLists: false });

/**
 * The editor's own keys, placed before CodeMirror's default keymap. Handled keys are
 * preventDefault'ed by CodeMirror, so Mod+K here links rather than opening search (the global
 * handler skips handled events). Inline code is Mod+Shift+C: Mod+` switches windows on macOS.
 */
export const editingKeymap: readonly KeyBinding[] = [
  { key: 'Mod-b', run: toggleInlineMark(BOLD) },
  { key: 'Mod-i', run: toggleInlineMark(ITALIC) },
  { key: 'Mod-k', run: insertLink },
  { key: 'Mod-Shift-x', run: toggleInlineMark(STRIKETHROUGH) },
  { key: 'Mod-Shift-c', run: toggleInlineMark(INLINE_CODE) },
  { key: 'Tab', run: nextTableCell },
  { key: 'Shift-Tab', run: previousTableCell },
  { key: 'Tab', run: indentListItem },
  { key: 'Shift-Tab', run: outdentListItem },
  { key: 'Enter', run: continueMarkup },
  { key: 'Backspace', run: deleteMarkupBackward },
];
