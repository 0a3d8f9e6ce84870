import { StateEffect, StateField, type EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/**
 * When raw Markdown shows: only where the user is editing. A range is revealed when the editor
 * has focus, is editable, and a selection range touches one of the lines it spans, as in
 * Obsidian's Live Preview. A note that is only being read (unfocused, or in the trash) renders
 * fully.
 */

/** Says the editor gained or lost focus. */
export const focusEffect = StateEffect.define<boolean>();

/** Whether the editor has focus, kept in the state so state fields (tables) can depend on it. */
export const editorFocus = StateField.define<boolean>({
  create: () => false,
  update(focused, tr) {
    for (const effect of tr.effects) if (effect.is(focusEffect)) return effect.value;
    return focused;
  },
  provide: () => EditorView.focusChangeEffect.of((_state, focusing) => focusEffect.of(focusing)),
});

/** True when any selection range touches the lines from `from` to `to`. */
export function isRevealed(state: EditorState, from: number, to: number): boolean {
  if (state.readOnly || !state.field(editorFocus, false)) return false;
  const start = state.doc.lineAt(from).from;
  const end = state.doc.lineAt(to).to;
  return state.selection.ranges.some((range) => range.from <= end && range.to >= start);
}

/** Whether a transaction may change what is revealed (focus, selection or read-only state moved). */
export function revealMayChange(before: EditorState, after: EditorState): boolean {
  return (
    !before.selection.eq(after.selection) ||
    before.readOnly !== after.readOnly ||
    before.field(editorFocus, false) !== after.field(editorFocus, false)
  );
}
