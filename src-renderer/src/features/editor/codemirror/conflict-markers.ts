import type { markdown } from '@codemirror/lang-markdown';
import { type ChangeSet, RangeSetBuilder, type Text } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  type EditorView,
  ViewPlugin,
  type ViewUpdate,
} from '@codemirror/view';
import {
  CONFLICT_CLOSE_LINE as CLOSE,
  CONFLICT_OPEN_LINE as OPEN,
  CONFLICT_SEPARATOR_LINE as SEPARATOR,
} from '../../../../../src-shared/sync/conflict-blocks';

/**
 * The markers a sync merge leaves where both sides changed the same lines (docs/sync-protocol.md
 * M6): `<<<<<<< this device`, `=======`, `>>>>>>> other device`. How a line is read as one, and
 * the blocks they form, is src-shared/sync/conflict-blocks.ts; this file shows them.
 */
export { hasConflictMarkers } from '../../../../../src-shared/sync/conflict-blocks';

type MarkdownExtension = NonNullable<NonNullable<Parameters<typeof markdown>[0]>['extensions']>;

/**
 * Markdown syntax for a conflict: from `<<<<<<<` to `>>>>>>>` (or the end of the note) one block
 * of raw text. Without it the `=======` line would turn the lines above it into a giant setext
 * heading, and `>>>>>>>` into a nested blockquote. Only at the top level, where diff3 writes them.
 */
export const conflictSyntax: MarkdownExtension = {
  defineNodes: [{ name: 'ConflictRegion', block: true }],
  parseBlock: [
    {
      name: 'ConflictRegion',
      before: 'LinkReference',
      parse(cx, line) {
        if (cx.depth !== 1 || line.pos !== 0 || !OPEN.test(line.text)) return false;
        const from = cx.lineStart;
        while (cx.nextLine()) {
          if (CLOSE.test(line.text)) {
            cx.nextLine();
            break;
          }
        }
        cx.addElement(cx.elt('ConflictRegion', from, cx.prevLineEnd()));
        return true;
      },
      // A conflict interrupts a paragraph: its first line is never paragraph text.
      endLeaf: (cx, line) => cx.depth === 1 && line.pos === 0 && OPEN.test(line.text),
    },
  ],
};

/**
 * A line that starts like any marker: a superset of the three, cheap to test. Also after a line
 * break inside a line's text (a stray LF in a CRLF note), as hasConflictMarkers reads it.
 */
const MARKER_LIKE = /(?:^|[\r\n])(?:<{7}|={7}|>{7})/;

function linesLikeMarkers(doc: Text, from: number, to: number): boolean {
  const last = doc.lineAt(to).number;
  for (let n = doc.lineAt(from).number; n <= last; n++) if (MARKER_LIKE.test(doc.line(n).text)) return true;
  return false;
}

/** Whether any line of `doc` starts like a conflict marker. */
export function hasMarkerLines(doc: Text): boolean {
  for (const text of doc.iterLines()) if (MARKER_LIKE.test(text)) return true;
  return false;
}

/**
 * Whether a change may have made or unmade a marker line: a line it touched starts like one,
 * before (text deleted) or after (text inserted). Costs the touched lines only, so a keystroke
 * in a note without conflicts need not read the rest of it.
 */
export function changeTouchesMarkerLines(before: Text, after: Text, changes: ChangeSet): boolean {
  let touched = false;
  changes.iterChangedRanges((fromA, toA, fromB, toB) => {
    touched ||= linesLikeMarkers(before, fromA, toA) || linesLikeMarkers(after, fromB, toB);
  });
  return touched;
}

/** How far above the viewport to look for the marker that opened the region it starts in. */
const LOOK_BACK_LINES = 2_000;

/** The next `<<<<<<<` line after `pos`, wrapping around to the top; null if there is none. */
export function nextConflictLine(doc: Text, pos: number): { from: number; to: number } | null {
  const start = doc.lineAt(Math.min(pos, doc.length)).number;
  for (let i = 1; i <= doc.lines; i++) {
    const line = doc.line(((start - 1 + i) % doc.lines) + 1);
    if (OPEN.test(line.text)) return { from: line.from, to: line.to };
  }
  return null;
}

type Region = 'outside' | 'ours' | 'theirs';

const marker = Decoration.line({ class: 'cm-conflict-marker' });
const ours = Decoration.line({ class: 'cm-conflict-ours' });
const theirs = Decoration.line({ class: 'cm-conflict-theirs' });

/** Where line `lineNo` starts: inside this device's lines, the other device's, or outside. */
function regionBefore(doc: Text, lineNo: number): Region {
  const floor = Math.max(1, lineNo - LOOK_BACK_LINES);
  for (let n = lineNo - 1; n >= floor; n--) {
    const text = doc.line(n).text;
    if (CLOSE.test(text)) return 'outside';
    if (OPEN.test(text)) {
      let region: Region = 'ours';
      for (let m = n + 1; m < lineNo; m++) if (SEPARATOR.test(doc.line(m).text)) region = 'theirs';
      return region;
    }
  }
  return 'outside';
}

function build(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const { doc } = view.state;
  const { from, to } = view.viewport;
  const first = doc.lineAt(from).number;
  const last = doc.lineAt(to).number;
  let region = regionBefore(doc, first);
  for (let n = first; n <= last; n++) {
    const line = doc.line(n);
    if (OPEN.test(line.text)) {
      builder.add(line.from, line.from, marker);
      region = 'ours';
    } else if (region === 'ours' && SEPARATOR.test(line.text)) {
      builder.add(line.from, line.from, marker);
      region = 'theirs';
    } else if (region !== 'outside' && CLOSE.test(line.text)) {
      builder.add(line.from, line.from, marker);
      region = 'outside';
    } else if (region !== 'outside') {
      builder.add(line.from, line.from, region === 'ours' ? ours : theirs);
    }
  }
  return builder.finish();
}

/**
 * Tints merge conflicts: marker lines stand out, this device's lines and the other device's get
 * two quiet backgrounds. Only the lines on screen are looked at, so long notes cost nothing.
 * A lone "=======" (a setext heading underline) outside a conflict is left alone.
 */
export const conflictHighlighting = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    /** False while no line looks like a marker: then there is nothing to tint or walk back for. */
    markers: boolean;
    constructor(view: EditorView) {
      this.markers = hasMarkerLines(view.state.doc);
      this.decorations = this.markers ? build(view) : Decoration.none;
    }
    update(update: ViewUpdate): void {
      if (update.docChanged) {
        const touched = changeTouchesMarkerLines(update.startState.doc, update.state.doc, update.changes);
        // A marker line typed away may have been the last one: only then read the whole note.
        if (touched) this.markers = hasMarkerLines(update.state.doc);
      }
      if (!this.markers) this.decorations = Decoration.none;
      else if (update.docChanged || update.viewportChanged) this.decorations = build(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);
