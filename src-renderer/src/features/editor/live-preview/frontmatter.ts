import { StateField, type EditorState, type Extension, type Transaction } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { parseFrontmatter } from '../../../../../src-shared/markdown/frontmatter';
import { isRevealed, revealMayChange } from './reveal';

/**
 * In Live Preview the Properties panel above the editor is the frontmatter's face, as in
 * Obsidian: its YAML lines are hidden while the selection is elsewhere. They show again when the
 * selection enters them (Ctrl+Home, or arrow keys from the first line), and always when the YAML
 * does not parse, so a broken block is never hidden from the one person who can fix it.
 */

/** Frontmatter longer than this is left visible: hiding it is not worth parsing that much per edit. */
const SCAN_LIMIT = 65_536;

interface HiddenFrontmatter {
  /** End of the block's closing fence line, or -1 when there is no well-formed frontmatter. */
  end: number;
  decorations: DecorationSet;
}

/** Where the well-formed frontmatter block ends (its closing fence line), or -1. */
function frontmatterEnd(state: EditorState): number {
  if (state.sliceDoc(0, 3) !== '---') return -1;
  const head = state.sliceDoc(0, Math.min(state.doc.length, SCAN_LIMIT)).replaceAll(state.lineBreak, '\n');
  const parsed = parseFrontmatter(head);
  if (parsed.error !== null || parsed.content.length === head.length) return -1;
  // The block's own text, in the editor's positions (one per line break whatever the separator).
  const blockLength = head.length - parsed.content.length;
  const closing = state.doc.lineAt(Math.max(0, blockLength - 1));
  return closing.to;
}

function decorate(state: EditorState, end: number): DecorationSet {
  if (end < 0 || isRevealed(state, 0, end)) return Decoration.none;
  return Decoration.set([Decoration.replace({ block: true }).range(0, end)]);
}

function touchesBlock(tr: Transaction, end: number): boolean {
  let touched = false;
  tr.changes.iterChangedRanges((fromA) => {
    if (fromA <= end + 1) touched = true;
  });
  return touched;
}

const hiddenFrontmatter = StateField.define<HiddenFrontmatter>({
  create(state) {
    const end = frontmatterEnd(state);
    return { end, decorations: decorate(state, end) };
  },
  update(value, tr) {
    let end = value.end;
    // Typing in the body of a note never re-reads its YAML.
    if (tr.docChanged)
      end = touchesBlock(tr, end) || end < 0 ? frontmatterEnd(tr.state) : tr.changes.mapPos(end);
    if (end === value.end && !tr.docChanged && !revealMayChange(tr.startState, tr.state)) return value;
    return { end, decorations: decorate(tr.state, end) };
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

export const hideFrontmatter: Extension = hiddenFrontmatter;
