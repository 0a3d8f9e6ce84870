import { EditorState, type Extension } from '@codemirror/state';

/** Every line break is CRLF (under a CRLF separator a lone LF would no longer break a line). */
export function usesCrlf(text: string): boolean {
  // One pass that stops at the first lone LF: an LF note (most) answers on its first line.
  let breaks = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    if (at === 0 || text.charCodeAt(at - 1) !== 13) return false;
    breaks++;
  }
  return breaks > 0;
}

/**
 * A CRLF file (Windows, many imported vaults) stays CRLF when edited. CodeMirror otherwise splits
 * on \r\n and joins with \n, so the first keystroke would rewrite every line the user did not touch.
 */
export function lineSeparatorFor(doc: string): Extension {
  return usesCrlf(doc) ? EditorState.lineSeparator.of('\r\n') : [];
}
