import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { markdownLanguage } from '@codemirror/lang-markdown';
import {
  EditorSelection,
  Prec,
  RangeSet,
  RangeValue,
  StateEffect,
  StateField,
  type EditorState,
  type Extension,
} from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';

/**
 * Brackets and quotes close themselves in Markdown text, and typing the closer steps over it
 * (closeBrackets). No apostrophe: prose is full of them. `[` is standard, so `[[` gives `[[|]]`
 * and a wikilink completion that inserts up to the cursor never doubles the `]]`.
 * `**` is not a bracket, since `*` alone starts a list item or an emphasis, so it is handled here:
 * the second `*` of an opening `**` adds the closing `**`, which typing steps over as well.
 */
const MARKDOWN_BRACKETS = ['(', '[', '{', '"', '`'];

class CloserMark extends RangeValue {}
const closer = new CloserMark();

const addCloser = StateEffect.define<number>({ map: (pos, mapping) => mapping.mapPos(pos) });

/** Where an auto-inserted `**` closer starts; dropped once the text around it changes shape. */
const closersField = StateField.define<RangeSet<CloserMark>>({
  create: () => RangeSet.empty,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(addCloser)) next = next.update({ add: [closer.range(effect.value, effect.value + 2)] });
    }
    if (next.size === 0) return next;
    // A closer stays only while it is still `**` and some cursor is on or right before it.
    return next.update({
      filter: (from, to) =>
        tr.state.sliceDoc(from, to) === '**' &&
        tr.state.selection.ranges.some((range) => range.empty && range.head >= from && range.head <= to - 1),
    });
  },
});

function closerAt(state: EditorState, pos: number): { from: number; to: number } | null {
  let found: { from: number; to: number } | null = null;
  state.field(closersField).between(pos, pos, (from, to) => {
    if (pos >= from && pos < to) found = { from, to };
  });
  return found;
}

const OPENS_BEFORE = /(?:^|[\s([{"'>])$/;
const CLOSES_AFTER = /^(?:$|[\s)\]}"'.,;:!?])/;

/** Typing `*`: step over an auto-inserted closer, or turn an opening `*|` into `**|**`. */
const starInput = EditorView.inputHandler.of((view, from, to, text) => {
  if (text !== '*' || view.state.readOnly || view.composing) return false;
  const { state } = view;
  if (!state.selection.ranges.every((range) => range.empty)) return false;
  if (!markdownLanguage.isActiveAt(state, from, -1)) return false;

  if (state.selection.ranges.every((range) => closerAt(state, range.head))) {
    view.dispatch({
      selection: EditorSelection.create(
        state.selection.ranges.map((range) => EditorSelection.cursor(range.head + 1)),
        state.selection.mainIndex,
      ),
      userEvent: 'input.type',
    });
    return true;
  }

  const opens = (pos: number): boolean => {
    const line = state.doc.lineAt(pos);
    const before = state.sliceDoc(line.from, pos);
    const after = state.sliceDoc(pos, line.to);
    // `*|` where that star opens (start of line is a list marker only if a space follows).
    return before.endsWith('*') && OPENS_BEFORE.test(before.slice(0, -1)) && CLOSES_AFTER.test(after);
  };
  if (from !== to || !state.selection.ranges.every((range) => opens(range.head))) return false;
  const transaction = state.changeByRange((range) => ({
    changes: { from: range.head, insert: '***' },
    range: EditorSelection.cursor(range.head + 1),
  }));
  view.dispatch(
    state.update(transaction, {
      // Positions in the new document (sequential): each earlier range inserted three characters.
      effects: state.selection.ranges.map((range, index) => addCloser.of(range.head + 3 * index + 1)),
      sequential: true,
      userEvent: 'input.type',
    }),
  );
  return true;
});

/** Backspace in an empty `**|**` that was just opened removes both halves. */
function deleteStarPair(view: EditorView): boolean {
  const { state } = view;
  if (state.readOnly || !state.selection.ranges.every((range) => range.empty)) return false;
  const pairs = state.selection.ranges.map((range) => {
    const found = closerAt(state, range.head);
    return found && found.from === range.head && state.sliceDoc(range.head - 2, range.head) === '**'
      ? range.head
      : null;
  });
  if (pairs.some((pos) => pos === null)) return false;
  view.dispatch({
    changes: pairs.map((pos) => ({ from: pos! - 2, to: pos! + 2 })),
    userEvent: 'delete.backward',
  });
  return true;
}

export function autoClose(): Extension {
  return [
    closeBrackets(),
    markdownLanguage.data.of({ closeBrackets: { brackets: MARKDOWN_BRACKETS } }),
    closersField,
    starInput,
    // Above the Markdown Backspace (which removes list markup) so an empty pair goes first.
    Prec.high(keymap.of([{ key: 'Backspace', run: deleteStarPair }, ...closeBracketsKeymap])),
  ];
}
