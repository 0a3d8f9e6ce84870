import { StateEffect, StateField, type EditorState } from '@codemirror/state';

/**
 * Which foldable callouts the user opened or closed here, by their first line's start (mapped
 * through edits). Folding is a view of the note, never an edit: `[!note]-` only says how it starts.
 */

export const toggleCalloutFold = StateEffect.define<number>({ map: (pos, mapping) => mapping.mapPos(pos) });

export const calloutFoldToggles = StateField.define<readonly number[]>({
  create: () => [],
  update(toggled, tr) {
    // Unchanged stays identical: the block field redoes everything when this changes.
    let next = tr.docChanged && toggled.length > 0 ? toggled.map((pos) => tr.changes.mapPos(pos)) : toggled;
    for (const effect of tr.effects) {
      if (!effect.is(toggleCalloutFold)) continue;
      next = next.includes(effect.value)
        ? next.filter((pos) => pos !== effect.value)
        : [...next, effect.value];
    }
    return next;
  },
});

/** Whether the callout starting at `lineFrom`, written with `fold`, is folded now. */
export function isFolded(state: EditorState, lineFrom: number, fold: '' | '+' | '-'): boolean {
  if (fold === '') return false;
  const toggled = state.field(calloutFoldToggles, false)?.includes(lineFrom) ?? false;
  return (fold === '-') !== toggled;
}
