import type { Range } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';

/**
 * Right-to-left paragraphs: every line decides its own direction from its first strong
 * character (`dir="auto"`), and CodeMirror measures each line in its own direction, so an
 * Arabic or Hebrew line reads and moves right to left beside English ones.
 */

const AUTO = Decoration.line({ attributes: { dir: 'auto' } });

function build(view: EditorView): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const doc = view.state.doc;
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to;) {
      const line = doc.lineAt(pos);
      ranges.push(AUTO.range(line.from));
      pos = line.to + 1;
    }
  }
  return Decoration.set(ranges);
}

export const lineTextDirection = [
  EditorView.perLineTextDirection.of(true),
  ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = build(view);
      }
      update(update: ViewUpdate): void {
        if (update.docChanged || update.viewportChanged) this.decorations = build(update.view);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  ),
];
