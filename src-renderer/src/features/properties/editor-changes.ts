import type { TextEdit } from '../../../../src-shared/markdown/frontmatter-edit';

/** Every line break is CRLF: the editor then counts each `\r\n` as one position. */
function usesCrlf(text: string): boolean {
  const crlf = text.split('\r\n').length - 1;
  return crlf > 0 && text.split('\n').length - 1 === crlf;
}

/**
 * Offsets in the note's text as editor positions. CodeMirror counts a line break as one
 * position whatever the separator, so in a CRLF note each `\r\n` before an offset counts once.
 */
export function toEditorChanges(text: string, changes: readonly TextEdit[]): TextEdit[] {
  if (!usesCrlf(text)) return [...changes];
  const breaksBefore = (offset: number): number => text.slice(0, offset).split('\r\n').length - 1;
  return changes.map((change) => ({
    from: change.from - breaksBefore(change.from),
    to: change.to - breaksBefore(change.to),
    insert: change.insert,
  }));
}
