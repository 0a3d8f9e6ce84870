import { completionStatus } from '@codemirror/autocomplete';
import { Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { isMod } from '../../../lib/keyboard';
import { linkAtState, type EditorLink } from './link-at';

/** The link under a pointer event, if the pointer is on the link's own text (not past the line). */
export function linkAtPointer(
  view: EditorView,
  event: { clientX: number; clientY: number },
): EditorLink | null {
  const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
  if (pos === null) return null;
  const link = linkAtState(view.state, pos);
  if (!link) return null;
  // posAtCoords snaps a point right of the line's end to the end: only count it on the link.
  if (pos === link.to) {
    const end = view.coordsAtPos(pos, -1);
    if (!end || event.clientX > end.right + 2) return null;
  }
  return link;
}

/**
 * Ctrl/⌘+click on a link, or Enter with the cursor inside one, follows it. Anywhere else Enter
 * keeps its meaning (new line, list continuation, accepting a completion).
 */
export function followLinks(follow: (link: EditorLink) => void): Extension {
  return [
    EditorView.domEventHandlers({
      // mousedown, not click: Ctrl/⌘+mousedown would otherwise add a second cursor first.
      mousedown(event, view) {
        // A MouseEvent's modifier flags are prototype getters: spread, they would be lost.
        const { metaKey, ctrlKey, altKey, shiftKey } = event;
        if (
          event.button !== 0 ||
          altKey ||
          shiftKey ||
          !isMod({ key: '', metaKey, ctrlKey, altKey, shiftKey })
        )
          return false;
        const link = linkAtPointer(view, event);
        if (!link || link.kind === 'attachment') return false;
        event.preventDefault();
        follow(link);
        return true;
      },
    }),
    // Above the Markdown keymap's list continuation, which is Prec.high.
    Prec.highest(
      keymap.of([
        {
          key: 'Enter',
          run(view) {
            const { state } = view;
            // A completion list open (or on its way) owns Enter, even when it did not take this one.
            if (completionStatus(state) !== null) return false;
            const selection = state.selection;
            if (selection.ranges.length !== 1 || !selection.main.empty) return false;
            const pos = selection.main.head;
            const link = linkAtState(state, pos);
            // Strictly inside: Enter right after a link at the end of a line starts a new line.
            if (!link || link.kind === 'attachment' || pos <= link.from || pos >= link.to) return false;
            follow(link);
            return true;
          },
        },
      ]),
    ),
  ];
}
