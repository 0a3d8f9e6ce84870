import type { EditorState, Range } from '@codemirror/state';
import { Decoration, type EditorView } from '@codemirror/view';
import { isRevealed } from './reveal';

/**
 * What each construct's builder gets: the state, a place to put decorations, and whether a range
 * shows its raw Markdown. Builders only add; the plugin sorts and owns the result.
 */
export interface Collector {
  readonly state: EditorState;
  readonly view: EditorView;
  add(decoration: Range<Decoration>): void;
  /** Hides `from..to` (a marker), never across a line break. */
  hide(from: number, to: number): void;
  /** Adds a class (and attributes) to the line starting at `lineFrom`. */
  line(lineFrom: number, className: string, attributes?: Record<string, string>): void;
  revealed(from: number, to: number): boolean;
  /** An attachment target a widget shows and the state has not resolved yet. */
  needAttachment(target: string): void;
}

const HIDDEN = Decoration.replace({});

export function createCollector(
  view: EditorView,
  state: EditorState,
): Collector & {
  ranges: Range<Decoration>[];
  needed: Set<string>;
} {
  const ranges: Range<Decoration>[] = [];
  const needed = new Set<string>();
  // Reveal answers per line pair repeat a lot (every marker of a line asks); cache them.
  const revealCache = new Map<string, boolean>();
  return {
    state,
    view,
    ranges,
    needed,
    needAttachment: (target) => needed.add(target),
    add: (decoration) => ranges.push(decoration),
    hide(from, to) {
      if (to > from) ranges.push(HIDDEN.range(from, to));
    },
    line(lineFrom, className, attributes) {
      ranges.push(
        Decoration.line({ class: className, ...(attributes ? { attributes } : {}) }).range(lineFrom),
      );
    },
    revealed(from, to) {
      const key = `${from}:${to}`;
      let answer = revealCache.get(key);
      if (answer === undefined) {
        answer = isRevealed(state, from, to);
        revealCache.set(key, answer);
      }
      return answer;
    },
  };
}

/** `from` extended over the spaces after it on the same line (a marker's trailing space). */
export function withTrailingSpace(state: EditorState, to: number): number {
  const line = state.doc.lineAt(to);
  let end = to;
  while (
    end < line.to &&
    (state.doc.sliceString(end, end + 1) === ' ' || state.doc.sliceString(end, end + 1) === '\t')
  )
    end += 1;
  return end;
}
