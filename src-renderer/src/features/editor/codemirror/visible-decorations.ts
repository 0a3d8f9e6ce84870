import { syntaxTree } from '@codemirror/language';
import { ViewPlugin, type DecorationSet, type EditorView, type ViewUpdate } from '@codemirror/view';

/**
 * Decorations built from the lines on screen only, again when the text or the viewport changes
 * (and, with `followTree`, when the background parser gets further): typing in a long note
 * costs what it costs in a short one.
 */
export function visibleDecorations(
  build: (view: EditorView) => DecorationSet,
  options: { followTree: boolean },
): ViewPlugin<{ decorations: DecorationSet }> {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = build(view);
      }
      update(update: ViewUpdate): void {
        if (
          update.docChanged ||
          update.viewportChanged ||
          (options.followTree && syntaxTree(update.state) !== syntaxTree(update.startState))
        )
          this.decorations = build(update.view);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}
