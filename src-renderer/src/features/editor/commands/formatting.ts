import { syntaxTree } from '@codemirror/language';
import { EditorSelection, type ChangeSpec, type EditorState, type StateCommand } from '@codemirror/state';

/**
 * Inline formatting that toggles, as in Obsidian: bold on plain text wraps it, bold on bold text
 * (the markers selected with it, or just outside the selection) unwraps it. Every selection range
 * is handled on its own, so multiple cursors format every spot at once.
 */
export interface InlineMark {
  /** What wrapping inserts. */
  marker: string;
  /** The one character the marker is made of (`*`, `~`, `` ` ``), and its alternative (`_`). */
  chars: readonly string[];
  /** Whether a run of that many marker characters carries this mark (`***` is bold and italic). */
  carries: (run: number) => boolean;
  /** The Lezer Markdown node of a span with this mark. */
  node: string;
}

export const BOLD: InlineMark = {
  marker: '**',
  chars: ['*', '_'],
  carries: (run) => run >= 2,
  node: 'StrongEmphasis',
};
// A run of 1 or 3 is italic; 2 is bold alone, so italic on **bold** wraps rather than eats a star.
export const ITALIC: InlineMark = {
  marker: '*',
  chars: ['*', '_'],
  carries: (run) => run % 2 === 1,
  node: 'Emphasis',
};
export const STRIKETHROUGH: InlineMark = {
  marker: '~~',
  chars: ['~'],
  carries: (run) => run >= 2,
  node: 'Strikethrough',
};
export const INLINE_CODE: InlineMark = {
  marker: '`',
  chars: ['`'],
  carries: (run) => run >= 1,
  node: 'InlineCode',
};

/** The marks of the span with this mark that the cursor is inside (`**bo|ld**`), if any. */
function spanAround(
  state: EditorState,
  pos: number,
  mark: InlineMark,
): { open: [number, number]; close: [number, number] } | null {
  for (const side of [-1, 1] as const) {
    for (let node = syntaxTree(state).resolveInner(pos, side); node.parent; node = node.parent) {
      if (node.name !== mark.node) continue;
      const first = node.firstChild;
      const last = node.lastChild;
      if (!first || !last || first === last || pos < first.to || pos > last.from) continue;
      return { open: [first.from, first.to], close: [last.from, last.to] };
    }
  }
  return null;
}

/** The length of the run of `char` ending at `pos` (backwards) or starting there (forwards). */
function runLength(state: EditorState, pos: number, char: string, forwards: boolean): number {
  const line = state.doc.lineAt(pos);
  const text = forwards ? state.sliceDoc(pos, line.to) : state.sliceDoc(line.from, pos);
  let run = 0;
  while (run < text.length && text[forwards ? run : text.length - 1 - run] === char) run++;
  return run;
}

/** The marker character wrapping [from, to) from outside, if both sides carry the mark. */
function markAround(state: EditorState, from: number, to: number, mark: InlineMark): string | null {
  for (const char of mark.chars) {
    const before = runLength(state, from, char, false);
    const after = runLength(state, to, char, true);
    if (mark.carries(before) && mark.carries(after)) return char;
  }
  return null;
}

/** The marker character wrapping the selected text from inside (`**bold**` selected whole). */
function markWithin(text: string, mark: InlineMark): string | null {
  const size = mark.marker.length;
  for (const char of mark.chars) {
    let lead = 0;
    while (lead < text.length && text[lead] === char) lead++;
    let trail = 0;
    while (trail < text.length - lead && text[text.length - 1 - trail] === char) trail++;
    if (text.length >= size * 2 && mark.carries(lead) && mark.carries(trail)) return char;
  }
  return null;
}

export function toggleInlineMark(mark: InlineMark): StateCommand {
  return ({ state, dispatch }) => {
    if (state.readOnly) return false;
    const size = mark.marker.length;
    const transaction = state.changeByRange((range) => {
      const { from, to } = range;
      const text = state.sliceDoc(from, to);
      if (markWithin(text, mark)) {
        // The selection holds its markers: drop them, keep the text selected.
        const changes: ChangeSpec[] = [
          { from, to: from + size },
          { from: to - size, to },
        ];
        return { changes, range: EditorSelection.range(from, to - size * 2) };
      }
      if (markAround(state, from, to, mark)) {
        const changes: ChangeSpec[] = [
          { from: from - size, to: from },
          { from: to, to: to + size },
        ];
        return { changes, range: EditorSelection.range(from - size, to - size) };
      }
      const span = range.empty ? spanAround(state, from, mark) : null;
      if (span) {
        // A cursor in bold text: Mod+B takes the bold away from the whole span.
        const changes: ChangeSpec[] = [
          { from: span.open[0], to: span.open[1] },
          { from: span.close[0], to: span.close[1] },
        ];
        return { changes, range: EditorSelection.cursor(from - (span.open[1] - span.open[0])) };
      }
      // Plain text (or nothing): wrap it; an empty selection gets the pair with the cursor inside.
      const changes: ChangeSpec[] = [
        { from, insert: mark.marker },
        { from: to, insert: mark.marker },
      ];
      return { changes, range: EditorSelection.range(from + size, to + size) };
    });
    dispatch(state.update(transaction, { scrollIntoView: true, userEvent: 'input.format' }));
    return true;
  };
}

const URL_TEXT = /^(?:https?:\/\/|mailto:)\S+$/i;

/**
 * Mod+K: the selection becomes a link's text with the cursor where the address goes; a selected
 * address becomes the target with the cursor in the empty text; nothing selected inserts `[]()`
 * with the cursor in the brackets.
 */
export const insertLink: StateCommand = ({ state, dispatch }) => {
  if (state.readOnly) return false;
  const transaction = state.changeByRange((range) => {
    const text = state.sliceDoc(range.from, range.to);
    if (range.empty) {
      return { changes: { from: range.from, insert: '[]()' }, range: EditorSelection.cursor(range.from + 1) };
    }
    if (URL_TEXT.test(text.trim())) {
      const insert = `[](${text.trim()})`;
      return {
        changes: { from: range.from, to: range.to, insert },
        range: EditorSelection.cursor(range.from + 1),
      };
    }
    const insert = `[${text}]()`;
    return {
      changes: { from: range.from, to: range.to, insert },
      range: EditorSelection.cursor(range.from + insert.length - 1),
    };
  });
  dispatch(state.update(transaction, { scrollIntoView: true, userEvent: 'input.format' }));
  return true;
};
