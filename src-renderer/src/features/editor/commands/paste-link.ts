import { syntaxTree } from '@codemirror/language';
import { EditorSelection, type EditorState, type Extension, type Transaction } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/** One address and nothing else: http(s) or mailto, no spaces (surrounding whitespace is trimmed). */
const PASTED_URL = /^(?:https?:\/\/[^\s<>]+|mailto:[^\s<>]+)$/i;

export function pastedUrl(text: string): string | null {
  const trimmed = text.trim();
  return PASTED_URL.test(trimmed) ? trimmed : null;
}

/**
 * Links the selected text to a pasted address: `[text](url)` for every non-empty selection range.
 * Anything else (no selection, a selection spanning lines, files, text that is not one address)
 * is left to the other paste handlers: the attachment upload takes files, CodeMirror takes text.
 */
/** Where a link would be nonsense: inside a link, an image, an address or code, the address is pasted as is. */
const NO_LINK_NODES = new Set([
  'Link',
  'Image',
  'URL',
  'Autolink',
  'InlineCode',
  'FencedCode',
  'CodeBlock',
  'HTMLTag',
]);

function insideNoLinkNode(state: EditorState, from: number, to: number): boolean {
  for (const pos of [from, to]) {
    for (
      let node = syntaxTree(state).resolveInner(pos, pos === from ? 1 : -1);
      node.parent;
      node = node.parent
    ) {
      if (NO_LINK_NODES.has(node.name)) return true;
    }
  }
  return false;
}

export function linkSelectionOnPaste(state: EditorState, pasted: string): Transaction | null {
  const url = pastedUrl(pasted);
  if (url === null || state.readOnly) return null;
  const { ranges } = state.selection;
  const linkable = (from: number, to: number): boolean =>
    from < to &&
    state.doc.lineAt(from).number === state.doc.lineAt(to).number &&
    !insideNoLinkNode(state, from, to);
  if (!ranges.every((range) => linkable(range.from, range.to))) return null;
  const transaction = state.changeByRange((range) => {
    const text = state.sliceDoc(range.from, range.to);
    const insert = `[${text}](${url})`;
    return {
      changes: { from: range.from, to: range.to, insert },
      range: EditorSelection.cursor(range.from + insert.length),
    };
  });
  return state.update(transaction, { userEvent: 'input.paste', scrollIntoView: true });
}

export const pasteUrlAsLink: Extension = EditorView.domEventHandlers({
  paste(event, view) {
    const data = event.clipboardData;
    // Files are the attachment extension's; leave such pastes alone entirely.
    if (!data || data.files.length > 0) return false;
    const transaction = linkSelectionOnPaste(view.state, data.getData('text/plain'));
    if (!transaction) return false;
    event.preventDefault();
    view.dispatch(transaction);
    return true;
  },
});
