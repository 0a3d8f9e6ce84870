import { EditorState, type Extension } from '@codemirror/state';

/** Every line break is CRLF (under a CRLF separator a lone LF would no longer break a line). */
export function usesCrlf(text: string): boolean {
  const crlf = text.split('\r\n').length - 1;
  if (crlf === 0) return false;
  return text.split('\n').length - 1 === crlf;
}

/**
 * A CRLF file (Windows, many imported vaults) stays CRLF when edited. CodeMirror otherwise splits
 * on \r\n and joins with \n, so the first keystroke would rewrite every line the user did not touch.
 */
export function lineSeparatorFor(doc: string): Extension {
  return usesCrlf(doc) ? EditorState.lineSeparator.of('\r\n') : [];
}
