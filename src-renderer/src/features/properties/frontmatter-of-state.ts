import type { EditorState } from '@codemirror/state';
import { frontmatterSource } from '../../../../src-shared/markdown/frontmatter-edit';

/** The opening and closing fence lines `frontmatterSource` accepts, as whole lines. */
const OPENING = /^---[ \t]*$/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;
// Under a CRLF separator a pasted lone LF or CR stays inside a line: lines then are not the
// text's lines, and only the exact reading can tell.
const STRAY_BREAK = /[\r\n]/;
/** Frontmatter longer than this many lines is left to the exact reading of the whole text. */
const MAX_LINES = 2_000;

/**
 * `frontmatterSource` of the editor's text, read from its first lines only: what the properties
 * panel shows, found on every keystroke without building or scanning the whole note. Undefined
 * when the lines alone cannot tell (no closing fence near the top): then read the whole text.
 */
export function frontmatterOfState(state: EditorState): string | null | undefined {
  const { doc } = state;
  const first = doc.line(1).text;
  if (STRAY_BREAK.test(first)) return undefined;
  if (!OPENING.test(first)) return null;
  const last = Math.min(doc.lines, MAX_LINES);
  for (let n = 2; n <= last; n++) {
    const line = doc.line(n);
    if (STRAY_BREAK.test(line.text)) return undefined;
    if (!CLOSING.test(line.text)) continue;
    // Through the closing fence's line break: the earliest match in this prefix is the earliest
    // in the whole text, which has the same characters up to there.
    const prefix = state.sliceDoc(0, Math.min(doc.length, line.to + 1));
    return frontmatterSource(prefix) ?? undefined;
  }
  return undefined;
}
